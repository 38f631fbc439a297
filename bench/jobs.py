"""Job list, kanban, job detail, week planning board and the conflict check at scale.
Run bench/generate.py then bench/generate_jobs.py first.

    .venv/bin/python bench/jobs.py [--runs 30]

For each page: the median server time (Django's test client, whole
request/response cycle, no network) and the number of SQL queries.
Targets: at most 12 queries and 100 ms median per page; the conflict check for
adding a trainee to a session in at most 3 queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from eft.models import Workshop  # noqa: E402
from jobs import conflicts  # noqa: E402
from jobs.models import Attendance, Job, SkillPractice, WorkSession  # noqa: E402
from trainees.models import Trainee  # noqa: E402


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
    print(f"{label:58s} median {median:6.1f} ms   {queries:2d} queries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(
        f"{Job.objects.count()} jobs, {WorkSession.objects.count()} sessions, "
        f"{Attendance.objects.count()} attendances, {SkillPractice.objects.count()} practices"
        f" ({connection.vendor})"
    )
    staff = browser("bench")
    workshop = Workshop.objects.get(name="Bench bâtiment")
    trainer = browser("bench-trainer-0-0")
    big = (
        Job.objects.filter(workshop=workshop)
        .annotate(n=Count("sessions__attendances__practices"))
        .order_by("-n")
        .first()
    )

    def page(client, url, params=None):
        def call():
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    pages = [
        ("job list, first page (admin staff)", page(staff, "/travaux/")),
        ("job list, status + text (admin staff)",
         page(staff, "/travaux/", {"status": "invoiced", "q": "peinture"})),
        ("job list, trainer's workshop", page(trainer, "/travaux/")),
        ("kanban board (admin staff)", page(staff, "/travaux/tableau/")),
        (f"job detail {big.reference} ({big.n} practices)", page(staff, big.get_absolute_url())),
        ("planning board, 30 trainees, busy week (trainer)",
         page(trainer, "/planning/", {"date": "2026-11-23", "atelier": workshop.pk})),
    ]  # fmt: skip
    for label, call in pages:
        report(label, *timed(args.runs, call))

    session = (
        WorkSession.objects.select_related("job__workshop")
        .filter(job__workshop=workshop, date="2026-11-25")
        .first()
    )
    team = [a.trainee for a in session.attendances.select_related("trainee")]
    trainers = list(session.trainers.all())
    newcomer = Trainee.objects.filter(workshop=workshop).exclude(pk__in=[t.pk for t in team])[0]

    def check():
        return conflicts.check(
            job=session.job,
            slots=[conflicts.Slot(session.date, session.start_time, session.end_time)],
            trainees=[*team, newcomer],
            trainers=trainers,
            check_trainees=[newcomer],
            check_trainers=[],
            exclude_sessions=[session.pk],
        )

    report("conflict check: add a trainee to a session", *timed(args.runs, check))
    print("   ", check().hard[:1] or "no conflict")


if __name__ == "__main__":
    main()
