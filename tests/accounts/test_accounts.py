"""People and logins, managed by coordination in the application."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Account
from tests.factories import TraineeFactory, UserFactory, WorkshopFactory
from tests.test_query_counts import count

User = get_user_model()


def new_trainer_data(workshop, **overrides):
    return {
        "first_name": "Samir",
        "last_name": "Benali",
        "username": "samir",
        "email": "",
        "role": "trainer",
        "workshops": [workshop.pk],
        **overrides,
    }


def link_on(page: str) -> str:
    return re.search(r"https?://[^\s<\"]+/mot-de-passe/choisir/[^\s<\"]+/", page).group(0)


def choose_password(link: str, password: str = "Un-Mot-De-Passe-2026"):
    browser = Client()
    step = browser.get(link)  # Django moves the token into the session, then redirects
    assert step.status_code == 302
    return browser.post(step["Location"], {"new_password1": password, "new_password2": password})


def test_a_coordinator_creates_a_trainer_with_a_workshop_who_then_chooses_a_password(
    client_as, coordinator, workshop
):
    browser = client_as(coordinator)
    response = browser.post(reverse("account_create"), new_trainer_data(workshop))
    account = Account.objects.get(username="samir")
    assert response["Location"] == reverse("account_sheet", args=[account.pk])
    assert account.role == "trainer"
    assert list(account.workshops.all()) == [workshop]
    assert not account.has_usable_password()
    sheet = browser.get(response["Location"]).content.decode()
    assert "samir" in sheet and "data:image/svg+xml" in sheet
    done = choose_password(link_on(sheet))
    assert done["Location"] == reverse("password_reset_complete")
    assert (
        Client()
        .post(reverse("login"), {"username": "samir", "password": "Un-Mot-De-Passe-2026"})
        .status_code
        == 302
    )
    # The link works once.
    again = Client().get(link_on(sheet), follow=True).content.decode()
    assert "Ce lien ne fonctionne plus" in again


def test_a_trainer_needs_a_workshop_and_a_trainee_login_needs_their_record(
    client_as, coordinator, workshop
):
    browser = client_as(coordinator)
    form = browser.post(
        reverse("account_create"), new_trainer_data(workshop, workshops=[])
    ).context["form"]
    assert form.errors["workshops"] == ["Donnez au moins une filière au formateur."]
    form = browser.post(
        reverse("account_create"), new_trainer_data(workshop, role="trainee", workshops=[])
    ).context["form"]
    assert "fiche de stagiaire" in form.errors["trainee"][0]
    assert not Account.objects.filter(username="samir").exists()


def test_changing_the_role_replaces_it_and_keeps_other_grants(client_as, coordinator, workshop):
    account = UserFactory(username="samir", roles=["trainer"])
    account.workshops.add(workshop)
    data = new_trainer_data(workshop, role="admin_staff", is_active="on")
    client_as(coordinator).post(reverse("account_update", args=[account.pk]), data)
    account = Account.objects.get(pk=account.pk)
    assert account.role == "admin_staff"
    assert set(account.groups.values_list("name", flat=True)) == {"admin_staff"}
    assert not account.workshops.exists()


def test_deactivating_keeps_the_person_and_refuses_their_login(client_as, coordinator):
    account = UserFactory(username="leaving", roles=["trainer"])
    browser = client_as(coordinator)
    browser.post(reverse("account_active", args=[account.pk]))
    account.refresh_from_db()
    assert not account.is_active and User.objects.filter(pk=account.pk).exists()
    assert (
        Client().post(reverse("login"), {"username": "leaving", "password": "pw"}).status_code
        == 200
    )
    browser.post(reverse("account_active", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active
    # Nobody locks themself out.
    browser.post(reverse("account_active", args=[coordinator.pk]))
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_admin_staff_create_a_trainees_login_in_one_step_with_a_sheet(
    client_as, admin_staff, workshop
):
    trainee = TraineeFactory(workshop=workshop, first_name="Amélie", last_name="Van Damme")
    browser = client_as(admin_staff)
    response = browser.post(reverse("trainee_login_create", args=[trainee.pk]))
    assert response["Location"] == reverse("trainee_login_sheet", args=[trainee.pk])
    trainee.refresh_from_db()
    assert trainee.user.username == "amelie.vandamme"
    assert Account.objects.get(pk=trainee.user_id).role == "trainee"
    sheet = browser.get(response["Location"]).content.decode()
    assert "amelie.vandamme" in sheet
    choose_password(link_on(sheet))
    # A second login for the same trainee is refused, in French.
    again = browser.post(reverse("trainee_login_create", args=[trainee.pk]), follow=True)
    assert "Ce stagiaire a déjà un identifiant." in again.content.decode()
    namesake = TraineeFactory(workshop=workshop, first_name="Amelie", last_name="Vandamme")
    browser.post(reverse("trainee_login_create", args=[namesake.pk]))
    namesake.refresh_from_db()
    assert namesake.user.username == "amelie.vandamme2"


def test_the_link_can_be_e_mailed_to_a_person_who_has_an_address(client_as, coordinator):
    account = UserFactory(username="mailed", email="mailed@example.org")
    account.set_unusable_password()  # a new login: no password chosen yet
    account.save()
    client_as(coordinator).post(reverse("account_send_link", args=[account.pk]))
    assert mail.outbox[0].to == ["mailed@example.org"]
    assert "/mot-de-passe/choisir/" in mail.outbox[0].body


def test_forgotten_password_by_e_mail_in_french(trainer):
    trainer.email = "trainer@example.org"
    trainer.save()
    response = Client().post(reverse("password_reset"), {"email": "trainer@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Choisissez un nouveau mot de passe" in mail.outbox[0].subject
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    assert choose_password(link)["Location"] == reverse("password_reset_complete")


def test_everyone_changes_their_own_password(client_as, trainee_user):
    browser = client_as(trainee_user)
    page = browser.get(reverse("password_change")).content.decode()
    assert "Changer mon mot de passe" in page
    response = browser.post(
        reverse("password_change"),
        {
            "old_password": "pw",
            "new_password1": "Nouveau-2026-abc",
            "new_password2": "Nouveau-2026-abc",
        },
    )
    assert response["Location"] == reverse("password_change_done")


def test_the_first_coordinator_is_made_by_a_command(db, monkeypatch):
    monkeypatch.setenv("COORDINATOR_PASSWORD", "Premier-Coordinateur-2026")
    call_command("create_coordinator", "--username", "direction", "--first-name", "Claire")
    account = Account.objects.get(username="direction")
    assert account.role == "coordinator" and account.check_password("Premier-Coordinateur-2026")
    with pytest.raises(CommandError):
        call_command("create_coordinator", "--username", "direction")
    monkeypatch.setenv("COORDINATOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_coordinator", "--username", "other")


def grow_people(workshop, start, n):
    for number in range(start, start + n):
        person = UserFactory(username=f"p{number}", roles=["trainer"])
        person.workshops.add(workshop)


def test_the_list_of_logins_costs_the_same_with_5_or_500(client_as, coordinator, workshop):
    browser = client_as(coordinator)
    grow_people(workshop, 0, 5)
    few = count(browser, reverse("account_list"))
    grow_people(workshop, 5, 495)
    assert count(browser, reverse("account_list")) == few == 8  # the columns one chose: one query


def test_the_detail_page_of_a_login_has_a_fixed_cost(client_as, coordinator):
    account = UserFactory(username="p", roles=["trainer"])
    account.workshops.add(*WorkshopFactory.create_batch(5))
    few = count(client_as(coordinator), reverse("account_detail", args=[account.pk]))
    account.workshops.add(*WorkshopFactory.create_batch(50))
    assert count(client_as(coordinator), reverse("account_detail", args=[account.pk])) == few == 7


def test_nobody_gives_themself_a_role_or_the_follow_up_right(client_as, coordinator):
    client_as(coordinator).post(
        reverse("account_update", args=[coordinator.pk]),
        {
            "first_name": "Claire",
            "last_name": "Lemaire",
            "username": "coord",
            "role": "trainer",
            "reads_followup": "on",
        },
    )
    account = Account.objects.get(pk=coordinator.pk)
    assert account.role == "coordinator"
    assert not account.groups.filter(name="followup").exists()
    assert account.first_name == "Claire"  # the rest of their own details they may change


def test_a_sheet_for_someone_who_chose_a_password_first_stops_it(client_as, coordinator):
    social = UserFactory(username="assistante", roles=["social_worker"], email="a@example.org")
    browser = client_as(coordinator)
    page = browser.get(reverse("account_sheet", args=[social.pk])).content.decode()
    assert "/mot-de-passe/choisir/" not in page and "cesser de fonctionner" in page
    sent = browser.post(reverse("account_send_link", args=[social.pk]), follow=True)
    assert "faites d'abord une nouvelle fiche" in html.unescape(sent.content.decode())
    assert not mail.outbox
    browser.post(reverse("account_sheet", args=[social.pk]))
    social.refresh_from_db()
    assert not social.has_usable_password()
    assert (
        "/mot-de-passe/choisir/"
        in browser.get(reverse("account_sheet", args=[social.pk])).content.decode()
    )


def test_linking_a_login_moves_the_trainee_version_so_an_open_form_cannot_unlink_it(
    client_as, coordinator, admin_staff, workshop
):
    trainee = TraineeFactory(workshop=workshop)
    client_as(admin_staff).post(reverse("trainee_login_create", args=[trainee.pk]))
    trainee.refresh_from_db()
    assert trainee.user_id is not None and trainee.version == 2
