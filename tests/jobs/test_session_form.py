"""The session form: each person's day beside their name, the conflicts and
warnings in one pass, the trainer and workshop filled in."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jobs import selectors
from jobs.models import WorkSession
from tests.factories import (
    AttendanceFactory,
    ContractFactory,
    JobFactory,
    SessionFactory,
    TraineeFactory,
    UserFactory,
)
from tests.jobs.helpers import T8, T12, TUESDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(workshop, team, trainer):
    """Amina busy that morning; Bruno with a contract of 6 h a week, already
    4 h planned that week; Chloé free; Dimitri without a contract; the trainer
    busy on another job."""
    amina, bruno, chloe = team
    other = SessionFactory(
        job=JobFactory(workshop=workshop, reference="CH-2026-0901"), date=TUESDAY
    )
    AttendanceFactory(session=other, trainee=amina)
    other.trainers.add(trainer)
    bruno.contracts.update(hours_per_week=Decimal(6))
    AttendanceFactory(
        session=SessionFactory(
            job=other.job,
            date=TUESDAY - datetime.timedelta(days=1),
            start_time="13:00",
            end_time="17:00",
        ),
        trainee=bruno,
    )
    dimitri = TraineeFactory(workshop=workshop, first_name="Dimitri", last_name="Noël")
    return {"amina": amina, "bruno": bruno, "chloe": chloe, "dimitri": dimitri}


def test_each_persons_day_is_known_in_three_queries(django_assert_num_queries, days, trainer):
    ids = [t.pk for t in days.values()]
    with django_assert_num_queries(3):  # attendances of the week, trainers, contracts
        found = selectors.availability(TUESDAY, T8, T12, trainee_ids=ids, trainer_ids=[trainer.pk])
    trainees = found["trainee"]
    assert trainees[days["amina"].pk].state == "busy"
    assert trainees[days["amina"].pk].text == "occupé·e : CH-2026-0901 08:00–12:00"
    assert (trainees[days["bruno"].pk].state, trainees[days["bruno"].pk].text) == (
        "over",
        "au-delà des heures du contrat : 8 h sur 6 h cette semaine",
    )
    assert (trainees[days["chloe"].pk].state, trainees[days["chloe"].pk].text) == ("free", "libre")
    assert trainees[days["dimitri"].pk].state == "off"
    assert found["trainer"][trainer.pk].state == "busy"
    # The afternoon: Amina and the trainer are free.
    later = selectors.availability(
        TUESDAY, datetime.time(13), datetime.time(16), trainee_ids=ids, trainer_ids=[trainer.pk]
    )
    assert later["trainee"][days["amina"].pk].state == "free"
    assert later["trainer"][trainer.pk].state == "free"


def test_the_form_shows_each_day_and_follows_the_times(client_as, trainer, days, job):
    browser = client_as(trainer)
    page = html.unescape(
        browser.get(
            reverse("session_create"), {"date": TUESDAY.isoformat(), "job": job.pk}
        ).content.decode()
    )
    assert (
        f'data-person="trainee-{days["amina"].pk}" aria-live="polite">occupé·e : CH-2026-0901'
        in page
    )
    assert (
        f'data-person="trainee-{days["dimitri"].pk}" aria-live="polite">sans contrat ce jour-là'
        in page
    )
    # The planner, a trainer of the workshop, is ticked already.
    assert re.search(rf'name="trainers" value="{trainer.pk}"[^>]* checked', page)
    answer = browser.get(
        reverse("session_availability"),
        {"date": TUESDAY.isoformat(), "period": "afternoon"},
    ).json()
    assert answer["trainee"][str(days["amina"].pk)] == {"state": "free", "text": "libre"}
    assert answer["trainer"][str(trainer.pk)]["state"] == "free"
    assert browser.get(reverse("session_availability"), {"date": "n'importe"}).json() == {
        "trainee": {},
        "trainer": {},
    }


def test_conflicts_and_warnings_come_in_one_pass(client_as, trainer, days, job):
    saturday = datetime.date(2026, 11, 7)
    AttendanceFactory(
        session=SessionFactory(job=JobFactory(workshop=job.workshop), date=saturday),
        trainee=days["chloe"],
    )
    response = client_as(trainer).post(
        reverse("session_create"),
        {
            "job": job.pk,
            "date": saturday.isoformat(),
            "period": "morning",
            "trainers": [trainer.pk],
            "trainees": [days["chloe"].pk],
        },
    )
    page = html.unescape(response.content.decode())
    assert "Chloé Dupont est déjà sur" in page  # the conflict
    assert "Le 07/11/2026 est un samedi." in page  # and the warning, at once
    assert not WorkSession.objects.filter(job=job).exists()


def test_a_coordinator_is_not_ticked_as_trainer(client_as, coordinator, trainer, job):
    page = client_as(coordinator).get(reverse("session_create")).content.decode()
    picks = page.split('data-testid="trainer-picks"')[1].split("</fieldset>")[0]
    assert f'value="{trainer.pk}"' in picks  # the workshop's trainer is offered
    assert " checked" not in picks  # but not ticked: coordination plans for others


def test_a_form_without_its_date_says_so_and_keeps_what_was_typed(client_as, trainer, job):
    response = client_as(trainer).post(
        reverse("session_create"), {"job": job.pk, "date": "", "notes": "Apporter les bâches"}
    )
    assert response.status_code == 200
    assert "Apporter les bâches" in html.unescape(response.content.decode())
    response = client_as(trainer).post(
        reverse("session_create"),
        {"job": job.pk, "date": TUESDAY.isoformat(), "start_time": "12:00", "end_time": "09:00"},
    )
    assert response.status_code == 200
    assert "Une séance se termine après son début." in html.unescape(response.content.decode())


def test_the_availability_costs_the_same_for_5_or_500_trainees(client_as, trainer, workshop, job):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client_as(trainer)

    def grow(n):
        for trainee in TraineeFactory.create_batch(n, workshop=workshop):
            ContractFactory(trainee=trainee)
            AttendanceFactory(session=SessionFactory(job=job, date=TUESDAY), trainee=trainee)

    def count(name, params):
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(reverse(name), params).status_code == 200
        return len(queries)

    params = {"date": TUESDAY.isoformat(), "period": "morning"}
    grow(5)
    few = (count("session_availability", params), count("session_create", params))
    grow(495)
    UserFactory()
    assert (count("session_availability", params), count("session_create", params)) == few
