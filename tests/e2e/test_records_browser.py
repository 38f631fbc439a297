"""The competence record and the hours statement, in Chromium: a trainer records
a session with one trainee absent; the trainee, on a phone, sees their skills,
says how they see one and downloads their attestation; another trainee cannot
open that record; the office downloads the month's statement."""

import datetime
import io

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from eft.choices import Role
from jobs.models import SkillPractice, WorkSession
from records.models import SelfAssessment
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.factories import (
    AreaFactory,
    AttendanceFactory,
    ContractFactory,
    FrameworkFactory,
    JobFactory,
    SessionFactory,
    SkillFactory,
    TraineeFactory,
    UserFactory,
)
from trainees.models import AutonomyLevel

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TUESDAY = datetime.date(2026, 11, 3)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def session(workshop, trainer, trainee_user):
    # A transactional test before this one may have flushed what migrations made.
    for rank, name in enumerate(["Découverte", "Avec aide", "Autonome", "Maîtrise"], 1):
        AutonomyLevel.objects.get_or_create(rank=rank, defaults={"name": name})
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop), name="Maçonnerie")
    for code, name in [("MA1", "Préparer le mortier"), ("MA2", "Monter un mur")]:
        SkillFactory(area=area, code=code, name=name)
    amina = trainee_user.trainee
    bruno = TraineeFactory(workshop=workshop, first_name="Bruno", last_name="Peeters")
    bruno.user = UserFactory(username="bruno", roles=[Role.TRAINEE])
    bruno.save()
    chloe = TraineeFactory(workshop=workshop, first_name="Chloé", last_name="Dupont")
    job = JobFactory(workshop=workshop, title="Muret du jardin")
    session = SessionFactory(job=job, date=TUESDAY)
    session.trainers.add(trainer)
    for trainee in (amina, bruno, chloe):
        ContractFactory(trainee=trainee)
        AttendanceFactory(session=session, trainee=trainee)
    return session


def test_from_the_session_to_the_record_the_attestation_and_the_statement(
    live_server, login, browser, session, admin_staff
):
    url = live_server.url
    amina = session.attendances.get(trainee__first_name="Amina").trainee

    # The trainer: everyone present, then Bruno ill; then the skills, his cells locked.
    page = login("trainer")
    page.goto(f"{url}/planning/seances/{session.pk}/presences/")
    page.get_by_role("button", name="Tout le monde présent comme prévu").click()
    expect(page.locator(".messages")).to_contain_text("Tout le monde encodé présent")
    bruno_row = page.locator("fieldset", has_text="Bruno Peeters")
    bruno_row.get_by_label("Heures de présence").fill("0")
    bruno_row.get_by_label("Absence").select_option(label="Maladie (avec certificat)")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Présences encodées")

    page.goto(f"{url}/planning/seances/{session.pk}/competences/?all=1")
    grid = page.get_by_test_id("skills-grid")
    expect(grid.get_by_test_id("locked-cell")).to_have_count(2)  # Bruno x 2 skills
    expect(grid.get_by_role("radiogroup", name="Bruno Peeters — MA1")).to_have_count(0)
    grid.get_by_role("radiogroup", name="Amina Lambert — MA1").locator(
        "label", has_text="2"
    ).click()
    grid.get_by_role("radiogroup", name="Chloé Dupont — MA2").locator("label", has_text="3").click()
    grid.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".messages")).to_contain_text("Compétences exercées encodées")
    assert SkillPractice.objects.count() == 2

    # Amina, on her phone: her skills, her view, her attestation.
    phone = browser.new_context(viewport=PHONE)
    mobile = phone.new_page()
    mobile.goto(f"{url}/connexion/")
    mobile.fill("#id_username", "stagiaire")
    mobile.fill("#id_password", "pw")
    mobile.click("button[type=submit]")
    expect(mobile.locator("h1")).to_contain_text("Bonjour Amina")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.get_by_role("link", name="Voir toutes mes compétences").click()
    expect(mobile.locator("h1")).to_contain_text("Mes compétences")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    skill = mobile.locator(".skill-row", has_text="MA1 Préparer le mortier")
    expect(skill).to_contain_text("Avec aide")
    expect(mobile.locator(".skill-row", has_text="MA2 Monter un mur")).to_contain_text(
        "à découvrir"
    )
    skill.get_by_role("link", name="MA1 Préparer le mortier").click()
    mobile.get_by_text("Autonome", exact=True).click()
    mobile.get_by_label("Avec mes mots (si je veux)").fill("Je dose seule maintenant")
    mobile.get_by_role("button", name="Enregistrer mon avis").click()
    expect(mobile.locator(".messages")).to_contain_text("Merci")
    assert SelfAssessment.objects.get().level.name == "Autonome"
    assert mobile.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    mobile.goto(f"{url}/moi/attestations/")
    with mobile.expect_download() as download:
        mobile.get_by_role("button", name="Télécharger mon attestation (PDF)").click()
    with open(download.value.path(), "rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(handle).pages)
    assert "Attestation de compétences" in text and "Amina Lambert" in text
    assert "MA1 Préparer le mortier" in text and "Avec aide" in text
    phone.close()

    # Bruno cannot open Amina's record.
    other = browser.new_context(viewport=PHONE)
    bruno = other.new_page()
    bruno.goto(f"{url}/connexion/")
    bruno.fill("#id_username", "bruno")
    bruno.fill("#id_password", "pw")
    bruno.click("button[type=submit]")
    assert bruno.goto(f"{url}/parcours/{amina.pk}/").status == 404
    other.close()

    # The office: the month's workshop statement, as a spreadsheet.
    office = browser.new_context()
    staff = office.new_page()
    staff.goto(f"{url}/connexion/")
    staff.fill("#id_username", admin_staff.username)
    staff.fill("#id_password", "pw")
    staff.click("button[type=submit]")
    staff.goto(f"{url}/heures/")
    staff.get_by_test_id("months").locator("tr", has_text="Novembre 2026").get_by_role(
        "link", name=session.workshop.name
    ).click()
    expect(staff.get_by_test_id("statement")).to_contain_text("Peeters Bruno")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Télécharger en .xlsx").click()
    with open(download.value.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Stagiaire")
    people = {
        r[0]: dict(zip(header, r, strict=True))
        for r in rows
        if r and r[0] in ("Lambert Amina", "Peeters Bruno", "Dupont Chloé")
    }
    assert people["Peeters Bruno"][3] == 4  # the 3rd: his 4 h of illness, assimilated
    assert people["Peeters Bruno"]["Assimilées"] == 4
    assert people["Lambert Amina"]["Au centre"] == 4 and people["Lambert Amina"]["Assimilées"] == 0
    total = dict(zip(header, next(r for r in rows if r and r[0] == "Total"), strict=True))
    assert (total["Au centre"], total["Assimilées"], total["Heures de formation"]) == (8, 4, 12)
    office.close()
    assert WorkSession.objects.get().attendances.filter(hours_assimilated=4).count() == 1
    assert CHROMIUM_ARGS  # the flags the whole suite launches Chromium with
