import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jobs.models import Attendance, SkillPractice, WorkSession
from tests.factories import (
    AreaFactory,
    ContractFactory,
    FrameworkFactory,
    JobFactory,
    SkillFactory,
)
from trainees.models import AutonomyLevel, SkillFramework

DAY = datetime.date(2026, 11, 3)


@pytest.fixture
def amina(trainee_user):
    trainee = trainee_user.trainee
    ContractFactory(trainee=trainee)
    return trainee


@pytest.fixture
def skills(workshop):
    """Two areas of the workshop's framework, and one of the centre's."""
    framework = FrameworkFactory(workshop=workshop, name="Référentiel construction")
    masonry = AreaFactory(framework=framework, name="Maçonnerie", position=1)
    paint = AreaFactory(framework=framework, name="Peinture", position=2)
    team = AreaFactory(framework=SkillFramework.shared(), name="Transversal", kind="transversal")
    return {
        "mortar": SkillFactory(
            area=masonry, code="MAC01", name="Préparer un mortier", reference="UAA1 Maçon"
        ),
        "wall": SkillFactory(area=masonry, code="MAC02", name="Monter un mur"),
        "paint": SkillFactory(area=paint, code="PEI01", name="Peindre un mur"),
        "team": SkillFactory(area=team, code="TRV01", name="Travailler en équipe"),
    }


def level(rank):
    return AutonomyLevel.objects.get(rank=rank)


def practise(trainee, skill, rank, day=DAY, *, job=None, by, hours="4", remark=""):
    """The trainee practised ``skill`` at level ``rank`` on a session of ``job``
    on ``day`` (written straight to the tables, as the services would)."""
    job = job or JobFactory(workshop=trainee.workshop)
    session = WorkSession.objects.filter(job=job, date=day).first() or WorkSession.objects.create(
        job=job,
        workshop=job.workshop,
        date=day,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
    )
    attendance, _created = Attendance.objects.get_or_create(
        session=session,
        trainee=trainee,
        defaults={
            "hours_present": Decimal(hours),
            "recorded_at": timezone.now(),
            "contract": trainee.contracts.first(),
        },
    )
    now = timezone.now()
    return SkillPractice.objects.create(
        attendance=attendance,
        skill=skill,
        level=level(rank),
        remark=remark,
        observed_by=by,
        observed_at=now,
        changed_by=by,
        changed_at=now,
    )


def grow(trainee, skills, count, *, by, start=datetime.date(2024, 1, 8)):
    """``count`` practices of the trainee, spread over sessions since ``start``."""
    job = JobFactory(workshop=trainee.workshop)
    days = [start + datetime.timedelta(days=i) for i in range(count // len(skills) + 1)]
    sessions = WorkSession.objects.bulk_create(
        WorkSession(
            job=job,
            workshop=job.workshop,
            date=day,
            start_time=datetime.time(8),
            end_time=datetime.time(12),
        )
        for day in days
    )
    attendances = Attendance.objects.bulk_create(
        Attendance(session=s, trainee=trainee, hours_present=4, recorded_at=timezone.now())
        for s in sessions
    )
    levels = list(AutonomyLevel.objects.all())
    now = timezone.now()
    practices = []
    for index in range(count):
        practices.append(
            SkillPractice(
                attendance=attendances[index // len(skills)],
                skill=skills[index % len(skills)],
                level=levels[index % len(levels)],
                observed_by=by,
                observed_at=now,
                changed_by=by,
                changed_at=now,
            )
        )
    SkillPractice.objects.bulk_create(practices)
