import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_french_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO))}
    for entry in catalogue.translated_entries():
        if not entry.msgid_plural:
            key = (entry.msgctxt, entry.msgid)
            assert compiled.get(key) == entry.msgstr, f"recompile: {entry.msgid!r}"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (apt install gettext)"
)
def test_every_string_of_the_code_is_in_the_french_catalogue(tmp_path):
    """makemessages on a copy of the code finds no string the catalogue lacks."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "staticfiles", "media*", "*.sqlite3", "tests", "bench"
        ),
    )
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "eft.settings.base"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh if not e.translated() and not e.obsolete]
    assert missing == []


@pytest.mark.django_db
def test_french_by_default_and_english_on_request(client_as, admin_staff):
    browser = client_as(admin_staff)
    headers = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert "Exporter en .xlsx" in browser.get(reverse("client_list"), **headers).content.decode()
    browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Export .xlsx" in browser.get(reverse("client_list")).content.decode()


def test_belgian_formats():
    import datetime
    from decimal import Decimal

    from django.utils import formats, translation

    from eft.templatetags.eft import money

    with translation.override("fr"):
        assert money(Decimal("1234.56")) == "1.234,56\u00a0€"
        assert formats.date_format(datetime.date(2026, 11, 3), "SHORT_DATE_FORMAT") == "03/11/2026"
    with translation.override("en"):
        assert money(Decimal("1234.5")) == "1,234.50\u00a0€"


def test_production_settings_pass_the_deploy_check():
    unset = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="eft.example.be",
        DJANGO_SETTINGS_MODULE="eft.settings.base",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env["DJANGO_SETTINGS_MODULE"] = "eft.settings.base"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
