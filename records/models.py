"""What is read out of the daily records for people: self-assessments, skill
validations, attestations, prior achievements, and the monthly hours
statements with the allowance rate and travel costs.

The competence record itself is not stored: it is computed from the skills
practised (``jobs.SkillPractice``) by ``records.selectors``, so it can never
disagree with the sessions.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from eft.choices import Role
from eft.fields import MoneyField
from eft.models import Workshop
from eft.permissions import has_role, sees_everything, workshop_ids
from records.choices import StatementKind
from trainees.models import AutonomyLevel, Skill, Trainee


def scoped_to_trainees(queryset, user, path: str = "trainee"):
    """The rows about trainees ``user`` may follow: every trainee for
    coordination and admin staff, those of their workshops for a trainer, their
    own for a trainee, nothing otherwise."""
    if sees_everything(user):
        return queryset
    if has_role(user, Role.TRAINER):
        return queryset.filter(**{f"{path}__workshop__in": workshop_ids(user)})
    if has_role(user, Role.TRAINEE):
        return queryset.filter(**{f"{path}__user": user})
    return queryset.none()


class TraineeRowQuerySet(models.QuerySet):
    def for_user(self, user):
        return scoped_to_trainees(self, user)


class SelfAssessment(models.Model):
    """A trainee's own view of a skill they practised: their level and their
    words, on a day. Only the trainee writes it, and nobody else can change or
    delete it; it is kept apart from the trainer's observations, so clearing a
    cell of the skills grid never touches it. One per skill and day: saving
    again the same day replaces that day's."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="self_assessments")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        AutonomyLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("my level")
    )
    remark = models.CharField(_("my words"), max_length=500, blank=True)
    assessed_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TraineeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "skill", "assessed_on"], name="self_assessment_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.trainee} — {self.skill} ({self.assessed_on:%d/%m/%Y})"


class TrainerReply(models.Model):
    """A trainer's answer to a self-assessment, kept apart from the trainee's words."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("answer"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trainer's answer")
        verbose_name_plural = _("trainers' answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:50]


class SkillValidation(models.Model):
    """A skill marked as acquired by a trainer or coordinator: when, by whom, on
    which evidence, at which level. This is what goes on the attestation. A
    validation given without any practice recorded says so."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="validations")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        AutonomyLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("level")
    )
    validated_on = models.DateField(_("acquired on"))
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("validated by"),
    )
    evidence = models.TextField(
        _("evidence"),
        max_length=1000,
        help_text=_("What shows it: the jobs, sessions or test on which it was observed."),
    )
    without_practice = models.BooleanField(
        _("no practice recorded"),
        default=False,
        help_text=_("Confirmed although no practice of the skill was recorded here."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = TraineeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill validation")
        verbose_name_plural = _("skill validations")
        ordering = ["-validated_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "skill"],
                name="validation_once_per_skill",
                violation_error_message=_("This skill is already marked as acquired."),
            )
        ]
        permissions = [
            ("view_record", "Can read competence records"),
            ("view_matrix", "Can read a workshop's competence matrix"),
            ("export_badges", "Can download Open Badges of validated skills"),
            ("import_badges", "Can import prior achievements from Open Badges"),
        ]

    def __str__(self):
        return f"{self.trainee} — {self.skill}"


class Attestation(models.Model):
    """An attestation of skills for a trainee and a period, as it was issued.

    ``content`` holds everything the document shows (the centre's details, the
    workshop, the training hours, each skill with its level's name of that day),
    so renaming the scale or a skill later never changes a past attestation."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attestations")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(editable=False)

    objects = TraineeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation of skills")
        verbose_name_plural = _("attestations of skills")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="attestation_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.trainee} {self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"


class PriorAchievement(models.Model):
    """A skill another centre validated, imported from its Open Badge: shown
    apart from what was observed here. ``credential`` is the document as received."""

    trainee = models.ForeignKey(
        Trainee, on_delete=models.PROTECT, related_name="prior_achievements"
    )
    credential_id = models.CharField(max_length=500)
    name = models.CharField(_("achievement"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    issuer_name = models.CharField(_("issued by"), max_length=300)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    alignment_code = models.CharField(_("SFMQ/UAA reference"), max_length=100, blank=True)
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("matching skill here"),
    )  # fmt: skip
    credential = models.JSONField(editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TraineeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("prior achievement")
        verbose_name_plural = _("prior achievements")
        ordering = ["-achieved_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "credential_id"],
                name="prior_achievement_once",
                violation_error_message=_("This badge was already imported for this trainee."),
            )
        ]

    def __str__(self):
        return self.name


class AllowanceRateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self


DEFAULT_ALLOWANCE = Decimal("1.00")


class AllowanceRate(models.Model):
    """The training allowance per hour, gross, from a date on (it changes), and
    whether assimilated hours (justified absences) are paid as well."""

    valid_from = models.DateField(_("from"), unique=True)
    hourly_rate = MoneyField(_("allowance per hour (gross)"), validators=[MinValueValidator(0)])
    pays_assimilated = models.BooleanField(
        _("assimilated hours are paid too"),
        default=False,
        help_text=_("Off: the allowance is paid on the hours present only."),
    )

    history = HistoricalRecords()
    objects = AllowanceRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="allowance_rate_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.valid_from:%d/%m/%Y}: {self.hourly_rate} €"


class TravelCost(models.Model):
    """A trainee's travel costs for a month, entered by the administration."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="travel_costs")
    month = models.DateField(_("month"))
    amount = MoneyField(_("travel costs"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = TraineeRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("travel costs")
        verbose_name_plural = _("travel costs")
        ordering = ["-month", "trainee__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["trainee", "month"], name="travel_cost_once_a_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="travel_cost_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="travel_cost_month_first_day"),
        ]

    def __str__(self):
        return f"{self.trainee} {self.month:%m/%Y}: {self.amount} €"


class StatementQuerySet(models.QuerySet):
    def for_user(self, user):
        if sees_everything(user):
            return self
        return self.none()

    def current(self):
        return self.filter(superseded_at__isnull=True)


class Statement(models.Model):
    """A monthly hours statement as it was issued, its figures frozen.

    Issued only for a closed month. Issuing again (after the month was reopened
    and closed again) keeps the earlier one, marked as superseded."""

    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices)
    month = models.DateField(_("month"))
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    trainee = models.ForeignKey(
        Trainee, on_delete=models.PROTECT, related_name="statements", null=True, blank=True
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    figures = models.JSONField(editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued statement")
        verbose_name_plural = _("issued statements")
        ordering = ["-month", "-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=StatementKind.TRAINEE, trainee__isnull=False)
                    | Q(kind=StatementKind.WORKSHOP, workshop__isnull=False)
                ),
                name="statement_has_its_subject",
            ),  # fmt: skip
            models.CheckConstraint(condition=Q(month__day=1), name="statement_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "kind"])]

    def __str__(self):
        subject = self.trainee if self.kind == StatementKind.TRAINEE else self.workshop
        return f"{self.get_kind_display()} {self.month:%m/%Y} {subject}"
