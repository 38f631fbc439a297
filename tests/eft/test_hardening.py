"""Login throttling, the Content-Security-Policy, no-store, and calendar feeds."""

import datetime
import pathlib
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from eft.models import CalendarFeed
from jobs import calendar


def wrong_login(browser, username, address="10.0.0.1"):
    return browser.post(
        reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address
    )


def test_ten_wrong_passwords_lock_the_account_for_a_while_in_french(trainer):
    browser = Client()
    for _attempt in range(9):
        assert wrong_login(browser, "trainer").status_code == 200
    assert wrong_login(browser, "trainer").status_code == 429  # the tenth locks
    response = browser.post(
        reverse("login"), {"username": "trainer", "password": "pw"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Connexion bloquée pour un moment" in page
    assert "Réessayez dans 15 minutes" in page
    assert "_auth_user_id" not in browser.session
    # Every failure is kept, with its address.
    assert AccessFailureLog.objects.filter(username="trainer").count() >= 10
    # From another address, the trainer still logs in: someone elsewhere who
    # types their username cannot lock them out.
    other = Client().post(
        reverse("login"), {"username": "trainer", "password": "pw"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 302


def test_the_lock_lifts_after_the_cool_off(trainer):
    browser = Client()
    for _attempt in range(10):
        wrong_login(browser, "trainer")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = browser.post(
        reverse("login"), {"username": "trainer", "password": "pw"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_typos_of_others_at_the_centres_address_do_not_lock_everyone_out(trainer):
    browser = Client()
    for n in range(10):
        wrong_login(browser, f"guess{n}", address="10.0.0.9")
    response = browser.post(
        reverse("login"), {"username": "trainer", "password": "pw"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_pages_carry_a_content_security_policy_and_no_store(client_as, coordinator):
    browser = client_as(coordinator)
    for url in (reverse("client_list"), reverse("export_list")):
        response = browser.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    policy = browser.get(reverse("client_list"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.I)
    folders = [pathlib.Path(settings.BASE_DIR) / "templates"]
    folders += pathlib.Path(settings.BASE_DIR).glob("*/templates")
    found = [
        str(path.relative_to(settings.BASE_DIR))
        for folder in folders
        for path in folder.rglob("*.html")
        if "_pdf" not in path.name and inline.search(path.read_text())
    ]
    assert found == []


@pytest.mark.django_db
def test_a_calendar_feed_has_a_stored_random_token_that_can_be_regenerated(client_as, trainee_user):
    old = calendar.token_for(trainee_user)
    assert CalendarFeed.objects.get(user=trainee_user).token == old and len(old) >= 40
    feed = Client().get(reverse("planning_ics", args=[old]))
    assert feed.status_code == 200 and "no-store" in feed["Cache-Control"]
    # A new SECRET_KEY changes nothing to it.
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-0123456789"):
        assert Client().get(reverse("planning_ics", args=[old])).status_code == 200
    response = client_as(trainee_user).post(reverse("planning_ics_regenerate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=trainee_user).token
    assert new != old
    assert Client().get(reverse("planning_ics", args=[old])).status_code == 404
    assert Client().get(reverse("planning_ics", args=[new])).status_code == 200


def test_regenerating_goes_back_only_to_a_page_of_this_site(client_as, trainee_user):
    response = client_as(trainee_user).post(
        reverse("planning_ics_regenerate"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("my_planning")
