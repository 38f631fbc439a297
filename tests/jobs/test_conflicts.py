"""Every conflict rule, hard or warning, with the message the planner reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.conflicts import Slot, check, working_days
from jobs.models import Job
from tests.factories import (
    AttendanceFactory,
    ContractFactory,
    JobFactory,
    SessionFactory,
    TraineeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TUESDAY = datetime.date(2026, 11, 3)
MORNING = Slot(TUESDAY, datetime.time(8), datetime.time(12))


def run(job, trainees, trainers, slots=(MORNING,), **kwargs):
    job.refresh_from_db()
    return check(job=job, slots=list(slots), trainees=trainees, trainers=trainers, **kwargs)


def test_a_clean_plan_has_no_conflict(job, team, trainer):
    report = run(job, team, [trainer])
    assert not report and report.hard == [] and report.warnings == []


def test_a_trainee_booked_twice_is_a_hard_conflict(job, team, trainer, workshop):
    other = JobFactory(workshop=workshop, reference="CH-2026-0007")
    AttendanceFactory(
        session=SessionFactory(job=other, date=TUESDAY, start_time=datetime.time(10)),
        trainee=team[0],
    )
    report = run(job, team, [trainer])
    assert report.hard == ["Amina Lambert est déjà sur CH-2026-0007 le 03/11/2026 (10:00–12:00)."]


def test_the_afternoon_does_not_clash_with_the_morning(job, team, trainer, workshop):
    AttendanceFactory(
        session=SessionFactory(
            job=job, date=TUESDAY, start_time=datetime.time(12), end_time=datetime.time(16)
        ),
        trainee=team[0],
    )
    assert run(job, team, [trainer]).hard == []


def test_a_trainer_booked_twice_is_a_hard_conflict(job, team, trainer, workshop):
    other = JobFactory(workshop=workshop, reference="CH-2026-0008")
    SessionFactory(job=other, date=TUESDAY).trainers.add(trainer)
    trainer.first_name, trainer.last_name = "Nadia", "Martin"
    report = run(job, team, [trainer])
    assert report.hard == ["Nadia Martin est déjà sur CH-2026-0008 le 03/11/2026 (08:00–12:00)."]


def test_the_session_being_changed_is_not_its_own_conflict(job, team, trainer):
    session = SessionFactory(job=job, date=TUESDAY)
    AttendanceFactory(session=session, trainee=team[0])
    assert run(job, team, [trainer], exclude_sessions=[session.pk]).hard == []


def test_a_trainee_without_contract_that_day(job, team, trainer, workshop):
    newcomer = TraineeFactory(workshop=workshop, first_name="Dimitri", last_name="Noël")
    ContractFactory(
        trainee=newcomer, start_date=datetime.date(2026, 11, 5), end_date=datetime.date(2027, 6, 1)
    )
    wednesday = Slot(TUESDAY + datetime.timedelta(days=1), datetime.time(8), datetime.time(12))
    thursday = Slot(TUESDAY + datetime.timedelta(days=2), datetime.time(8), datetime.time(12))
    report = run(job, [newcomer], [trainer], slots=[MORNING, wednesday, thursday])
    assert report.hard == [
        "Dimitri Noël n'a pas de contrat de formation le 03/11/2026, 04/11/2026."
    ]


def test_a_trainee_from_another_workshop_is_a_warning(job, trainer, other_workshop):
    visitor = TraineeFactory(workshop=other_workshop, first_name="Eva", last_name="Martin")
    ContractFactory(trainee=visitor)
    report = run(job, [visitor], [trainer])
    assert report.hard == []
    assert report.warnings == ["Eva Martin fait partie d'une autre filière."]


def test_more_trainees_than_the_ratio_allows(job, team, trainer, workshop):
    workshop.max_trainees_per_trainer = 2
    workshop.save()
    report = run(job, team, [trainer])
    assert report.hard == [
        "3 stagiaires pour 1 formateur(s) : la filière permet au plus 2 stagiaires par formateur."
    ]
    second = UserFactory(username="second-trainer")
    assert run(job, team, [trainer, second]).hard == []


def test_trainees_without_any_trainer(job, team):
    assert run(job, team, []).hard == [
        "Aucun formateur sur cette séance : les stagiaires travaillent toujours avec un formateur."
    ]


def test_a_public_holiday_or_a_weekend_is_a_warning(job, team, trainer):
    job.planned_end = datetime.date(2027, 1, 31)
    job.save()
    christmas = Slot(datetime.date(2026, 12, 25), datetime.time(8), datetime.time(12))
    saturday = Slot(datetime.date(2026, 11, 7), datetime.time(8), datetime.time(12))
    report = run(job, team, [trainer], slots=[christmas, saturday])
    assert report.hard == []
    assert report.warnings == [
        "Le 07/11/2026 est un samedi.",
        "Le 25/12/2026 est un jour férié (Noël).",
    ]


def test_a_session_outside_the_jobs_dates(job, team, trainer):
    early = Slot(datetime.date(2026, 10, 30), datetime.time(8), datetime.time(12))
    report = run(job, team, [trainer], slots=[early])
    assert report.hard == [
        "Le 30/10/2026 tombe en dehors des dates du chantier (du 02/11/2026 au 12/12/2026)."
    ]


def test_no_session_on_a_finished_job(job, team, trainer):
    job.status = "done"
    job.save()
    assert run(job, team, [trainer]).hard == [
        "Ce chantier est « Terminé » : on ne peut plus y planifier de séance."
    ]


def test_a_job_not_yet_accepted_is_a_warning(job, team, trainer):
    job.status = "quoted"
    job.save()
    report = run(job, team, [trainer])
    assert report.warnings == ["Le client n'a pas encore accepté ce chantier."]


def test_the_check_reads_at_most_three_queries(job, team, trainer, workshop):
    job = Job.objects.select_related("workshop").get(pk=job.pk)  # as the services load it
    slots = [
        Slot(TUESDAY + datetime.timedelta(days=i), MORNING.start, MORNING.end) for i in range(3)
    ]
    with CaptureQueriesContext(connection) as queries:
        check(job=job, slots=slots, trainees=team, trainers=[trainer])
    assert len(queries) == 3


def test_adding_one_trainee_reads_two_queries(job, team, trainer):
    job = Job.objects.select_related("workshop").get(pk=job.pk)
    with CaptureQueriesContext(connection) as queries:
        check(
            job=job,
            slots=[MORNING],
            trainees=team,
            trainers=[trainer],
            check_trainees=[team[0]],
            check_trainers=[],
        )
    assert len(queries) == 2


def test_working_days_skip_weekends_and_public_holidays():
    days = working_days(datetime.date(2026, 12, 21), datetime.date(2026, 12, 29))
    assert [d.day for d in days] == [21, 22, 23, 24, 28, 29]
