"""Self-assessment, trainers' answers, validation of skills."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from records import selectors, services
from records.models import SelfAssessment, SkillValidation, TrainerReply
from tests.records.conftest import DAY, level, practise

pytestmark = pytest.mark.django_db


def assess(client, trainee, skill, rank, remark=""):
    return client.post(
        reverse("self_assessment", args=[trainee.pk, skill.pk]),
        {"level": level(rank).pk, "remark": remark},
        follow=True,
    )


def test_a_trainee_gives_their_own_level_beside_the_trainers(
    client_as, amina, skills, trainer, trainee_user
):
    practise(amina, skills["mortar"], 2, by=trainer)
    page = assess(client_as(trainee_user), amina, skills["mortar"], 3, "Je dose seule maintenant")
    assert "Merci" in page.content.decode()
    own = SelfAssessment.objects.get()
    assert (own.level.rank, own.remark, own.trainee) == (3, "Je dose seule maintenant", amina)
    line = selectors.competence_record(amina).lines[skills["mortar"].pk]
    assert (line.latest.rank, line.self_level.rank) == (2, 3)
    record = client_as(trainer).get(reverse("competence_record", args=[amina.pk]))
    assert "Avis du stagiaire" in record.content.decode()


def test_saving_again_the_same_day_replaces_that_days_view_only(amina, skills, trainer):
    practise(amina, skills["mortar"], 2, by=trainer)
    user = amina.user
    services.self_assessment_save(
        trainee=amina, skill=skills["mortar"], user=user, level=level(1), today=DAY
    )
    services.self_assessment_save(
        trainee=amina,
        skill=skills["mortar"],
        user=user,
        level=level(2),
        today=DAY + datetime.timedelta(days=1),
    )
    services.self_assessment_save(
        trainee=amina,
        skill=skills["mortar"],
        user=user,
        level=level(3),
        today=DAY + datetime.timedelta(days=1),
    )
    assert list(
        SelfAssessment.objects.order_by("assessed_on").values_list("level__rank", flat=True)
    ) == [1, 3]


def test_a_self_assessment_on_a_skill_never_practised_is_refused(
    client_as, amina, skills, trainee_user
):
    page = assess(client_as(trainee_user), amina, skills["wall"], 3)
    assert not SelfAssessment.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.self_assessment_save(
            trainee=amina, skill=skills["wall"], user=amina.user, level=level(3)
        )
    assert "Vous n'avez pas encore exercé cette compétence" in error.value.messages[0]
    assert page.status_code in (200, 404)


def test_nobody_else_writes_a_trainees_self_assessment(
    client_as, amina, skills, trainer, coordinator
):
    practise(amina, skills["mortar"], 2, by=trainer)
    for user in (trainer, coordinator):
        response = assess(client_as(user), amina, skills["mortar"], 4)
        assert response.status_code == 403
        with pytest.raises(ValidationError):
            services.self_assessment_save(
                trainee=amina, skill=skills["mortar"], user=user, level=level(4)
            )
    assert not SelfAssessment.objects.exists()


def test_a_trainer_answers_without_touching_the_trainees_words(
    client_as, amina, skills, trainer, trainee_user
):
    practise(amina, skills["mortar"], 2, by=trainer)
    assess(client_as(trainee_user), amina, skills["mortar"], 3, "Je dose seule")
    own = SelfAssessment.objects.get()
    client_as(trainer).post(
        reverse("assessment_reply", args=[own.pk]), {"text": "Bravo, on vérifie ensemble demain"}
    )
    reply = TrainerReply.objects.get()
    assert (reply.author, reply.text) == (trainer, "Bravo, on vérifie ensemble demain")
    own.refresh_from_db()
    assert (own.level.rank, own.remark) == (3, "Je dose seule")
    page = client_as(trainee_user).get(
        reverse("record_skill", args=[amina.pk, skills["mortar"].pk])
    )
    assert "Bravo, on vérifie ensemble demain" in page.content.decode()
    assert (
        client_as(trainee_user)
        .post(reverse("assessment_reply", args=[own.pk]), {"text": "x"})
        .status_code
        == 403
    )


def test_a_trainer_marks_a_skill_as_acquired_with_its_evidence(client_as, amina, skills, trainer):
    practise(amina, skills["mortar"], 3, by=trainer)
    url = reverse("skill_validate", args=[amina.pk, skills["mortar"].pk])
    client_as(trainer).post(
        url,
        {
            "level": level(3).pk,
            "validated_on": "2026-11-20",
            "evidence": "CH-2026-0101 : trois séances en autonomie",
        },
    )
    validation = SkillValidation.objects.get()
    assert (validation.validated_by, validation.without_practice) == (trainer, False)
    assert selectors.competence_record(amina).lines[
        skills["mortar"].pk
    ].acquired_on == datetime.date(2026, 11, 20)
    again = client_as(trainer).post(
        url, {"level": level(3).pk, "validated_on": "2026-11-21", "evidence": "x"}
    )
    assert "déjà marquée comme acquise" in again.content.decode()


def test_a_validation_without_any_practice_asks_for_confirmation(client_as, amina, skills, trainer):
    url = reverse("skill_validate", args=[amina.pk, skills["wall"].pk])
    data = {"level": level(2).pk, "validated_on": "2026-11-20", "evidence": "Épreuve au centre"}
    page = client_as(trainer).post(url, data)
    assert 'data-testid="confirm"' in page.content.decode()
    assert escape("Aucune pratique de cette compétence n'est encodée") in page.content.decode()
    assert not SkillValidation.objects.exists()
    client_as(trainer).post(url, {**data, "confirmed": "on"})
    assert SkillValidation.objects.get().without_practice


@pytest.mark.parametrize(
    "data, message",
    [
        ({"validated_on": "2099-01-01", "evidence": "x"}, "un jour qui est arrivé"),
        ({"validated_on": "pas une date", "evidence": "x"}, "Saisissez une date valide"),
        ({"validated_on": "2026-11-20", "evidence": ""}, "Ce champ est obligatoire"),
    ],
)
def test_bad_validations_are_refused(client_as, amina, skills, trainer, data, message):
    practise(amina, skills["mortar"], 3, by=trainer)
    url = reverse("skill_validate", args=[amina.pk, skills["mortar"].pk])
    page = client_as(trainer).post(url, {"level": level(3).pk, **data})
    assert message in page.content.decode()
    assert not SkillValidation.objects.exists()


def test_a_trainee_cannot_validate_their_own_skills(
    client_as, amina, skills, trainer, trainee_user
):
    practise(amina, skills["mortar"], 3, by=trainer)
    url = reverse("skill_validate", args=[amina.pk, skills["mortar"].pk])
    response = client_as(trainee_user).post(
        url, {"level": level(4).pk, "validated_on": "2026-11-20", "evidence": "moi"}
    )
    assert response.status_code == 403
    assert not SkillValidation.objects.exists()
