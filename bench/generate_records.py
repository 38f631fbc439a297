"""Build the competence-record and hours-statement benchmark data (on its own,
or beside bench/generate.py's clients and bench/generate_jobs.py's jobs):

* "Bench parcours": 30 trainees; the first has 3,000 skills practised over three
  years, the others 300 each; a framework of 60 skills, and the centre's.
* "Bench relevés": 150 trainees recorded on two sessions a day in November 2026.
* Enough other workshops of 100 trainees, recorded the same way, for the month
  to hold --sector-trainees trainees (17,000: the whole Walloon sector).

    .venv/bin/python bench/generate_records.py [--sector-trainees 17000]
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
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from clients.models import Client  # noqa: E402
from demo import data  # noqa: E402
from eft.models import Workshop  # noqa: E402
from eft.text import fold  # noqa: E402
from jobs.models import Attendance, Job, SkillPractice, WorkSession  # noqa: E402
from trainees.models import (  # noqa: E402
    AutonomyLevel,
    Skill,
    SkillArea,
    SkillFramework,
    Trainee,
    TrainingContract,
)

NOVEMBER = [
    d
    for d in (datetime.date(2026, 11, 1) + datetime.timedelta(days=i) for i in range(30))
    if d.weekday() < 5
]
MORNING = (datetime.time(8), datetime.time(12))
AFTERNOON = (datetime.time(12, 30), datetime.time(16, 30))
FIRST_DAY = datetime.date(2024, 1, 8)


def user(username, group):
    account, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": username.title()}
    )
    account.set_password("bench")
    account.save()
    account.groups.add(Group.objects.get(name=group))
    return account


def workshop(name, trainer=None, size=100):
    shop, _ = Workshop.objects.get_or_create(
        name=name,
        defaults=dict(
            trade=name,
            capacity=size,
            max_trainees_per_trainer=size,
            default_hourly_rate=Decimal("28.00"),
        ),
    )
    if trainer is not None:
        shop.trainers.add(trainer)
    return shop


def trainees(shop, count, offset=0):
    made = Trainee.objects.bulk_create(
        Trainee(
            first_name=data.FIRST_NAMES[i % 25],
            last_name=f"{data.LAST_NAMES[i % 25]} {offset + i:05d}",
            workshop=shop,
            entry_date=FIRST_DAY,
            search_text=fold(f"{data.FIRST_NAMES[i % 25]} {data.LAST_NAMES[i % 25]}"),
        )
        for i in range(count)
    )
    TrainingContract.objects.bulk_create(
        TrainingContract(
            trainee=t,
            start_date=FIRST_DAY,
            end_date=datetime.date(2027, 12, 31),
            hours_per_week=Decimal("30"),
        )
        for t in made
    )
    return made


def a_job(shop):
    client_id = Client.objects.values_list("pk", flat=True).first()
    if client_id is None:
        client_id = Client.objects.create(name="Bench client", search_text="bench client").pk
    return Job.objects.create(
        reference=f"CH-BENCH-{shop.pk:05d}",
        client_id=client_id,
        workshop=shop,
        title=f"Bench {shop.name}",
        status="in_progress",
        search_text=f"bench {shop.pk}",
    )


def record_workshop(trainer, rng):
    """30 trainees; 3,000 practices for the first, 300 for each of the others."""
    shop = workshop("Bench parcours", trainer, 30)
    framework, _ = SkillFramework.objects.get_or_create(workshop=shop, defaults={"name": "Bench"})
    skills = []
    for a in range(5):
        area, _ = SkillArea.objects.get_or_create(
            framework=framework, name=f"Domaine {a}", defaults={"position": a}
        )
        for s in range(12):
            skills.append(
                Skill.objects.get_or_create(
                    framework=framework,
                    code=f"B{a}{s:02d}",
                    defaults={"area": area, "name": f"Compétence {a}.{s}", "position": s},
                )[0]
            )
    shared = SkillFramework.shared()
    for s, (kind, name) in enumerate(
        [("basic", "Lire"), ("transversal", "Équipe"), ("social", "Autonomie")]
    ):
        area, _ = SkillArea.objects.get_or_create(
            framework=shared, name=name, defaults={"kind": kind}
        )
        skills.append(
            Skill.objects.get_or_create(
                framework=shared, code=f"C{s:02d}", defaults={"area": area, "name": name}
            )[0]
        )
    people = trainees(shop, 30)
    people[0].user = user("bench-stagiaire", "trainee")
    people[0].save(update_fields=["user"])
    job = a_job(shop)
    days = []
    day = FIRST_DAY
    while len(days) < 500:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    sessions = WorkSession.objects.bulk_create(
        WorkSession(job=job, workshop=shop, date=d, start_time=MORNING[0], end_time=MORNING[1])
        for d in days
    )
    contracts = dict(
        TrainingContract.objects.filter(trainee__in=people).values_list("trainee", "pk")
    )
    now = timezone.now()
    attendances = []
    for index, session in enumerate(sessions):
        team = [people[0]] + [p for n, p in enumerate(people[1:]) if index % 10 == n % 10]
        attendances += [
            Attendance(
                session=session,
                trainee=p,
                hours_present=Decimal(4),
                contract_id=contracts[p.pk],
                recorded_at=now,
            )
            for p in team
        ]
    attendances = Attendance.objects.bulk_create(attendances, batch_size=5000)
    levels = list(AutonomyLevel.objects.all())
    practices = []
    for attendance in attendances:
        for skill in rng.sample(skills, 6):
            practices.append(
                SkillPractice(
                    attendance=attendance,
                    skill=skill,
                    level=rng.choice(levels),
                    observed_by=trainer,
                    observed_at=now,
                    changed_by=trainer,
                    changed_at=now,
                )
            )
    SkillPractice.objects.bulk_create(practices, batch_size=5000)
    return shop


def month_of(shop, people, rng, job):
    """Everyone of ``shop`` on two sessions a day in November (5 % ill, a lesson on Wednesdays)."""
    sessions = []
    for day in NOVEMBER:
        lesson = day.weekday() == 2
        sessions.append(
            WorkSession(
                job=job, workshop=shop, date=day, start_time=MORNING[0], end_time=MORNING[1]
            )
        )
        sessions.append(
            WorkSession(
                kind="lesson" if lesson else "production",
                job=None if lesson else job,
                workshop=shop,
                title="Calcul" if lesson else "",
                date=day,
                start_time=AFTERNOON[0],
                end_time=AFTERNOON[1],
            )
        )
    sessions = WorkSession.objects.bulk_create(sessions)
    contracts = dict(
        TrainingContract.objects.filter(trainee__in=people).values_list("trainee", "pk")
    )
    now = timezone.now()
    rows = []
    for session in sessions:
        for person in people:
            ill = rng.random() < 0.05
            rows.append(
                Attendance(
                    session=session,
                    trainee=person,
                    contract_id=contracts[person.pk],
                    recorded_at=now,
                    hours_present=Decimal(0) if ill else Decimal(4),
                    hours_assimilated=Decimal(4) if ill else Decimal(0),
                    absence_reason="illness" if ill else "",
                )
            )
    Attendance.objects.bulk_create(rows, batch_size=10000)
    return len(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sector-trainees", type=int, default=17_000)
    args = parser.parse_args()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Workshop.objects.filter(name="Bench parcours").exists():
        print("The records bench data is already there; delete the bench database to rebuild.")
        return
    rng = random.Random(17)
    staff = user("bench", "admin_staff")
    trainer = user("bench-records-trainer", "trainer")
    with transaction.atomic():
        record_workshop(trainer, rng)
        print(f"  competence records ready ({time.perf_counter() - started:.0f} s)", flush=True)
        shop = workshop("Bench relevés", trainer, 150)
        people = trainees(shop, 150)
        rows = month_of(shop, people, rng, a_job(shop))
        made = 150
        index = 0
        while made < args.sector_trainees:
            size = min(100, args.sector_trainees - made)
            other = workshop(f"Bench secteur {index:03d}", size=size)
            people = trainees(other, size, offset=made)
            rows += month_of(other, people, rng, a_job(other))
            made += size
            index += 1
            if index % 20 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {made} trainees, {rows} attendances ({elapsed:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{made + 30} trainees, {rows} November attendances, "
        f"{SkillPractice.objects.count()} practices; done in {time.perf_counter() - started:.0f} s"
    )
    assert staff


if __name__ == "__main__":
    main()
