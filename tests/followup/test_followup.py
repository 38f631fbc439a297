"""The psychosocial follow-up: the social worker's alone, kept apart from control."""

import html

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from followup.models import FollowUpEntry, FollowUpReading
from tests.factories import TraineeFactory
from tests.test_query_counts import count


@pytest.fixture
def trainee(workshop):
    return TraineeFactory(workshop=workshop, first_name="Bruno", last_name="Lejeune")


def write_entry(browser, trainee):
    return browser.post(
        reverse("followup", args=[trainee.pk]),
        {
            "action": "entry",
            "date": "2026-11-20",
            "kind": "meeting",
            "obstacles": ["housing", "debts"],
            "referred_to": "CPAS de Namur, service de médiation de dettes",
            "notes": "Menacé d'expulsion",
        },
    )


def test_the_social_worker_keeps_the_log_and_the_personal_notes(client_as, social_worker, trainee):
    browser = client_as(social_worker)
    assert write_entry(browser, trainee).status_code == 302
    entry = FollowUpEntry.objects.get()
    assert (entry.author, entry.obstacles) == (social_worker, ["housing", "debts"])
    saved = browser.post(
        reverse("followup", args=[trainee.pk]),
        {"action": "notes", "notes": "Préfère être appelé le matin", "version": 1},
    )
    assert saved.status_code == 302
    page = browser.get(reverse("followup", args=[trainee.pk])).content.decode()
    assert "Logement, Dettes" in page and "CPAS de Namur" in page
    assert "Préfère être appelé le matin" in page
    assert not FollowUpReading.objects.exists()  # the social worker's own reading


def test_a_trainer_sees_that_a_follow_up_exists_and_nothing_of_it(
    client_as, social_worker, trainer, trainee
):
    write_entry(client_as(social_worker), trainee)
    browser = client_as(trainer)
    page = html.unescape(browser.get(trainee.get_absolute_url()).content.decode())
    assert "Un suivi avec l'assistant·e social·e existe." in page
    assert "expulsion" not in page and "CPAS" not in page and "Logement" not in page
    assert browser.get(reverse("followup", args=[trainee.pk])).status_code == 403


def test_admin_staff_and_the_trainee_see_nothing_of_it(
    client_as, social_worker, admin_staff, trainee_user
):
    trainee = trainee_user.trainee
    write_entry(client_as(social_worker), trainee)
    office = client_as(admin_staff)
    page = office.get(trainee.get_absolute_url()).content.decode()
    assert "suivi" not in page.lower() and "expulsion" not in page
    assert office.get(reverse("followup", args=[trainee.pk])).status_code == 403
    own = client_as(trainee_user)
    assert own.get(reverse("followup", args=[trainee.pk])).status_code == 403
    assert "expulsion" not in own.get(reverse("trainee_home")).content.decode()


def test_a_coordinator_reads_only_with_the_right_given_and_each_reading_is_logged(
    client_as, social_worker, coordinator, trainee
):
    write_entry(client_as(social_worker), trainee)
    browser = client_as(coordinator)
    url = reverse("followup", args=[trainee.pk])
    assert browser.get(url).status_code == 403
    coordinator.groups.add(Group.objects.get(name="followup"))
    browser = client_as(coordinator)
    assert "expulsion" in browser.get(url).content.decode()
    browser.get(url)
    assert FollowUpReading.objects.filter(user=coordinator, trainee=trainee).count() == 2
    # Reading is not writing.
    assert write_entry(browser, trainee).status_code == 403
    assert FollowUpEntry.objects.count() == 1


def test_the_coordinators_right_is_given_person_by_person_on_the_login_page(
    client_as, coordinator, trainee
):
    from tests.factories import UserFactory

    other = UserFactory(username="direction2", first_name="Luc", last_name="Martin")
    client_as(coordinator).post(
        reverse("account_update", args=[other.pk]),
        {
            "first_name": "Luc",
            "last_name": "Martin",
            "username": "direction2",
            "role": "coordinator",
            "reads_followup": "on",
            "is_active": "on",
        },
    )
    assert other.groups.filter(name="followup").exists()
    assert client_as(other).get(reverse("followup", args=[trainee.pk])).status_code == 200


def test_the_follow_up_page_costs_the_same_with_5_or_500_entries(client_as, social_worker, trainee):
    browser = client_as(social_worker)

    def grow(n):
        FollowUpEntry.objects.bulk_create(
            FollowUpEntry(trainee=trainee, date="2026-11-01", kind="meeting", author=social_worker)
            for _ in range(n)
        )

    grow(5)
    few = count(browser, reverse("followup", args=[trainee.pk]))
    grow(495)
    assert count(browser, reverse("followup", args=[trainee.pk])) == few == 5
