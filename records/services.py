"""Operations that change the competence record's own rows: self-assessments,
trainers' answers, skill validations, attestations. Each runs in one
transaction and raises a ValidationError whose messages are for the user."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eft.models import Organisation
from eft.text import person_name
from records import selectors
from records.models import Attestation, SelfAssessment, SkillValidation, TrainerReply
from trainees.models import AutonomyLevel, Skill, Trainee


class NeedsConfirmation(ValidationError):
    """Raised when an operation is allowed only once the person confirms it."""


@transaction.atomic
def self_assessment_save(
    *,
    trainee: Trainee,
    skill: Skill,
    user,
    level: AutonomyLevel,
    remark: str = "",
    today: datetime.date | None = None,
) -> SelfAssessment:
    """The trainee's own level and words on a skill they practised. Only the
    trainee writes it (from their own login); saving again the same day
    replaces that day's, earlier days stay as they were."""
    if trainee.user_id is None or trainee.user_id != user.pk:
        raise ValidationError(_("Only the trainee can assess their own skills."))
    if not selectors.has_practised(trainee, skill):
        raise ValidationError(
            _(
                "You have not practised this skill yet: you can say how you do it once you "
                "have tried it on a session."
            )
        )
    assessment, _created = SelfAssessment.objects.select_for_update().get_or_create(
        trainee=trainee,
        skill=skill,
        assessed_on=today or timezone.localdate(),
        defaults={"level": level, "remark": remark.strip()},
    )
    if not _created:
        assessment.level, assessment.remark = level, remark.strip()
        assessment._history_user = user
        assessment.save()
    return assessment


@transaction.atomic
def reply_add(*, assessment: SelfAssessment, user, text: str) -> TrainerReply:
    """A trainer's answer to a self-assessment; the trainee's words are not touched."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write your answer first."))
    if assessment.trainee.user_id == user.pk:
        raise ValidationError(_("Answers come from the trainers."))
    return TrainerReply.objects.create(assessment=assessment, author=user, text=text[:500])


@transaction.atomic
def skill_validate(
    *,
    trainee: Trainee,
    skill: Skill,
    user,
    level: AutonomyLevel,
    validated_on: datetime.date,
    evidence: str,
    confirmed: bool = False,
) -> SkillValidation:
    """Mark a skill as acquired: when, by whom, on which evidence. A skill with
    no practice recorded asks for confirmation first (``NeedsConfirmation``)."""
    Trainee.objects.select_for_update().get(pk=trainee.pk)
    if SkillValidation.objects.filter(trainee=trainee, skill=skill).exists():
        raise ValidationError(_("This skill is already marked as acquired."))
    if validated_on > timezone.localdate():
        raise ValidationError(_("A skill is marked as acquired on a day that has come."))
    if not (evidence or "").strip():
        raise ValidationError(_("Say on which evidence: the jobs, sessions or test."))
    practised = selectors.has_practised(trainee, skill)
    if not practised and not confirmed:
        raise NeedsConfirmation(
            _(
                "No practice of this skill is recorded for %(name)s. Confirm to mark it as "
                "acquired anyway (for example after a test)."
            )
            % {"name": trainee.full_name},
            code="confirm",
        )
    validation = SkillValidation(
        trainee=trainee,
        skill=skill,
        level=level,
        validated_on=validated_on,
        validated_by=user,
        evidence=evidence.strip(),
        without_practice=not practised,
    )
    validation._history_user = user
    validation.save()
    return validation


@transaction.atomic
def skill_unvalidate(*, validation: SkillValidation, user) -> None:
    """Withdraw a validation given by mistake; its history keeps who gave and withdrew it."""
    validation._history_user = user
    validation.delete()


@transaction.atomic
def attestation_issue(
    *, trainee: Trainee, start: datetime.date, end: datetime.date, user
) -> Attestation:
    """Issue an attestation of skills for a period: everything it shows is
    copied into it now (the centre, the workshop, the hours, each skill with the
    name its level has today), so later changes never alter it."""
    if end < start:
        raise ValidationError(_("The end of the period cannot be before its start."))
    if start > timezone.localdate():
        raise ValidationError(_("The period has not started yet."))
    organisation = Organisation.get()
    hours = selectors.training_hours(trainee, start, end)
    content = {
        "organisation": {
            "legal_name": organisation.legal_name,
            "legal_form": organisation.legal_form,
            "address": organisation.address_lines,
            "enterprise_number": organisation.enterprise_number,
            "email": organisation.email,
            "phone": organisation.phone,
            "website": organisation.website,
        },
        "trainee": {
            "name": trainee.full_name,
            "birth_date": trainee.birth_date.isoformat() if trainee.birth_date else None,
            "entry_date": trainee.entry_date.isoformat(),
        },
        "workshop": {"name": trainee.workshop.name, "trade": trainee.workshop.trade},
        "period": [start.isoformat(), end.isoformat()],
        "hours": {
            "present": str(hours.present),
            "assimilated": str(hours.assimilated),
            "total": str(hours.training),
        },
        "levels": [
            {"rank": level.rank, "name": level.name, "description": level.description}
            for level in AutonomyLevel.objects.all()
        ],
        "skills": selectors.attested_skills(trainee, start, end),
        "issued_by": person_name(user),
    }
    return Attestation.objects.create(
        trainee=trainee, period_start=start, period_end=end, issued_by=user, content=content
    )
