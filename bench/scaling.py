"""Does a page's cost stay flat as the data grows? The same pages, measured on a
database of 5,000 and one of 50,000 clients and jobs (with 6 sessions and 20
skill practices per job, and ~7 years of history: the busiest trainees have
well over 2 years of sessions), and the ratio of the two medians.

    .venv/bin/python bench/scaling.py [--sizes 5000 50000] [--runs 20]
    BENCH_SCALING_DATABASE=postgres .venv/bin/python bench/scaling.py

Each size's database is built once (bench/scale-<size>.sqlite3, or the
PostgreSQL database bench_scale_<size> on 127.0.0.1) by bench/generate.py and
bench/generate_jobs.py, then kept; delete it to rebuild. Every figure is the
median server time of a whole request (Django's test client, views and
templates included, no network). Target: every ratio at most 1.3.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def database_url(size: int) -> str:
    if os.environ.get("BENCH_SCALING_DATABASE", "sqlite") == "postgres":
        return f"postgres://postgres@127.0.0.1:5432/bench_scale_{size}"
    return f"sqlite:///{ROOT / 'bench' / f'scale-{size}.sqlite3'}"


def build(size: int) -> None:
    url = database_url(size)
    env = {**os.environ, "BENCH_DATABASE_URL": url}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        found = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if found:
            return
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    elif Path(url.removeprefix("sqlite:///")).exists():
        return
    print(f"Building the {size:,} database ({url}) …", flush=True)
    run = dict(cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "bench/generate.py", "--clients", str(size)], **run)
    subprocess.run(
        [PYTHON, "bench/generate_jobs.py", "--jobs", str(size),
         "--sessions", str(size * 6), "--practices", str(size * 20)],
        **run,
    )  # fmt: skip


def measure(size: int, runs: int) -> dict:
    env = {**os.environ, "BENCH_DATABASE_URL": database_url(size)}
    output = subprocess.run(
        [PYTHON, __file__, "--measure", "--runs", str(runs)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def measure_here(runs: int) -> None:
    """In a process of its own, on BENCH_DATABASE_URL: print one JSON line."""
    import statistics
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client as Browser

    from clients.models import Client
    from eft.models import Workshop
    from jobs.models import Attendance, Job, WorkSession
    from trainees.models import Trainee

    def browser(username):
        client = Browser()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    from django.contrib.auth.models import Group

    coordination, _created = get_user_model().objects.get_or_create(username="bench-coordination")
    coordination.groups.add(Group.objects.get(name="coordinator"))
    staff = browser("bench")
    trainer = browser("bench-trainer-0-0")
    coordinator = browser("bench-coordination")
    workshop = Workshop.objects.get(name="Bench bâtiment")

    # The conflict check, through its page: a trainer adds a trainee who is
    # already on another session that morning (refused, so nothing is saved).
    session = WorkSession.objects.filter(workshop=workshop, date="2026-11-25").order_by("pk")[0]
    other = WorkSession.objects.filter(
        workshop=workshop, date="2026-11-25", start_time=session.start_time
    ).exclude(pk=session.pk)[0]
    busy = Attendance.objects.filter(session=other).values_list("trainee_id", flat=True)[0]
    history = Attendance.objects.filter(trainee_id=busy).count()
    assert Trainee.objects.filter(pk=busy).exists()

    def get(client, url, params=None):
        def call():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)

        return call

    def conflict():
        response = trainer.post(
            "/planning/ajouter/",
            {"date": "2026-11-25", "session": session.pk, "trainee": busy},
        )
        assert response.status_code == 200 and "déjà" in response.content.decode()

    # Searches as people type them: a client by name, a job by its reference
    # (the first 5,000 clients and their names are the same at every size).
    client = Client.objects.order_by("pk")[4217]
    common = Job.objects.filter(search_text__contains="peinture").count()
    pages = {
        "client list, first page": get(staff, "/clients/"),
        "client list, deepest page offered": get(staff, "/clients/", {"page": "999999"}),
        "client list, search a client by name": get(staff, "/clients/", {"q": client.name}),
        "job list, first page": get(staff, "/travaux/"),
        "job list, deepest page offered": get(staff, "/travaux/", {"page": "999999"}),
        "job list, search a job by reference": get(staff, "/travaux/", {"q": "CH-2024-0042"}),
        "job list, grouped by status": get(staff, "/travaux/", {"group": "status"}),
        "job list, grouped by client": get(staff, "/travaux/", {"group": "client"}),
        "client list, grouped by city": get(staff, "/clients/", {"group": "city"}),
        "client list, grouped by kind": get(staff, "/clients/", {"group": "kind"}),
        f"job list, search a common word ({common} jobs match)": get(
            staff, "/travaux/", {"q": "peinture"}
        ),
        "kanban board": get(staff, "/travaux/tableau/"),
        "job detail, a job of the busy week": get(staff, session.job.get_absolute_url()),
        "attendance of a session of the busy week (trainer)": get(
            trainer, f"/planning/seances/{session.pk}/presences/"
        ),
        "trainee list": get(staff, "/stagiaires/"),
        "week board, busy week (trainer)": get(
            trainer, "/planning/", {"date": "2026-11-23", "atelier": workshop.pk}
        ),
        f"conflict check, add a busy trainee ({history} sessions of history)": conflict,
        "home page of a trainer": get(trainer, "/"),
        "home page of the office": get(staff, "/"),
        "home page of coordination": get(coordinator, "/"),
    }
    for call in pages.values():
        call()  # warm-up
    # As after any request in production (CONN_MAX_AGE=0 on SQLite): the
    # connection closes, and SQLite's PRAGMA optimize analyses what it used.
    connection.close()
    result = {}
    for label, call in pages.items():
        call()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        result[label] = statistics.median(times)
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs=2, default=[5000, 50000])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--measure", action="store_true")
    args = parser.parse_args()
    if args.measure:
        measure_here(args.runs)
        return
    small, large = args.sizes
    for size in (small, large):
        build(size)
    figures = {size: measure(size, args.runs) for size in (small, large)}
    engine = "PostgreSQL" if database_url(small).startswith("postgres") else "SQLite"
    print(f"{engine}: median ms at {small:,} and {large:,} rows, and their ratio")
    worst = 0.0
    for label in figures[small]:
        a = figures[small][label]
        # The label may carry a figure of its size (the busy trainee's history).
        name = label.split(" (")[0]
        other = next(k for k in figures[large] if k.split(" (")[0] == name)
        b = figures[large][other]
        worst = max(worst, b / a)
        print(f"  {label:62s} {a:7.1f} {b:7.1f}   × {b / a:4.2f}")
        if other != label:
            print(f"      at {large:,}: {other[len(name) :].strip()}")
    print(f"  worst ratio × {worst:.2f} (target: at most 1.3)")


if __name__ == "__main__":
    main()
