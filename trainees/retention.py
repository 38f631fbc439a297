"""Retention: some time after a trainee's exit (``TRAINEE_RETENTION_DAYS``), their
personal data is removed. What subsidy audits need stays — the hours, the
statements' figures, the skills practised and validated — with no name, number
or contact left: the record becomes “Stagiaire anonymisé·e n° 123”."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eft.validators import format_national_number
from trainees.choices import TraineeStatus
from trainees.models import Trainee


def due(today: datetime.date):
    """Trainees whose exit is older than the retention period, not yet anonymised."""
    limit = today - datetime.timedelta(days=settings.TRAINEE_RETENTION_DAYS)
    left = Q(exit_date__lt=limit) & ~Q(status=TraineeStatus.ACTIVE)
    # An applicant who never started has no exit date: counted from their entry.
    never_started = Q(status=TraineeStatus.APPLICANT, exit_date__isnull=True, entry_date__lt=limit)
    return Trainee.objects.filter(left | never_started, anonymised_at__isnull=True)


def _scrub(value, secrets: list[str], label: str):
    """``value`` (JSON: dicts, lists, strings) with every secret replaced by ``label``."""
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, label)
        return value
    if isinstance(value, list):
        return [_scrub(item, secrets, label) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, secrets, label) for key, item in value.items()}
    return value


@transaction.atomic
def anonymise(trainee: Trainee) -> Trainee:
    from chatter.services import delete_notes_of
    from followup.models import FollowUpEntry
    from jobs.models import Attendance, SkillPractice
    from records.models import (
        Attestation,
        SelfAssessment,
        SkillValidation,
        Statement,
        TrainerReply,
    )

    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    label = _("Anonymised trainee no. %(number)s") % {"number": trainee.pk}
    secrets = [
        s
        for s in (
            trainee.full_name,
            f"{trainee.last_name} {trainee.first_name}",
            f"{trainee.last_name}, {trainee.first_name}",
            format_national_number(trainee.national_number),
            trainee.national_number,
            trainee.email,
            trainee.phone,
        )
        if s and len(s) > 2
    ]
    born = trainee.birth_date
    if born:
        secrets += [born.isoformat(), born.strftime("%d/%m/%Y")]
    # The frozen documents: attestations, and the statements of the months they were here.
    for attestation in Attestation.objects.filter(trainee=trainee):
        attestation.content = _scrub(attestation.content, secrets, label)
        attestation.save(update_fields=["content"])
    months = Statement.objects.filter(
        Q(trainee=trainee) | Q(workshop=trainee.workshop_id),
        month__gte=trainee.entry_date.replace(day=1),
    )
    if trainee.exit_date:
        months = months.filter(month__lte=trainee.exit_date)
    for statement in months:
        figures = _scrub(statement.figures, secrets, label)
        if figures != statement.figures:
            statement.figures = figures
            statement.save(update_fields=["figures"])
    # Words about the person, and the follow-up, go; the skills and hours stay.
    attendances = Attendance.objects.filter(trainee=trainee)
    practices = SkillPractice.objects.filter(attendance__in=attendances)
    practices.update(remark="")
    SkillPractice.history.filter(attendance_id__in=attendances.values("pk")).update(remark="")
    SelfAssessment.objects.filter(trainee=trainee).update(remark="")
    SelfAssessment.history.filter(trainee_id=trainee.pk).update(remark="")
    TrainerReply.objects.filter(assessment__trainee=trainee).update(text="—")
    for validation in SkillValidation.objects.filter(trainee=trainee):
        validation.evidence = _scrub(validation.evidence, secrets, label)
        validation.save(update_fields=["evidence"])
    SkillValidation.history.filter(trainee_id=trainee.pk).update(evidence="")
    FollowUpEntry.objects.filter(trainee=trainee).delete()
    delete_notes_of(trainee)  # the chatter's notes about them, with their photos
    # The logs of who saw the number or the follow-up stay (the staff's audit):
    # they name no one but the staff once the trainee is anonymised.
    # The login goes: deactivated, with nothing of the person left on it, nor in
    # the login attempts kept under its name.
    if trainee.user_id:
        user = trainee.user
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=user.username).delete()
        user.username = f"anonyme-{trainee.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    trainee.first_name = _("Trainee")
    trainee.last_name = _("anonymised no. %(number)s") % {"number": trainee.pk}
    trainee.birth_date = None
    trainee.national_number = ""
    trainee.email = trainee.phone = ""
    trainee.street = trainee.postal_code = trainee.city = ""
    trainee.notes = ""
    trainee.anonymised_at = timezone.now()
    trainee.save()
    # The record's history held every earlier value: it goes too.
    trainee.history.all().delete()
    return trainee
