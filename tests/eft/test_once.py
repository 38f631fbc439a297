"""The same create form posted twice creates one record: clients, trainees, jobs
and sessions (the token that the create page carries)."""

import re

import pytest
from django.urls import reverse

from clients.models import Client
from eft.models import FormSubmission
from jobs.models import Job, WorkSession
from tests.clients.test_clients import form_data as client_data
from tests.factories import ClientFactory, JobFactory
from tests.trainees.test_trainees import trainee_data
from trainees.models import Trainee


def token_of(page) -> str:
    return re.search(r'name="form_token" value="([0-9a-f]{32})"', page.content.decode()).group(1)


def post_twice(browser, url, data):
    token = token_of(browser.get(url))
    first = browser.post(url, {**data, "form_token": token})
    second = browser.post(url, {**data, "form_token": token}, follow=True)
    return first, second


def test_a_client_form_posted_twice_creates_one_client(client_as, admin_staff):
    first, second = post_twice(client_as(admin_staff), reverse("client_create"), client_data())
    assert first.status_code == 302
    assert Client.objects.count() == 1
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "Ce formulaire a déjà été envoyé" in second.content.decode()


def test_a_trainee_form_posted_twice_creates_one_trainee(client_as, admin_staff, workshop):
    post_twice(client_as(admin_staff), reverse("trainee_create"), trainee_data(workshop))
    assert Trainee.objects.count() == 1


def test_a_job_form_posted_twice_creates_one_job(client_as, trainer, workshop):
    client = ClientFactory()
    data = {"title": "Pose de carrelage", "workshop": workshop.pk, "pricing": "time_materials"}
    post_twice(client_as(trainer), reverse("job_create", args=[client.pk]), data)
    assert Job.objects.count() == 1


def test_a_session_form_posted_twice_plans_once(client_as, trainer, workshop, team):
    job = JobFactory(workshop=workshop, status="accepted")
    data = {
        "job": job.pk,
        "date": "2026-11-03",
        "period": "morning",
        "trainers": [trainer.pk],
        "trainees": [team[0].pk],
    }
    first, second = post_twice(client_as(trainer), reverse("session_create"), data)
    assert first.status_code == 302, first.context["form"].errors
    assert WorkSession.objects.count() == 1
    assert "Amina Lambert est déjà sur" not in second.content.decode()


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(client_as, admin_staff):
    browser = client_as(admin_staff)
    url = reverse("client_create")
    token = token_of(browser.get(url))
    refused = browser.post(url, {**client_data(vat_number="BE 0000"), "form_token": token})
    assert refused.status_code == 200 and token_of(refused) == token
    assert not FormSubmission.objects.exists()
    assert browser.post(url, {**client_data(), "form_token": token}).status_code == 302
    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_stale_tokens_and_previews_are_purged_after_a_day(client_as, admin_staff):
    import datetime

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.utils import timezone

    old = FormSubmission.objects.create(token="a" * 32, url="/x/")
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    fresh = FormSubmission.objects.create(token="b" * 32, url="/y/")
    default_storage.save("imports/" + "c" * 32 + ".xlsx", ContentFile(b"x"))
    preview = "imports/" + "c" * 32 + ".xlsx"
    call_command("purge_stale")
    assert list(FormSubmission.objects.all()) == [fresh]
    assert default_storage.exists(preview)  # a preview of today may still be confirmed
    call_command("purge_stale", older_than_hours=0)
    assert not default_storage.exists(preview)
