"""The competence record, the workshop matrix and the hours statements at scale.
Run bench/generate_records.py first.

    .venv/bin/python bench/records.py [--runs 30]

For each page: the median server time (Django's test client, whole
request/response cycle, no network) and the number of SQL queries. Targets:
the record of a trainee with 3,000 practices in at most 8 queries and 100 ms;
the matrix of 30 trainees in 100 ms; the monthly statement .xlsx of a
workshop of 150 trainees in 3 s; the statements of 17,000 trainees for one
month as one .xlsx in 90 s and 400 MB peak memory (measured in a process of
its own: --sector).
"""

import argparse
import datetime
import os
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
from django.urls import reverse  # noqa: E402

from eft.models import Workshop  # noqa: E402
from jobs.models import Attendance, SkillPractice  # noqa: E402
from trainees.models import Trainee  # noqa: E402

NOVEMBER = datetime.date(2026, 11, 1)


def browser(username):
    client = Browser()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def timed(runs, call):
    call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(times), len(queries)


def report(label, median, queries):
    print(f"{label:62s} median {median:8.1f} ms   {queries:2d} queries")


def page(client, url, params=None):
    def call():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    return call


def sector():
    """Run in a process of its own: the statements of every trainee of November."""
    staff = browser("bench")
    started = time.perf_counter()
    from bench.exporting import export_now

    size = len(export_now(staff, reverse("statement_sector", args=[NOVEMBER])))
    elapsed = time.perf_counter() - started
    print(f"{elapsed:.1f} {peak_memory_mb():.0f} {size}")


def peak_memory_mb() -> float:
    """This process's peak resident memory. Not ``ru_maxrss``: a child keeps its
    parent's high-water mark across fork and exec, VmHWM is its own."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sector", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sector:
        return sector()
    record_shop = Workshop.objects.get(name="Bench parcours")
    statement_shop = Workshop.objects.get(name="Bench relevés")
    first = Trainee.objects.get(user__username="bench-stagiaire")
    month_trainees = (
        Attendance.objects.filter(session__date__range=(NOVEMBER, datetime.date(2026, 11, 30)))
        .values("trainee")
        .distinct()
        .count()
    )
    print(
        f"{SkillPractice.objects.filter(attendance__trainee=first).count()} practices for "
        f"{first}, {SkillPractice.objects.count()} in all; {month_trainees} trainees with "
        f"hours in November 2026 ({connection.vendor})"
    )
    trainer = browser("bench-records-trainer")
    trainee = browser("bench-stagiaire")
    staff = browser("bench")
    record = reverse("competence_record", args=[first.pk])
    pages = [
        ("competence record, 3,000 practices (the trainee)", page(trainee, record)),
        ("competence record, 3,000 practices (a trainer)", page(trainer, record)),
        ("trainee's home page", page(trainee, reverse("trainee_home"))),
        (
            "workshop matrix, 30 trainees (a trainer)",
            page(trainer, reverse("competence_matrix"), {"atelier": record_shop.pk}),
        ),
        (
            "monthly statement page, 150 trainees",
            page(staff, reverse("statement_workshop", args=[NOVEMBER, statement_shop.pk])),
        ),
    ]
    for label, call in pages:
        report(label, *timed(args.runs, call))
    xlsx = page(
        staff, reverse("statement_workshop", args=[NOVEMBER, statement_shop.pk]), {"format": "xlsx"}
    )
    report("monthly statement .xlsx, 150 trainees", *timed(max(args.runs // 6, 3), xlsx))
    pdf = page(
        staff, reverse("statement_workshop", args=[NOVEMBER, statement_shop.pk]), {"format": "pdf"}
    )
    report("monthly statement PDF, 150 trainees", *timed(3, pdf))
    result = subprocess.run(
        [sys.executable, __file__, "--sector"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    elapsed, peak, size = result.stdout.split()[-3:]
    print(
        f"{'statements of every trainee, November, one .xlsx':62s} "
        f"{float(elapsed):8.1f} s   peak {float(peak):.0f} MB   {int(size) / 1e6:.1f} MB file"
    )


if __name__ == "__main__":
    main()
