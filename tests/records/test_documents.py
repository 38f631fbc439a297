"""Attestations of skills (PDF, .xlsx) and Open Badges."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from eft.models import Organisation
from records import badges, services
from records.models import Attestation, PriorAchievement
from tests.factories import TraineeFactory
from tests.records.conftest import DAY, level, practise
from trainees.models import AutonomyLevel

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def centre(db):
    organisation = Organisation.get()
    organisation.legal_name = "Atelier Tremplin"
    organisation.enterprise_number = "0417497106"
    organisation.city, organisation.postal_code = "Namur", "5000"
    organisation.save()
    return organisation


@pytest.fixture
def acquired(amina, skills, trainer, centre):
    practise(amina, skills["mortar"], 3, by=trainer)
    practise(amina, skills["team"], 2, DAY + datetime.timedelta(days=1), by=trainer)
    return services.skill_validate(
        trainee=amina,
        skill=skills["mortar"],
        user=trainer,
        level=level(3),
        validated_on=datetime.date(2026, 11, 20),
        evidence="CH-2026-0101, en autonomie",
    )


def test_an_attestation_shows_the_centre_hours_and_skills(client_as, amina, acquired, trainer):
    page = client_as(trainer).post(
        reverse("attestation_list", args=[amina.pk]),
        {"period_start": "2026-11-01", "period_end": "2026-11-30"},
    )
    attestation = Attestation.objects.get()
    assert page["Location"] == reverse("attestation_pdf", args=[attestation.pk])
    pdf = client_as(trainer).get(page["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in [
        "Atelier Tremplin",
        "Attestation de compétences",
        "Amina Lambert",
        "Construction",
        "8 h",
        "MAC01 Préparer un mortier",
        "UAA1 Maçon",
        "Autonome",
        "20/11/2026",
        "TRV01 Travailler en équipe",
        "Avec aide",
        "coordinateur",
    ]:
        assert expected in text, expected


def test_renaming_the_scale_later_does_not_change_a_past_attestation(
    client_as, amina, acquired, trainer
):
    attestation = services.attestation_issue(
        trainee=amina,
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
        user=trainer,
    )
    AutonomyLevel.objects.filter(rank=3).update(name="Seul·e")
    text = pdf_text(
        client_as(trainer).get(reverse("attestation_pdf", args=[attestation.pk])).content
    )
    assert "Autonome" in text and "Seul·e" not in text


def test_the_attestation_as_a_spreadsheet(client_as, amina, acquired, trainer):
    attestation = services.attestation_issue(
        trainee=amina,
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
        user=trainer,
    )
    response = client_as(trainer).get(reverse("attestation_xlsx", args=[attestation.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:2] == ("Stagiaire", "Amina Lambert")
    assert rows[5][:2] == ("Heures de formation", 8)
    skills = {row[2]: row for row in rows if row and row[2] in ("MAC01", "TRV01")}
    assert skills["MAC01"][4:7] == ("UAA1 Maçon", "Autonome", datetime.datetime(2026, 11, 20))
    assert skills["TRV01"][5] == "Avec aide" and skills["TRV01"][6] is None


def test_a_trainee_downloads_their_own_attestation(client_as, amina, acquired, trainee_user):
    response = client_as(trainee_user).post(
        reverse("attestation_list", args=[amina.pk]), {}, follow=True
    )
    assert response["Content-Type"] == "application/pdf"
    attestation = Attestation.objects.get()
    assert (attestation.period_start, attestation.issued_by) == (amina.entry_date, trainee_user)


def test_a_badge_is_an_open_badges_3_credential_aligned_to_its_sfmq_code(
    client_as, amina, acquired, trainee_user
):
    response = client_as(trainee_user).get(reverse("badge_json", args=[acquired.pk]))
    credential = json.loads(response.content)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["issuer"]["name"] == "Atelier Tremplin"
    achievement = credential["credentialSubject"]["achievement"]
    assert (achievement["name"], achievement["humanCode"]) == ("Préparer un mortier", "MAC01")
    assert achievement["alignment"][0]["targetCode"] == "UAA1 Maçon"
    assert credential["validFrom"] == "2026-11-20T00:00:00Z"
    assert credential["evidence"][0]["narrative"] == "CH-2026-0101, en autonomie"


def test_another_centre_imports_the_badges_as_prior_achievements(
    client_as, amina, acquired, coordinator, workshop
):
    content = badges.credential_json(acquired)
    newcomer = TraineeFactory(workshop=workshop, first_name="Amina", last_name="Lambert-bis")
    upload = SimpleUploadedFile("mortier.json", content, content_type="application/json")
    url = reverse("badges", args=[newcomer.pk])
    client_as(coordinator).post(url, {"files": [upload]})
    prior = PriorAchievement.objects.get()
    assert (prior.trainee, prior.name, prior.issuer_name) == (
        newcomer,
        "Préparer un mortier",
        "Atelier Tremplin",
    )
    assert prior.skill == acquired.skill  # matched on its SFMQ/UAA reference
    assert prior.achieved_on == datetime.date(2026, 11, 20)
    page = client_as(coordinator).get(url).content.decode()
    assert "Acquis antérieurs" in page and "Préparer un mortier" in page
    again = client_as(coordinator).post(url, {"files": [SimpleUploadedFile("m.json", content)]})
    assert "déjà été importé" in again.content.decode()
    assert PriorAchievement.objects.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json", "n'est pas du JSON"),
        (b'{"type": ["VerifiableCredential"]}', "pas un certificat Open Badges 3.0"),
        (b"[1, 2]", "pas un certificat Open Badges 3.0"),
        (
            json.dumps(
                {
                    "type": ["OpenBadgeCredential"],
                    "credentialSubject": {"achievement": {"name": "X"}},
                }
            ).encode(),
            "son nom, son identifiant ou son émetteur",
        ),
    ],
)
def test_a_bad_badge_file_is_refused_and_nothing_is_imported(
    client_as, amina, coordinator, content, message
):
    url = reverse("badges", args=[amina.pk])
    good = json.dumps(
        {
            "id": "urn:x",
            "type": ["OpenBadgeCredential"],
            "issuer": {"name": "C"},
            "credentialSubject": {"achievement": {"name": "Y"}},
        }
    ).encode()
    page = client_as(coordinator).post(
        url,
        {"files": [SimpleUploadedFile("ok.json", good), SimpleUploadedFile("bad.json", content)]},
    )
    assert message in page.content.decode().replace("&#x27;", "'")
    assert not PriorAchievement.objects.exists()


def test_only_coordination_imports_badges(client_as, amina, trainer, trainee_user):
    for user in (trainer, trainee_user):
        assert client_as(user).post(reverse("badges", args=[amina.pk]), {}).status_code == 403


def test_downloading_twice_the_same_day_gives_the_same_attestation(
    client_as, amina, acquired, trainee_user
):
    browser = client_as(trainee_user)
    first = browser.post(reverse("attestation_list", args=[amina.pk]))
    second = browser.post(reverse("attestation_list", args=[amina.pk]))
    assert first["Location"] == second["Location"]
    assert Attestation.objects.count() == 1


def test_a_new_practice_the_same_day_gives_a_new_attestation(
    client_as, amina, acquired, trainee_user, skills, trainer
):
    browser = client_as(trainee_user)
    first = browser.post(reverse("attestation_list", args=[amina.pk]))
    practise(amina, skills["wall"], 1, DAY + datetime.timedelta(days=2), by=trainer)
    second = browser.post(reverse("attestation_list", args=[amina.pk]))
    assert first["Location"] != second["Location"]
    assert Attestation.objects.count() == 2
