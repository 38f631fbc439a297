"""Two-factor login with a time-based code (django-otp)."""

import re
import time

from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_of(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def log_in(username="coord", password="pw"):
    browser = Client()
    browser.post(reverse("login"), {"username": username, "password": password})
    return browser


def test_a_coordinator_turns_it_on_and_then_needs_the_code_at_each_login(coordinator):
    browser = log_in()
    page = browser.get(reverse("two_factor_setup")).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    wrong = browser.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "pas le bon" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    done = browser.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert done["Location"] == reverse("home")
    assert TOTPDevice.objects.get(user=coordinator).confirmed

    # The next login: the password alone opens nothing.
    browser = log_in()
    response = browser.get(reverse("trainee_list"))
    assert response["Location"] == reverse("two_factor_verify")
    refused = browser.post(reverse("two_factor_verify"), {"code": "12345"})
    assert "six chiffres" in refused.content.decode()
    device = TOTPDevice.objects.get(user=coordinator)
    device.last_t = -1
    device.save()
    ok = browser.post(reverse("two_factor_verify"), {"code": code_of(device)})
    assert ok["Location"] == reverse("home")
    assert browser.get(reverse("trainee_list")).status_code == 200


@override_settings(OTP_REQUIRED_FOR_COORDINATORS=True)
def test_when_required_a_coordinator_without_it_must_turn_it_on_first(coordinator, trainer):
    browser = log_in()
    response = browser.get(reverse("trainee_list"))
    assert response["Location"] == reverse("two_factor_setup")
    page = browser.get(reverse("two_factor_setup")).content.decode()
    assert "national" in page
    # Other roles are not asked.
    assert log_in("trainer").get(reverse("trainee_list")).status_code == 200


def test_the_code_field_takes_only_six_ascii_digits(coordinator):
    browser = log_in()
    browser.get(reverse("two_factor_setup"))
    for junk in ("²²²²²²", "abcdef", "1" * 50, "٣٣٣٣٣٣"):
        page = browser.post(reverse("two_factor_setup"), {"code": junk}).content.decode()
        assert re.search("six chiffres|pas le bon", page)


def test_turning_it_on_logs_the_person_out_everywhere_else(coordinator):
    elsewhere = log_in()
    assert elsewhere.get(reverse("trainee_list")).status_code == 200
    browser = log_in()
    browser.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    browser.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert browser.get(reverse("trainee_list")).status_code == 200
    assert elsewhere.get(reverse("trainee_list")).status_code == 302
