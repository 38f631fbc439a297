"""Sessions imported from a spreadsheet go through the same conflict check."""

import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from jobs.models import WorkSession
from tests.factories import AttendanceFactory, JobFactory, SessionFactory

pytestmark = pytest.mark.django_db
HEADER = ["Chantier", "Date", "Période", "Début", "Fin", "Stagiaires", "Formateurs"]


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("seances.xlsx", out.getvalue())


def upload(browser, rows):
    return browser.post(reverse("session_import"), {"file": xlsx(rows)})


def test_import_plans_sessions_after_a_preview(client_as, trainer, job, team):
    trainer.first_name, trainer.last_name = "Nadia", "Martin"
    trainer.save()
    browser = client_as(trainer)
    rows = [
        [job.reference, datetime.date(2026, 11, 3), "Matin", None, None,
         "Amina Lambert; Peeters Bruno", "Nadia Martin"],
        [job.reference, "04/11/2026", "", "12:30", "16:30", "Chloé Dupont", "trainer"],
    ]  # fmt: skip
    page = upload(browser, rows)
    assert "2 lignes sont prêtes" in page.content.decode().replace("Toutes les ", "")
    token = page.context["token"]
    browser.post(reverse("session_import"), {"token": token})
    sessions = list(WorkSession.objects.filter(job=job).order_by("date"))
    assert [(s.date.day, s.start_time, s.attendances.count()) for s in sessions] == [
        (3, datetime.time(8), 2),
        (4, datetime.time(12, 30), 1),
    ]


def test_import_refuses_conflicts_and_unknown_names(client_as, trainer, job, team, workshop):
    other = JobFactory(workshop=workshop, reference="CH-2026-0777")
    AttendanceFactory(session=SessionFactory(job=other, date=datetime.date(2026, 11, 3)),
                      trainee=team[0])  # fmt: skip
    rows = [
        [job.reference, "03/11/2026", "Matin", None, None, "Amina Lambert", "trainer"],
        [job.reference, "05/11/2026", "Matin", None, None, "Zorro", "trainer"],
        ["CH-1999-0001", "05/11/2026", "Matin", None, None, "", ""],
        [job.reference, "06/11/2026", "Matin", None, None, "Bruno Peeters", "trainer"],
        [job.reference, "06/11/2026", "", "10:00", "11:00", "Bruno Peeters", "trainer"],
    ]
    page = html.unescape(upload(client_as(trainer), rows).content.decode())
    assert "Amina Lambert est déjà sur CH-2026-0777 le 03/11/2026" in page
    assert "Personne ne s'appelle « Zorro »." in page
    assert "Aucun chantier CH-1999-0001 parmi les vôtres." in page
    assert "Bruno Peeters est déjà sur la ligne 5 à cette heure-là." in page
    assert 'name="token"' not in page
    assert not WorkSession.objects.filter(job=job).exists()
