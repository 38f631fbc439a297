import datetime
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from demo.numbers import national_number
from tests.factories import (
    AreaFactory,
    ContractFactory,
    FrameworkFactory,
    SkillFactory,
    TraineeFactory,
)
from trainees.forms import TraineeForm
from trainees.models import NationalNumberReveal, Skill, Trainee, TrainingContract

pytestmark = pytest.mark.django_db
NISS = national_number(datetime.date(1985, 7, 30), 33)


def trainee_data(workshop, **overrides):
    data = {
        "first_name": "Bruno",
        "last_name": "Peeters",
        "birth_date": "30/07/1985",
        "national_number": "85.07.30-033.28",
        "workshop": workshop.pk,
        "status": "active",
        "entry_date": "05/01/2026",
        "country": "BE",
    }
    data.update(overrides)
    return data


def test_national_number_is_validated_and_stored_normalised(coordinator, workshop):
    form = TraineeForm(data=trainee_data(workshop), user=coordinator)
    assert form.is_valid(), form.errors
    assert form.save().national_number == "85073003328"


def test_invalid_national_number_is_refused_in_french(coordinator, workshop):
    form = TraineeForm(
        data=trainee_data(workshop, national_number="85.07.30-033.29"), user=coordinator
    )
    assert not form.is_valid()
    assert "pas valide" in form.errors["national_number"][0]


def test_national_number_must_match_the_birth_date(coordinator, workshop):
    form = TraineeForm(data=trainee_data(workshop, birth_date="31/07/1985"), user=coordinator)
    assert not form.is_valid()
    assert "née le 30/07/1985" in form.errors["national_number"][0]


def test_exit_before_entry_is_refused(coordinator, workshop):
    form = TraineeForm(data=trainee_data(workshop, exit_date="01/01/2026"), user=coordinator)
    assert not form.is_valid()
    assert "ne peut pas précéder" in form.errors["exit_date"][0]


def test_national_number_is_masked_on_pages_and_never_sent_back(client_as, admin_staff, workshop):
    trainee = TraineeFactory(
        workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30)
    )
    browser = client_as(admin_staff)
    for url in (
        reverse("trainee_detail", args=[trainee.pk]),
        reverse("trainee_update", args=[trainee.pk]),
    ):
        page = browser.get(url).content.decode()
        assert NISS not in page and "85.07.30" not in page
    page = browser.get(trainee.get_absolute_url()).content.decode()
    # Not even the check digits: with the birth date beside them, they left 11 candidates.
    assert "••.••.••-•••.••" in page and "•••.28" not in page


def test_editing_without_retyping_the_number_keeps_it(client_as, admin_staff, workshop):
    trainee = TraineeFactory(
        workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30)
    )
    data = trainee_data(workshop, national_number="", first_name="Bruna", version=1)
    response = client_as(admin_staff).post(reverse("trainee_update", args=[trainee.pk]), data)
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.first_name, trainee.national_number) == ("Bruna", NISS)


def test_coordinator_reveal_shows_the_number_and_is_logged(client_as, coordinator, workshop):
    trainee = TraineeFactory(
        workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30)
    )
    response = client_as(coordinator).post(reverse("trainee_reveal", args=[trainee.pk]))
    assert "85.07.30-033.28" in response.content.decode()
    log = NationalNumberReveal.objects.get()
    assert (log.trainee, log.user) == (trainee, coordinator)


def test_admin_staff_cannot_reveal_nor_read_personal_notes(client_as, admin_staff, workshop):
    trainee = TraineeFactory(workshop=workshop, notes="Suivi psychologique en cours")
    browser = client_as(admin_staff)
    assert browser.post(reverse("trainee_reveal", args=[trainee.pk])).status_code == 403
    assert not NationalNumberReveal.objects.exists()
    assert "Suivi psychologique" not in browser.get(trainee.get_absolute_url()).content.decode()
    assert (
        "notes"
        not in browser.get(reverse("trainee_update", args=[trainee.pk])).context["form"].fields
    )


