"""Build the jobs benchmark data on top of bench/generate.py's clients:
50,000 jobs, 300,000 work sessions (with their trainees and trainers) and
1,000,000 skill-practice rows; a workshop of 30 trainees with a busy week
(every trainee on two sessions a day, week of 23/11/2026).

    .venv/bin/python bench/generate.py          # the clients first
    .venv/bin/python bench/generate_jobs.py [--jobs 50000 --sessions 300000 --practices 1000000]
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from clients.models import Client  # noqa: E402
from demo import data  # noqa: E402
from eft.models import Workshop  # noqa: E402
from eft.text import fold  # noqa: E402
from jobs.models import Attendance, Job, JobLine, SkillPractice, WorkSession  # noqa: E402
from trainees.models import (  # noqa: E402
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)

BUSY_MONDAY = datetime.date(2026, 11, 23)
FIRST_DAY = datetime.date(2020, 1, 6)
OPEN = ["draft", "quoted", "accepted", "scheduled", "in_progress", "done", "cancelled"]
MORNING = (datetime.time(8), datetime.time(12))
NOW = datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC)
AFTERNOON = (datetime.time(12, 30), datetime.time(16, 30))


def user(username, group):
    account, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": username.title()}
    )
    account.set_password("bench")
    account.save()
    account.groups.add(Group.objects.get(name=group))
    return account


def people():
    """Three workshops: 30, 15 and 15 trainees; frameworks of 20 skills."""
    result = []
    for w_index, (name, size) in enumerate(
        [("Bench bâtiment", 30), ("Bench jardins", 15), ("Bench cuisine", 15)]
    ):
        workshop, _ = Workshop.objects.get_or_create(
            name=name,
            defaults=dict(
                trade=name,
                capacity=size,
                max_trainees_per_trainer=6,
                default_hourly_rate=Decimal("28.00"),
            ),
        )
        trainers = [user(f"bench-trainer-{w_index}-{i}", "trainer") for i in range(5)]
        workshop.trainers.add(*trainers)
        framework, _ = SkillFramework.objects.get_or_create(
            workshop=workshop, defaults={"name": name}
        )
        area, _ = SkillArea.objects.get_or_create(framework=framework, name="Bench")
        for i in range(20):
            Skill.objects.get_or_create(
                framework=framework,
                code=f"B{i:02d}",
                defaults={"area": area, "name": f"Compétence {i}"},
            )
        trainees = list(workshop.trainees.all())
        for i in range(len(trainees), size):
            trainee = Trainee.objects.create(
                first_name=data.FIRST_NAMES[i % 25],
                last_name=f"{data.LAST_NAMES[i % 25]} {i}",
                workshop=workshop,
                entry_date=datetime.date(2019, 9, 2),
            )
            TrainingContract.objects.create(
                trainee=trainee,
                start_date=datetime.date(2019, 9, 2),
                end_date=datetime.date(2027, 12, 31),
                hours_per_week=Decimal("30"),
            )
            trainees.append(trainee)
        result.append(
            (workshop, trainers, trainees, list(framework.skills.values_list("pk", flat=True)))
        )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--sessions", type=int, default=300_000)
    parser.add_argument("--practices", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    if Job.objects.exists():
        print(f"{Job.objects.count()} jobs already there; delete bench/bench.sqlite3 to rebuild.")
        return
    rng = random.Random(11)
    with transaction.atomic():
        staff = people()
        contract_of = dict(TrainingContract.objects.values_list("trainee_id", "pk"))
        clients = list(Client.objects.values_list("pk", "name", "first_name"))
        levels = list(AutonomyLevel.objects.values_list("pk", flat=True))
        through = WorkSession.trainers.through
        per_job = args.sessions // args.jobs
        # A few random picks repeat a (session, trainee, skill) and are dropped.
        practices_per_session = args.practices / args.sessions * 1.026
        span = (datetime.date(2026, 10, 30) - FIRST_DAY).days
        counters = {}
        jobs_made = sessions_made = practices_made = 0
        for chunk_start in range(0, args.jobs, 2000):
            jobs = []
            for i in range(chunk_start, min(args.jobs, chunk_start + 2000)):
                workshop, trainers, trainees, skills = staff[i % 3]
                start = FIRST_DAY + datetime.timedelta(days=span * i // args.jobs)
                counters[start.year] = counters.get(start.year, 0) + 1
                client_id, name, first = clients[rng.randrange(len(clients))]
                recent = start > datetime.date(2026, 8, 1)
                status = rng.choice(OPEN) if recent else ("invoiced" if i % 25 else "cancelled")
                title = (
                    rng.choice(
                        [
                            "Rénovation",
                            "Peinture",
                            "Carrelage",
                            "Entretien",
                            "Toiture",
                            "Jardin",
                            "Buffet",
                            "Isolation",
                        ]
                    )
                    + f" {i}"
                )
                reference = f"CH-{start.year}-{counters[start.year]:04d}"
                jobs.append(
                    Job(
                        reference=reference,
                        client_id=client_id,
                        workshop=workshop,
                        title=title,
                        status=status,
                        planned_start=start,
                        planned_end=start + datetime.timedelta(days=14),
                        responsible_trainer=trainers[i % len(trainers)],
                        search_text=fold(f"{reference} {title} {name} {first}"),
                        status_changed_at=closed_at(start) if not recent else NOW,
                    )
                )
            jobs = Job.objects.bulk_create(jobs)
            JobLine.objects.bulk_create(
                JobLine(
                    job=job,
                    description="Main-d'œuvre",
                    quantity=Decimal(per_job * 8),
                    unit_price=Decimal("28"),
                )
                for job in jobs
            )
            sessions, team_of = [], []
            for job in jobs:
                workshop, trainers, trainees, skills = staff[
                    [s[0].pk for s in staff].index(job.workshop_id)
                ]
                day = job.planned_start
                for _n in range(per_job):
                    while day.weekday() >= 5:
                        day += datetime.timedelta(days=1)
                    start_time, end_time = rng.choice([MORNING, AFTERNOON])
                    sessions.append(
                        WorkSession(
                            job=job,
                            workshop_id=job.workshop_id,
                            date=day,
                            start_time=start_time,
                            end_time=end_time,
                            billable_hours=Decimal(6),
                        )
                    )
                    team_of.append(
                        (
                            rng.sample(trainees, rng.choice([2, 3])),
                            trainers[rng.randrange(len(trainers))],
                            skills,
                        )
                    )
                    day += datetime.timedelta(days=1)
            sessions = WorkSession.objects.bulk_create(sessions, batch_size=2000)
            attendances, links, practices = [], [], []
            recorded = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
            for session, (team, trainer, _skills) in zip(sessions, team_of, strict=True):
                links.append(through(worksession_id=session.pk, user_id=trainer.pk))
                for trainee in team:
                    attendances.append(
                        Attendance(
                            session=session,
                            trainee=trainee,
                            hours_present=Decimal(4),
                            contract_id=contract_of[trainee.pk],
                            recorded_at=recorded,
                        )
                    )
            # Both databases return the new keys, so practices can hang on them.
            attendances = Attendance.objects.bulk_create(attendances, batch_size=5000)
            team_rows = {}
            for attendance in attendances:
                team_rows.setdefault(attendance.session_id, []).append(attendance.pk)
            for session, (_team, trainer, skills) in zip(sessions, team_of, strict=True):
                wanted = int(practices_per_session) + (rng.random() < practices_per_session % 1)
                for _k in range(wanted):
                    practices.append(
                        SkillPractice(
                            attendance_id=rng.choice(team_rows[session.pk]),
                            skill_id=rng.choice(skills),
                            level_id=rng.choice(levels),
                            observed_by=trainer,
                            observed_at=recorded,
                            changed_by=trainer,
                            changed_at=recorded,
                        )
                    )
            through.objects.bulk_create(links, batch_size=5000)
            SkillPractice.objects.bulk_create(practices, batch_size=5000, ignore_conflicts=True)
            jobs_made += len(jobs)
            sessions_made += len(sessions)
            practices_made += len(practices)
            print(
                f"  {jobs_made} jobs, {sessions_made} sessions, {practices_made} practices "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        busy_week(staff[0])
        open_columns(staff, clients)
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of such a load: fresh statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Done in {time.perf_counter() - started:.0f} s")


def closed_at(start: datetime.date) -> datetime.datetime:
    """An old job was closed (invoiced, cancelled) about when its work ended."""
    end = start + datetime.timedelta(days=21)
    return datetime.datetime.combine(end, datetime.time(12), tzinfo=datetime.UTC)


def open_columns(staff, clients, minimum=40):
    """At least ``minimum`` jobs in each open status of the board, whatever the
    size, so that its columns hold the same number of cards at 5,000 and 50,000."""
    from django.db.models import Count

    counts = dict(Job.objects.values_list("status").annotate(n=Count("pk")))
    workshop, trainers, _trainees, _skills = staff[0]
    extra = []
    for status in ["draft", "quoted", "accepted", "scheduled", "in_progress", "done"]:
        for i in range(counts.get(status, 0), minimum):
            client_id, name, first = clients[i % len(clients)]
            reference = f"CH-2026-{status[:2].upper()}{i:03d}"
            extra.append(
                Job(
                    reference=reference,
                    client_id=client_id,
                    workshop=workshop,
                    title=f"Chantier {i}",
                    status=status,
                    planned_start=datetime.date(2026, 10, 1),
                    planned_end=datetime.date(2026, 12, 15),
                    responsible_trainer=trainers[0],
                    search_text=fold(f"{reference} chantier {i} {name} {first}"),
                )
            )
    Job.objects.bulk_create(extra)


def busy_week(staff):
    """Every trainee of the big workshop on a morning and an afternoon session each day."""
    workshop, trainers, trainees, skills = staff
    client_id = Client.objects.values_list("pk", flat=True).first()
    jobs = [
        Job.objects.create(
            reference=f"CH-2026-B{i:03d}",
            client_id=client_id,
            workshop=workshop,
            title=f"Chantier de la semaine {i}",
            status="in_progress",
            planned_start=BUSY_MONDAY,
            planned_end=BUSY_MONDAY + datetime.timedelta(days=30),
            search_text=f"ch-2026-b{i:03d} chantier de la semaine {i}",
        )
        for i in range(5)
    ]
    through = WorkSession.trainers.through
    for day in range(5):
        date = BUSY_MONDAY + datetime.timedelta(days=day)
        for start, end in (MORNING, AFTERNOON):
            for j, job in enumerate(jobs):
                session = WorkSession.objects.create(
                    job=job, workshop=workshop, date=date, start_time=start, end_time=end
                )
                through.objects.create(worksession=session, user=trainers[j])
                Attendance.objects.bulk_create(
                    Attendance(session=session, trainee=t) for t in trainees[j * 6 : (j + 1) * 6]
                )


if __name__ == "__main__":
    main()
