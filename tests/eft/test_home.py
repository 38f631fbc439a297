"""Each role's home page: what waits for them, and nothing that is not theirs."""

import datetime
import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import MonthClosing
from tests.factories import (
    AttendanceFactory,
    ClientFactory,
    ContractFactory,
    JobFactory,
    PracticeFactory,
    SessionFactory,
    TraineeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def panels(response) -> dict:
    return {panel.key: panel for panel in response.context["panels"]}


def rows(response, key) -> list:
    return panels(response)[key].rows


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def week(workshop, other_workshop, today):
    """Sessions of the trainer's workshop and of another, around today."""
    job = JobFactory(workshop=workshop, title="Toiture", planned_start=today, status="scheduled")
    other = JobFactory(workshop=other_workshop, title="Haie", planned_start=today)
    trainee = TraineeFactory(workshop=workshop)
    past = SessionFactory(job=job, date=today - 3 * DAY)
    AttendanceFactory(session=past, trainee=trainee)  # not recorded yet
    practised = SessionFactory(job=job, date=today - 2 * DAY)
    AttendanceFactory(
        session=practised, trainee=trainee, hours_present=Decimal(4), recorded_at=timezone.now()
    )
    no_skills = SessionFactory(job=job, date=today - 4 * DAY)
    AttendanceFactory(
        session=no_skills, trainee=trainee, hours_present=Decimal(4), recorded_at=timezone.now()
    )
    PracticeFactory(attendance=practised.attendances.get())
    return {
        "job": job,
        "other": other,
        "past": past,
        "no_skills": no_skills,
        "practised": practised,
        "today": SessionFactory(job=job, date=today),
        "tomorrow": SessionFactory(job=job, date=today + DAY),
        "later": SessionFactory(job=job, date=today + 9 * DAY),
        "elsewhere": SessionFactory(job=other, date=today),
        "future_unrecorded": AttendanceFactory(
            session=SessionFactory(job=job, date=today + DAY), trainee=trainee
        ),
    }


def test_a_trainer_sees_their_day_and_what_waits_in_their_workshops(
    client_as, trainer, week, today
):
    response = client_as(trainer).get(reverse("home"))
    assert response.status_code == 200
    shown = panels(response)
    assert rows(response, f"sessions-{today.isoformat()}") == [week["today"]]
    assert week["tomorrow"] in rows(response, f"sessions-{(today + DAY).isoformat()}")
    # Only sessions that took place: a planned session tomorrow is not "to record".
    assert rows(response, "attendance") == [week["past"]]
    assert rows(response, "skills") == [week["no_skills"]]
    assert rows(response, "starting") == [week["job"]]
    assert "to-invoice" not in shown and "months" not in shown
    page = html.unescape(response.content.decode())
    assert "Aujourd'hui" in page and "Présences à encoder" in page
    assert "Haie" not in page  # the other workshop's job


def test_the_office_sees_what_to_invoice_new_clients_and_contracts_ending(
    client_as, admin_staff, workshop, today
):
    done = JobFactory(workshop=workshop, status="done", title="Clôture")
    JobFactory(workshop=workshop, status="invoiced")
    new = ClientFactory(name="Boulangerie Neuve")
    old = ClientFactory(name="Ancien Client")
    old.__class__.objects.filter(pk=old.pk).update(created_at=timezone.now() - 40 * DAY)
    ClientFactory(name="Archivé", is_archived=True)
    soon = ContractFactory(start_date=today - 90 * DAY, end_date=today + 10 * DAY)
    ContractFactory(start_date=today - 90 * DAY, end_date=today + 60 * DAY)
    response = client_as(admin_staff).get(reverse("home"))
    assert rows(response, "to-invoice") == [done]
    listed = rows(response, "new-clients")
    assert new in listed and old not in listed
    assert not any(client.is_archived for client in listed)
    assert rows(response, "contracts") == [soon]
    assert "attendance" not in panels(response)
    assert "Chantiers terminés à facturer" in html.unescape(response.content.decode())


def test_coordination_sees_both_and_the_months_to_close(client_as, coordinator, workshop, today):
    first = today.replace(day=1)
    last_month = (first - DAY).replace(day=1)
    before = (last_month - DAY).replace(day=1)
    for month in (last_month, before):
        AttendanceFactory(session=SessionFactory(job=JobFactory(workshop=workshop), date=month))
    MonthClosing.objects.create(month=before, changed_by=coordinator)
    response = client_as(coordinator).get(reverse("home"))
    shown = panels(response)
    assert {"attendance", "skills", "to-invoice", "contracts", "months"} <= set(shown)
    [month] = shown["months"].rows
    assert (month.month, month.waiting) == (last_month, 1)


def test_a_trainee_goes_to_their_page_and_the_social_worker_to_their_areas(
    client_as, trainee_user, social_worker
):
    assert client_as(trainee_user).get(reverse("home"))["Location"] == reverse("trainee_home")
    response = client_as(social_worker).get(reverse("home"))
    assert response.context["panels"] == []
    assert "Stagiaires" in response.content.decode()


def count(browser):
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(reverse("home")).status_code == 200
    return len(queries)


def grow(workshop, n, today):
    """``n`` of everything a home page lists."""
    trainee = TraineeFactory(workshop=workshop)
    for i in range(n):
        job = JobFactory(workshop=workshop, planned_start=today, status="scheduled")
        for day in (today - (i % 20 + 1) * DAY, today, today + DAY):
            AttendanceFactory(
                session=SessionFactory(job=job, date=day),
                trainee=trainee,
                hours_present=Decimal(4),
            )
        JobFactory(workshop=workshop, status="done")
        ClientFactory()
        ContractFactory(start_date=today - 900 * DAY + i * DAY, end_date=today + (i % 30) * DAY)


@pytest.mark.parametrize(
    ("role", "expected"), [("trainer", 14), ("admin_staff", 9), ("coordinator", 27)]
)
def test_the_home_pages_cost_the_same_with_5_or_500_rows(
    client_as, role, expected, request, workshop, today
):
    user = request.getfixturevalue(role)
    browser = client_as(user)
    grow(workshop, 5, today)
    few = count(browser)
    grow(workshop, 495, today)
    assert count(browser) == few == expected
    response = browser.get(reverse("home"))
    counts = {key: panel.count_label for key, panel in panels(response).items()}
    assert "99+" in counts.values()  # counted up to 99, not to the end
    assert "et d'autres" in html.unescape(response.content.decode())


def test_a_trainer_of_no_workshop_sees_empty_panels_kindly(client_as):
    lone = UserFactory(roles=["trainer"])
    page = html.unescape(client_as(lone).get(reverse("home")).content.decode())
    assert "Aucune séance prévue." in page and "Toutes les présences sont encodées." in page