def test_trainer_list_shows_only_their_workshops(client_as, trainer, workshop, other_workshop):
    TraineeFactory(workshop=workshop, last_name="Visible")
    TraineeFactory(workshop=other_workshop, last_name="Cache")
    page = client_as(trainer).get(reverse("trainee_list")).content.decode()
    assert "Visible" in page and "Cache" not in page


def test_overlapping_contract_is_refused_and_nothing_changes(client_as, admin_staff, workshop):
    contract = ContractFactory(trainee=TraineeFactory(workshop=workshop))
    url = reverse("contract_create", args=[contract.trainee.pk])
    response = client_as(admin_staff).post(
        url,
        {
            "start_date": "2026-06-01",
            "end_date": "2027-05-31",
            "hours_per_week": "30",
        },
    )
    assert response.status_code == 200
    assert "chevauche le contrat du 05/01/2026 au 31/12/2026" in response.content.decode()
    assert TrainingContract.objects.count() == 1


def test_contract_end_before_start_and_hours_out_of_range(client_as, admin_staff, workshop):
    trainee = TraineeFactory(workshop=workshop)
    response = client_as(admin_staff).post(
        reverse("contract_create", args=[trainee.pk]),
        {
            "start_date": "2026-06-01",
            "end_date": "2026-05-01",
            "hours_per_week": "45",
        },
    )
    errors = response.context["form"].errors
    assert "ne peut pas précéder" in errors["end_date"][0]
    assert "hours_per_week" in errors
    assert not TrainingContract.objects.exists()


def test_following_contract_is_accepted(client_as, admin_staff, workshop):
    contract = ContractFactory(trainee=TraineeFactory(workshop=workshop))
    response = client_as(admin_staff).post(
        reverse("contract_create", args=[contract.trainee.pk]),
        {
            "start_date": "2027-01-01",
            "end_date": "2027-06-30",
            "hours_per_week": "38",
        },
    )
    assert response.status_code == 302
    assert contract.trainee.contracts.count() == 2


def skills_xlsx(rows):
    workbook = Workbook()
    workbook.active.append(["Domaine", "Code", "Compétence", "Référence SFMQ/UAA"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("skills.xlsx", buffer.getvalue())


def test_skills_import_creates_areas_and_skills(client_as, trainer, workshop):
    framework = FrameworkFactory(workshop=workshop)
    browser = client_as(trainer)
    url = reverse("skill_import", args=[framework.pk])
    preview = browser.post(
        url,
        {
            "file": skills_xlsx(
                [
                    ["Maçonnerie", "MAC01", "Préparer un mortier", "UAA1"],
                    ["Maçonnerie", "MAC02", "Monter un mur", ""],
                    ["Peinture", "PEI01", "Poncer", ""],
                ]
            )
        },
    )
    assert browser.post(url, {"token": preview.context["token"]}).status_code == 302
    assert sorted(framework.areas.values_list("name", flat=True)) == ["Maçonnerie", "Peinture"]
    assert Skill.objects.get(code="MAC01").reference == "UAA1"


def test_skills_import_refuses_an_existing_code(client_as, trainer, workshop):
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop))
    SkillFactory(area=area, code="MAC01")
    url = reverse("skill_import", args=[area.framework.pk])
    response = client_as(trainer).post(url, {"file": skills_xlsx([["X", "MAC01", "Y", ""]])})
    assert "déjà une compétence avec ce code" in response.context["rows"][0].errors[0]
    assert Skill.objects.count() == 1


def test_skill_code_is_unique_in_its_framework(client_as, trainer, workshop):
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop))
    SkillFactory(area=area, code="MAC01")
    response = client_as(trainer).post(
        reverse("skill_create", args=[area.framework.pk]),
        {
            "area": area.pk,
            "code": "MAC01",
            "name": "Doublon",
            "position": 0,
            "is_active": "on",
        },
    )
    assert "déjà une compétence avec ce code" in response.context["form"].errors["code"][0]


