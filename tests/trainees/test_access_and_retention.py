"""The trainee's right of access (everything, in one .zip) and retention (their
personal data removed some years after exit, what audits need kept)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from axes.models import AccessFailureLog
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from demo.numbers import national_number
from followup.models import FollowUpEntry, FollowUpReading
from jobs.models import Attendance, SkillPractice
from records.models import Attestation, Statement
from tests.factories import (
    AttendanceFactory,
    ContractFactory,
    PracticeFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import NationalNumberReveal, Trainee

BORN = datetime.date(1990, 4, 12)
NISS = national_number(BORN, 41)


@pytest.fixture
def person(workshop, social_worker):
    login = UserFactory(username="bruno.lejeune", roles=["trainee"], email="bruno@example.org")
    trainee = TraineeFactory(
        workshop=workshop,
        first_name="Bruno",
        last_name="Lejeune",
        birth_date=BORN,
        national_number=NISS,
        email="bruno@example.org",
        phone="0470 55 66 77",
        notes="Préfère être appelé le matin",
        user=login,
        entry_date=datetime.date(2019, 9, 2),
        exit_date=datetime.date(2020, 6, 30),
        status="ended",
    )
    ContractFactory(
        trainee=trainee, start_date=datetime.date(2019, 9, 2), end_date=datetime.date(2020, 6, 30)
    )
    attendance = AttendanceFactory(
        trainee=trainee,
        session__date=datetime.date(2019, 10, 7),
        session__job__workshop=workshop,
        hours_present=Decimal("4"),
    )
    PracticeFactory(attendance=attendance, remark="Bruno a bien travaillé")
    FollowUpEntry.objects.create(
        trainee=trainee,
        date=datetime.date(2019, 9, 20),
        kind="meeting",
        obstacles=["debts"],
        notes="Dettes de loyer",
        author=social_worker,
    )
    Attestation.objects.create(
        trainee=trainee,
        period_start=datetime.date(2019, 9, 2),
        period_end=datetime.date(2020, 6, 30),
        issued_by=social_worker,
        content={"trainee": {"name": "Bruno Lejeune", "birth_date": BORN.isoformat()}},
    )
    Statement.objects.create(
        kind="workshop",
        month=datetime.date(2019, 10, 1),
        workshop=workshop,
        issued_by=social_worker,
        figures={"rows": [{"name": "Lejeune Bruno", "present": "4.00"}]},
    )
    return trainee


def test_a_coordinator_exports_everything_about_a_trainee_and_it_is_logged(
    client_as, coordinator, person
):
    from django.contrib.auth.models import Group

    coordinator.groups.add(Group.objects.get(name="followup"))  # the right, given
    response = client_as(coordinator).post(reverse("trainee_access_export", args=[person.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".xlsx") for n in names)
    pdf = next(archive.read(n) for n in names if n.endswith(".pdf"))
    assert pdf.startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(next(archive.read(n) for n in names if n.endswith("xlsx"))))
    assert {"Identité", "Contrats", "Présences", "Suivi psychosocial", "Qui a vu quoi"} <= set(
        workbook.sheetnames
    )
    identity = {row[0]: row[1] for row in workbook["Identité"].iter_rows(values_only=True)}
    # Their own number, in full (the export is logged as a reveal).
    assert identity["Numéro de registre national"].replace(".", "").replace("-", "") == NISS
    assert identity["Notes personnelles"] == "Préfère être appelé le matin"
    followup = list(workbook["Suivi psychosocial"].iter_rows(values_only=True))
    assert followup[1][4] == "Dettes de loyer"
    assert NationalNumberReveal.objects.filter(user=coordinator, trainee=person).exists()
    assert FollowUpReading.objects.filter(user=coordinator, trainee=person).exists()


def test_without_the_follow_up_right_the_export_leaves_the_confidential_part_out(
    client_as, coordinator, person
):
    response = client_as(coordinator).post(reverse("trainee_access_export", args=[person.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    xlsx = next(archive.read(n) for n in archive.namelist() if n.endswith("xlsx"))
    cells = " ".join(
        str(value)
        for sheet in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    assert "Dettes de loyer" not in cells and "Préfère être appelé" not in cells
    assert "Détenu par l'assistant·e social·e" in cells
    assert not FollowUpReading.objects.exists()


def test_no_one_else_exports_a_trainees_data(client_as, admin_staff, trainer, person):
    for user in (admin_staff, trainer):
        response = client_as(user).post(reverse("trainee_access_export", args=[person.pk]))
        assert response.status_code in (403, 404)


def test_retention_anonymises_who_left_long_ago_and_keeps_what_audits_need(
    client_as, coordinator, person, workshop
):
    client_as(coordinator).post(reverse("trainee_access_export", args=[person.pk]))
    AccessFailureLog.objects.create(
        username="bruno.lejeune", ip_address="10.0.0.1", user_agent="x", path_info="/connexion/"
    )
    recent = TraineeFactory(
        workshop=workshop,
        last_name="Récent",
        status="ended",
        entry_date=datetime.date(2025, 1, 6),
        exit_date=datetime.date(2025, 12, 19),
    )
    with override_settings(TRAINEE_RETENTION_DAYS=5 * 365):
        call_command("anonymise_trainees")
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert "Bruno" not in person.full_name and "Lejeune" not in person.full_name
    assert (person.national_number, person.email, person.phone, person.notes) == ("", "", "", "")
    assert person.birth_date is None
    # What subsidy audits need stays.
    assert Attendance.objects.get(trainee=person).hours_present == Decimal("4")
    practice = SkillPractice.objects.get(attendance__trainee=person)
    assert practice.remark == ""
    assert "Bruno" not in str(Attestation.objects.get(trainee=person).content)
    assert "Lejeune" not in str(Statement.objects.get().figures)
    assert Statement.objects.get().figures["rows"][0]["present"] == "4.00"
    # Nothing of the person left elsewhere; the staff's access logs stay.
    assert not FollowUpEntry.objects.filter(trainee=person).exists()
    assert NationalNumberReveal.objects.filter(trainee=person).exists()
    assert not AccessFailureLog.objects.filter(username="bruno.lejeune").exists()
    assert not person.history.exists()
    login = person.user
    assert not login.is_active and "bruno" not in login.username and login.email == ""
    assert not Trainee.objects.filter(search_text__contains="lejeune").exists()
    # Who left last year is kept as they are.
    recent.refresh_from_db()
    assert recent.last_name == "Récent" and recent.anonymised_at is None


def test_an_applicant_who_never_started_is_anonymised_too(workshop):
    applicant = TraineeFactory(
        workshop=workshop,
        last_name="Candidat",
        status="applicant",
        entry_date=datetime.date(2018, 1, 8),
        exit_date=None,
    )
    call_command("anonymise_trainees")
    applicant.refresh_from_db()
    assert applicant.anonymised_at is not None and "Candidat" not in applicant.full_name


def test_retention_dry_run_changes_nothing(person, capsys):
    call_command("anonymise_trainees", "--dry-run")
    person.refresh_from_db()
    assert person.last_name == "Lejeune"
    assert "1 trainee(s) would be anonymised" in capsys.readouterr().out
