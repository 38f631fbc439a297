"""Operations that change the competence record's own rows: self-assessments,
trainers' answers, skill validations, attestations. Each runs in one
transaction and raises a ValidationError whose messages are for the user."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eft.models import Organisation
from eft.text import person_name
from jobs import services as job_services
from jobs.models import MonthClosing
from jobs.services import month_label
from records import selectors, statements
from records.choices import StatementKind
from records.models import (
    AllowanceRate,
    Attestation,
    SelfAssessment,
    SkillValidation,
    Statement,
    TrainerReply,
    TravelCost,
)
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
    Trainee.objects.select_for_update().get(pk=trainee.pk)  # two taps at once: one row
    assessment, _created = SelfAssessment.objects.get_or_create(
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
    *, trainee: Trainee, start: datetime.date, end: datetime.date, user, reuse: bool = False
) -> Attestation:
    """Issue an attestation of skills for a period: everything it shows is
    copied into it now (the centre, the workshop, the hours, each skill with the
    name its level has today), so later changes never alter it. With ``reuse``,
    one issued the same day by the same person with the same content is returned
    instead of a copy."""
    Trainee.objects.select_for_update().get(pk=trainee.pk)
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
    if reuse:
        same = (
            trainee.attestations.filter(
                period_start=start,
                period_end=end,
                issued_by=user,
                issued_at__date=timezone.localdate(),
            )
            .order_by("-issued_at")
            .first()
        )
        if same is not None and same.content == content:
            return same
    return Attestation.objects.create(
        trainee=trainee, period_start=start, period_end=end, issued_by=user, content=content
    )


# --- Hours statements -----------------------------------------------------------------


def statement_outdated(statement: Statement, closing: MonthClosing | None) -> bool:
    """An issued statement must be issued again once its month was reopened."""
    return closing is None or not closing.is_closed or closing.changed_at > statement.issued_at


def statement_document(*, kind: str, month: datetime.date, subject):
    """What a statement shows: (the issue on record or None, the figures, the
    month's closing). The issued figures while they stand, else those of today;
    ``issued.figures is figures`` tells the first case."""
    closing = MonthClosing.objects.filter(month=month).first()
    subject_filter = (
        {"workshop": subject} if kind == StatementKind.WORKSHOP else {"trainee": subject}
    )
    issued = (
        Statement.objects.current()
        .filter(kind=kind, month=month, **subject_filter)
        .select_related("issued_by")
        .first()
    )
    if issued is not None and not statement_outdated(issued, closing):
        return issued, issued.figures, closing
    if kind == StatementKind.WORKSHOP:
        return issued, statements.workshop_figures(subject, month), closing
    return issued, statements.trainee_figures(subject, month), closing


@transaction.atomic
def statement_issue(*, kind: str, month: datetime.date, subject, user) -> Statement:
    """Issue the statement of a closed month for a workshop or a trainee: its
    figures are frozen as they are now. An earlier issue of the same statement
    is kept, marked as superseded. Refused while the month is open."""
    month = month.replace(day=1)
    closing = MonthClosing.objects.select_for_update().filter(month=month).first()
    if closing is None or not closing.is_closed:
        raise ValidationError(
            _(
                "%(month)s is not closed: close the month first, so that its hours can no "
                "longer change, then issue its statement."
            )
            % {"month": month_label(month)}
        )
    if kind == StatementKind.WORKSHOP:
        figures = statements.workshop_figures(subject, month)
        same = {"workshop": subject}
    else:
        figures = statements.trainee_figures(subject, month)
        same = {"trainee": subject}
    now = timezone.now()
    Statement.objects.current().filter(kind=kind, month=month, **same).update(superseded_at=now)
    return Statement.objects.create(kind=kind, month=month, issued_by=user, figures=figures, **same)


def issued_since_closing(month: datetime.date) -> int:
    """How many statements of ``month`` are issued and current (reopening voids them)."""
    return Statement.objects.current().filter(month=month.replace(day=1)).count()


@transaction.atomic
def month_reopen(*, month: datetime.date, user, reason: str, confirmed: bool) -> MonthClosing:
    """Reopen a closed month (``jobs.services.month_reopen``); when statements
    of it were issued, the person must confirm that they will be issued again."""
    issued = issued_since_closing(month)
    if issued and not confirmed:
        raise NeedsConfirmation(
            ngettext(
                "%(count)s statement of %(month)s was issued: after reopening, it will have "
                "to be issued again. Confirm to reopen.",
                "%(count)s statements of %(month)s were issued: after reopening, they will "
                "have to be issued again. Confirm to reopen.",
                issued,
            )
            % {"count": issued, "month": month_label(month)},
            code="confirm",
        )
    return job_services.month_reopen(month, user, reason)


@transaction.atomic
def travel_costs_save(*, month: datetime.date, amounts: dict, user) -> int:
    """Set each trainee's travel costs for ``month`` (``amounts``: trainee ->
    Decimal or None to clear). Negative amounts are refused. Returns how many
    changed."""
    month = month.replace(day=1)
    if MonthClosing.objects.is_closed(month):
        raise ValidationError(
            _(
                "%(month)s is closed: its travel costs are locked with its hours. Ask "
                "coordination to reopen the month to change them."
            )
            % {"month": month_label(month)}
        )
    errors = [
        _("%(name)s: the travel costs cannot be negative.") % {"name": trainee.full_name}
        for trainee, amount in amounts.items()
        if amount is not None and amount < 0
    ]
    if errors:
        raise ValidationError(errors)
    existing = {
        cost.trainee_id: cost
        for cost in TravelCost.objects.select_for_update().filter(
            month=month, trainee__in=[t.pk for t in amounts]
        )
    }
    changed = 0
    for trainee, amount in amounts.items():
        cost = existing.get(trainee.pk)
        if amount is None or amount == 0:
            if cost is not None:
                cost._history_user = user
                cost.delete()
                changed += 1
            continue
        if cost is not None and cost.amount == amount:
            continue
        cost = cost or TravelCost(trainee=trainee, month=month)
        cost.amount, cost.changed_by = amount, user
        cost._history_user = user
        cost.save()
        changed += 1
    return changed


@transaction.atomic
def allowance_rate_add(*, rate: AllowanceRate, user) -> AllowanceRate:
    """A new allowance rate from a day on. It may not start in or before a closed
    month: that would change the figures of hours already closed."""
    start = rate.valid_from.replace(day=1)
    closed = (
        MonthClosing.objects.filter(is_closed=True, month__gte=start)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if closed is not None:
        raise ValidationError(
            _(
                "%(month)s is closed: a new rate can only start after the last closed month, "
                "so that closed months keep their figures."
            )
            % {"month": month_label(closed)}
        )
    rate.full_clean()
    rate._history_user = user
    rate.save()
    return rate
