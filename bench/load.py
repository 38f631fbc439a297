"""Load test: 40 people at once for 2 minutes against gunicorn, as `./dev.sh serve`
runs it (production settings, 3 workers), on 127.0.0.1 only.

    .venv/bin/python bench/load.py [--users 40] [--seconds 120]
    BENCH_LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/eft_load \
        .venv/bin/python bench/load.py

Makes a fresh database with the demo data (SQLite by default: bench/load.sqlite3;
a PostgreSQL database is dropped and created), starts gunicorn, runs
bench/locustfile.py with locust headless, and prints requests per second,
median and 95th percentile latency and errors, overall and per page.
Target: 0 errors and p95 under 500 ms, on SQLite and on PostgreSQL.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8031


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{PORT}",
        "LOG_LEVEL": "WARNING",
    }


def fresh_database(database_url: str, env: dict) -> None:
    if database_url.startswith("sqlite"):
        path = Path(database_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = database_url.rsplit("/", 1)[1]
        server = database_url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", server, "-q", "-c", sql], check=True)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0", "--no-input"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*manage, "collectstatic", "-v0", "--no-input"], cwd=ROOT, env=env, check=True)


def wait_until_up(url: str, seconds: int = 30) -> None:
    for _ in range(seconds * 4):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.25)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=120)
    options = parser.parse_args()
    database_url = os.environ.get(
        "BENCH_LOAD_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'load.sqlite3'}"
    )
    env = environment(database_url)
    fresh_database(database_url, env)
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "eft.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "3"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The background tasks' worker, as `./dev.sh serve` starts it (the exports).
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/connexion/")
        with tempfile.TemporaryDirectory() as folder:
            prefix = os.path.join(folder, "load")
            subprocess.run(
                [
                    PYTHON,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(options.users),
                    "--spawn-rate",
                    "2",  # people arrive over 20 s, as at the start of a morning
                    "--run-time",
                    f"{options.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    prefix,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                check=False,
            )
            with open(f"{prefix}_stats.csv") as handle:
                rows = list(csv.DictReader(handle))
            with open(f"{prefix}_failures.csv") as handle:
                failures = list(csv.DictReader(handle))
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        gunicorn.terminate()
        _out, errors = gunicorn.communicate(timeout=20)
    engine = "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
    print(f"\n{engine}, {options.users} users, {options.seconds} s")
    print(f"{'page':28} {'requests':>9} {'errors':>7} {'median ms':>10} {'p95 ms':>7} {'req/s':>7}")
    for row in rows:
        print(
            f"{row['Name'][:28]:28} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['Median Response Time']:>10} {row['95%']:>7} {float(row['Requests/s']):7.1f}"
        )
    for failure in failures[:10]:
        print("failure:", failure["Method"], failure["Name"], failure["Error"][:120])
    locked = errors.count("database is locked")
    print(f"'database is locked' in gunicorn's log: {locked}")


if __name__ == "__main__":
    main()