def test_autonomy_scale_has_four_positive_levels_that_can_be_renamed(client_as, coordinator):
    from trainees.models import AutonomyLevel

    assert list(AutonomyLevel.objects.values_list("name", flat=True)) == [
        "Découverte",
        "Avec aide",
        "Autonome",
        "Maîtrise",
    ]
    level = AutonomyLevel.objects.get(rank=2)
    client_as(coordinator).post(
        reverse("autonomy_level_update", args=[level.pk]),
        {"name": "Accompagné·e", "description": ""},
    )
    level.refresh_from_db()
    assert level.name == "Accompagné·e"


def test_an_area_with_skills_is_not_deleted(client_as, trainer, workshop):
    area = AreaFactory(framework=FrameworkFactory(workshop=workshop))
    SkillFactory(area=area)
    browser = client_as(trainer)
    response = browser.post(reverse("area_delete", args=[area.pk]), follow=True)
    assert "Déplacez ou supprimez d" in response.content.decode()
    assert area.skills.count() == 1


def duplicate_attempt(browser, workshop, number=NISS):
    data = trainee_data(workshop, national_number=number, birth_date="30/07/1985")
    return browser.post(reverse("trainee_create"), data)


def test_a_duplicate_number_tells_admin_staff_nothing_and_is_logged(
    client_as, admin_staff, workshop
):
    owner = TraineeFactory(
        workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30)
    )
    response = duplicate_attempt(client_as(admin_staff), workshop)
    errors = response.context["form"].errors["national_number"]
    assert errors == [
        "Ce numéro ne peut pas être enregistré ici. Laissez le champ vide et demandez "
        "à la coordination de l'encoder."
    ]
    page = response.content.decode()
    assert "déjà" not in page and owner.last_name not in page
    attempt = NationalNumberReveal.objects.get()
    assert (attempt.trainee, attempt.user, attempt.kind) == (owner, admin_staff, "duplicate")


def test_after_three_duplicate_hits_in_a_day_no_number_is_checked(client_as, admin_staff, workshop):
    TraineeFactory(workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30))
    browser = client_as(admin_staff)
    for _attempt in range(3):
        duplicate_attempt(browser, workshop)
    # A number nobody has is now refused the same way: trying teaches nothing.
    free = national_number(datetime.date(1985, 7, 30), 35)
    response = duplicate_attempt(browser, workshop, number=free)
    assert "ne peut plus être vérifié aujourd'hui" in html.unescape(response.content.decode())
    assert not Trainee.objects.filter(national_number=free).exists()
    assert NationalNumberReveal.objects.filter(kind="duplicate").count() == 3


def test_coordination_is_told_plainly_that_the_number_is_taken(client_as, coordinator, workshop):
    TraineeFactory(workshop=workshop, national_number=NISS, birth_date=datetime.date(1985, 7, 30))
    response = duplicate_attempt(client_as(coordinator), workshop)
    assert "déjà" in " ".join(response.context["form"].errors["national_number"])
    assert not NationalNumberReveal.objects.exists()


def test_the_history_panel_hides_the_personal_notes_from_those_who_may_not_read_them(
    client_as, admin_staff, social_worker, workshop
):
    trainee = TraineeFactory(workshop=workshop, notes="Premier entretien")
    trainee.notes = "Difficultés de logement"
    trainee.save()
    trainee.phone = "0470 12 34 56"
    trainee.save()
    office = client_as(admin_staff).get(trainee.get_absolute_url())
    page = office.content.decode()
    assert "logement" not in page and "Premier entretien" not in page
    assert "Notes personnelles" not in page
    # The change of phone shows; the change of notes alone is left out entirely.
    entries = [item.entry for item in office.context["chatter"] if item.entry]
    assert [len(entry.changes) for entry in entries] == [1, 0]
    page = client_as(social_worker).get(trainee.get_absolute_url()).content.decode()
    assert "Difficultés de logement" in page
