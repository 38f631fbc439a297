"""Client list and export at scale. Run bench/generate.py first.

    .venv/bin/python bench/clients.py [--runs 30]

Prints, for the first page, a text search and a filter: the median server time
(Django's test client, whole request/response cycle, no network) and the
number of SQL queries; then the time and peak memory (max RSS of a separate
process) of exporting every client to .xlsx.
Targets: at most 10 queries and 80 ms median per page; export within 15 s and 250 MB.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from clients.models import Client  # noqa: E402

PAGES = {
    "first page": {},
    "text search": {"q": "dupont"},
    "filter (kind + language, sorted by city)": {
        "kind": "company",
        "language": "fr",
        "sort": "city",
    },
}


def browser():
    client = Browser()
    client.force_login(get_user_model().objects.get(username="bench"))
    return client


def measure_pages(runs: int):
    client = browser()
    for label, params in PAGES.items():
        client.get("/clients/", params)  # warm-up
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get("/clients/", params)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/clients/", params)
        found = re.search(r'data-testid="row-count">([^<]*)<', response.content.decode())
        rows = found.group(1).strip() if found else "?"
        print(
            f"{label:45s} median {statistics.median(times):6.1f} ms   "
            f"{len(queries):2d} queries   ({rows})"
        )


def export_once():
    """The export as its background task makes it (run here, in this process)."""
    from bench.exporting import export_now

    client = browser()
    started = time.perf_counter()
    size = len(export_now(client, "/clients/?archived=all"))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"export of {Client.objects.count()} clients: {elapsed:.1f} s, "
        f"{size / 1e6:.1f} MB file, peak memory {peak:.0f} MB (whole process)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--export-only", action="store_true")
    args = parser.parse_args()
    if args.export_only:
        export_once()
        return
    print(f"{Client.objects.count()} clients, database: {connection.vendor}")
    measure_pages(args.runs)
    # The export runs in its own process so that its peak memory is its own.
    subprocess.run([sys.executable, __file__, "--export-only"], check=True)


if __name__ == "__main__":
    main()
