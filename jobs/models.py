"""Jobs (work orders), their lines, work sessions, attendance and skills practised.

A job belongs to one workshop; everything below it (sessions, attendance, skill
practice) is seen by whoever sees the job. A trainee sees only the sessions they
are on, and their own rows.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clients.models import Client, Site
from eft.choices import Role
from eft.fields import MoneyField, choices_rank
from eft.models import Workshop
from eft.permissions import has_role, sees_everything, workshop_ids
from eft.search import search_words
from eft.text import fold
from eft.vat import VatTreatment, category_for, line_amount
from jobs.choices import (
    AbsenceReason,
    JobStatus,
    LineKind,
    Period,
    Pricing,
    SessionKind,
    VatRate,
)
from trainees.models import AutonomyLevel, Skill, Trainee, TrainingContract

HOURS = {"max_digits": 5, "decimal_places": 2}


class JobSequence(models.Model):
    """The last reference number given in a year (CH-2026-0042). Read and bumped
    under a row lock, so two jobs never get the same number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("job numbering")
        verbose_name_plural = _("job numbering")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def scoped(queryset, user, *, workshop: str, own: str | None = None):
    """The rows ``user`` may see: all for coordination and admin staff, those of
    their workshops for a trainer (``workshop`` is the path to the workshop), a
    trainee's own (``own`` is the path to their login), nothing otherwise."""
    if sees_everything(user):
        return queryset
    if has_role(user, Role.TRAINER):
        return queryset.filter(**{f"{workshop}__in": workshop_ids(user)})
    if own and has_role(user, Role.TRAINEE):
        return queryset.filter(**{own: user})
    return queryset.none()


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """Coordination and admin staff see every job, a trainer the jobs of
        their workshops; trainees do not open jobs."""
        return scoped(self, user, workshop="workshop")

    def search(self, text: str):
        return search_words(self, text)


class Job(models.Model):
    """A work order for a client, done by a workshop's trainees and trainers.

    Invariants: the reference is given once, on creation, from the year's
    sequence; the status only changes through ``jobs.workflow``; ``version`` grows
    by one on every change, so an edit made on a stale copy is refused instead
    of silently overwriting someone else's."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("client")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("work site"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the work is done at the client's billing address."),
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("workshop")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("work to do"), blank=True)
    pricing = models.CharField(
        _("pricing"), max_length=20, choices=Pricing.choices, default=Pricing.FIXED
    )
    hourly_rate = MoneyField(
        _("hourly rate (excl. VAT)"),
        validators=[MinValueValidator(0)],
        null=True,
        blank=True,
        help_text=_("For time and materials; empty means the workshop's rate."),
    )
    responsible_trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responsible_jobs",
        verbose_name=_("responsible trainer"),
        null=True,
        blank=True,
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True, editable=False)
    actual_end = models.DateField(_("actual end"), null=True, blank=True, editable=False)
    buyer_reference = models.CharField(
        _("client's order reference"),
        max_length=100,
        blank=True,
        help_text=_("The client's order or purchase number, repeated on the invoice."),
    )
    vat_treatment = models.CharField(
        _("VAT treatment"),
        max_length=20,
        choices=VatTreatment.choices,
        default=VatTreatment.STANDARD,
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    usual_skills = models.ManyToManyField(
        Skill,
        blank=True,
        related_name="+",
        verbose_name=_("usual skills"),
        help_text=_("Offered first when the skills practised are recorded."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=JobStatus.choices,
        default=JobStatus.DRAFT,
        editable=False,
    )
    # The status's place in its order (draft … cancelled), kept by the database:
    # the list grouped by status reads its rows in that order from an index
    # (job_status_order) rather than sorting every job.
    status_rank = models.GeneratedField(
        expression=choices_rank("status", JobStatus.choices),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the status last changed: the board's closed columns show recent jobs only.
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    # Its chatter's notes, deleted with it (chatter.Note).
    chatter_notes = GenericRelation("chatter.Note")
    history = HistoricalRecords(
        excluded_fields=["search_text", "version", "status_changed_at", "status_rank"]
    )
    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-reference"]
        indexes = [
            models.Index(fields=["workshop", "reference"]),
            models.Index(fields=["workshop", "status"]),
            models.Index(fields=["status", "reference"]),
            models.Index(fields=["status_rank", "-reference"], name="job_status_order"),
            models.Index(fields=["client", "reference"]),
            models.Index(fields=["status", "status_changed_at"], name="job_status_recent"),
            models.Index(fields=["planned_start"], name="job_planned_start"),  # home pages
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="job_planned_end_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def effective_hourly_rate(self) -> Decimal:
        if self.hourly_rate is not None:
            return self.hourly_rate
        return self.workshop.default_hourly_rate

    def build_search_text(self) -> str:
        parts = (self.reference, self.title, self.client_name_for_search())
        return fold(" ".join(p for p in parts if p))

    def client_name_for_search(self) -> str:
        client = self.client if self.client_id else None
        return client.display_name if client else ""

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot be before the planned start.")
        if self.site_id and self.client_id and self.site.client_id != self.client_id:
            errors["site"] = _("This work site belongs to another client.")
        if self.client_id and self.client.is_archived and self._state.adding:
            errors["client"] = _("This client is archived: restore it before giving it a job.")
        if self.responsible_trainer_id and self.workshop_id:
            if not self.workshop.trainers.filter(pk=self.responsible_trainer_id).exists():
                errors["responsible_trainer"] = _(
                    "The responsible trainer must be a trainer of the workshop %(workshop)s."
                ) % {"workshop": self.workshop}
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status not in (JobStatus.INVOICED, JobStatus.CANCELLED)


class JobLine(models.Model):
    """A line of the quote: labour (in hours), materials or anything else."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=LineKind.choices, default=LineKind.LABOUR
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=20, default="h")
    unit_price = MoneyField(_("unit price (excl. VAT)"), validators=[MinValueValidator(0)])
    vat_rate = models.DecimalField(
        _("VAT rate"),
        max_digits=4,
        decimal_places=2,
        choices=[(Decimal(v), label) for v, label in VatRate.choices],
        default=Decimal("21.00"),
    )

    class Meta:
        verbose_name = _("job line")
        verbose_name_plural = _("job lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="job_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="job_line_unit_price_positive"
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def amount(self) -> Decimal:
        return line_amount(self.quantity, self.unit_price)

    def vat_category(self, treatment: str) -> str:
        return category_for(treatment, self.vat_rate)


class BillableAdjustment(models.Model):
    """Billable hours added to (or taken from) a time-and-materials job beside
    its sessions' billable hours, with the reason: what used to be a figure for
    the whole job, now a unit an invoice line can bill and a credit note release."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="adjustments")
    hours = models.DecimalField(_("billable hours"), max_digits=7, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("billable hours adjustment")
        verbose_name_plural = _("billable hours adjustments")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(hours=0), name="adjustment_not_zero")]

    def __str__(self):
        return f"{self.job.reference} {self.hours:+} h"


class WorkSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Whoever sees the workshop sees its sessions; a trainee, the sessions they are on."""
        return scoped(self, user, workshop="workshop", own="attendances__trainee__user")


class WorkSession(models.Model):
    """A training session on one day, for a half-day or a time range, with its team.

    Its kind says what it is: production on a job (the only kind with a job and
    billable hours), a lesson in the centre, a placement in a company, or a
    training day at a partner. Every kind is planned, checked, recorded and
    closed the same way. The trainees are the session's ``Attendance`` rows
    (planned first, recorded after the session); the trainers a plain
    many-to-many. A production session's workshop is its job's."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PRODUCTION
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("workshop")
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("job"),
        null=True,
        blank=True,
    )
    title = models.CharField(
        _("subject"),
        max_length=200,
        blank=True,
        help_text=_("What the lesson or training is about, e.g. “French at work”."),
    )
    host = models.CharField(
        _("host organisation"),
        max_length=200,
        blank=True,
        help_text=_("The company that hosts the placement, or the partner organisation."),
    )
    date = models.DateField(_("date"))
    period = models.CharField(
        _("period"), max_length=20, choices=Period.choices, default=Period.DAY
    )
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="work_sessions",
        verbose_name=_("trainers"),
        blank=True,
    )
    billable_hours = models.DecimalField(
        _("billable hours"),
        **HOURS,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the client pays for on a time-and-materials job."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    series = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = WorkSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("work session")
        verbose_name_plural = _("work sessions")
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["date", "start_time"]),
            models.Index(fields=["job", "date"]),
            models.Index(fields=["workshop", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="session_end_after_start",
                violation_error_message=_("A session ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(billable_hours__isnull=True) | Q(billable_hours__gte=0),
                name="session_billable_hours_positive",
            ),
            models.CheckConstraint(
                condition=Q(kind=SessionKind.PRODUCTION, job__isnull=False)
                | (~Q(kind=SessionKind.PRODUCTION) & Q(job__isnull=True)),
                name="session_job_iff_production",
                violation_error_message=_(
                    "A production session is on a job; a lesson, placement or partner day is not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(billable_hours__isnull=True) | Q(kind=SessionKind.PRODUCTION),
                name="session_billable_only_production",
                violation_error_message=_("Only production sessions have billable hours."),
            ),
        ]

    def __str__(self):
        times = f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return f"{self.label} {self.date:%d/%m/%Y} {times}"

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.pk])

    @property
    def planned_hours(self) -> Decimal:
        return session_hours(self.start_time, self.end_time, self.break_minutes)

    @property
    def is_production(self) -> bool:
        return self.kind == SessionKind.PRODUCTION

    @property
    def label(self) -> str:
        """A short name: the job's reference, or the kind and its subject or host."""
        return session_label(self.kind, self.job.reference if self.job_id else "", self.title,
                             self.host)  # fmt: skip

    @property
    def place(self) -> str:
        """Where it happens: the job's site, the host's name, or the centre."""
        if self.job_id:
            where = self.job.site if self.job.site_id else self.job.client
            return ", ".join(where.address_lines)
        if self.kind == SessionKind.LESSON:
            return str(_("In the centre"))
        return self.host

    @property
    def description(self) -> str:
        """What the session is, in a few words: the job's title, the subject, the host."""
        if self.job_id:
            return self.job.title
        return self.title or self.host or str(self.get_kind_display())


def session_label(kind: str, reference: str, title: str, host: str) -> str:
    """The short name of a session from its columns (also for rows read as values)."""
    if kind == SessionKind.PRODUCTION:
        return reference
    detail = title if kind == SessionKind.LESSON else host or title
    kind_label = {
        SessionKind.LESSON: _("Lesson"),
        SessionKind.PLACEMENT: _("Placement"),
        SessionKind.PARTNER: _("Partner"),
    }[kind]
    return f"{kind_label} · {detail}" if detail else str(kind_label)


def session_hours(start: datetime.time, end: datetime.time, break_minutes: int = 0) -> Decimal:
    """Hours between two times of one day, less the break, to the hundredth."""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) - break_minutes
    return (Decimal(max(minutes, 0)) / 60).quantize(Decimal("0.01"))


class AttendanceQuerySet(models.QuerySet):
    def for_user(self, user):
        if has_role(user, Role.TRAINEE) and not sees_everything(user):
            return self.filter(trainee__user=user)
        return self.filter(session__in=WorkSession.objects.for_user(user))

    def present_hours(self):
        return self.aggregate(total=Sum("hours_present"))["total"] or Decimal(0)


class Attendance(models.Model):
    """A trainee on a session: planned, then recorded (hours present, or an
    absence with its reason). Hours never exceed the session's length."""

    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE, related_name="attendances")
    trainee = models.ForeignKey(
        Trainee, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("trainee")
    )
    hours_present = models.DecimalField(
        _("hours present"), **HOURS, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    hours_assimilated = models.DecimalField(
        _("hours absent, assimilated"),
        **HOURS,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text=_("Hours absent that count as training hours (heures assimilées)."),
    )
    hours_absent = models.DecimalField(
        _("hours absent, not assimilated"),
        **HOURS,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    absence_reason = models.CharField(
        _("absence"), max_length=20, choices=AbsenceReason.choices, blank=True
    )
    contract = models.ForeignKey(
        TrainingContract,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("training contract"),
        null=True,
        blank=True,
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["trainee__last_name", "trainee__first_name", "pk"]
        indexes = [
            models.Index(fields=["trainee", "session"]),
            # The few attendances still to record (the home pages), not the history.
            models.Index(
                fields=["session"],
                condition=Q(recorded_at__isnull=True),
                name="attendance_to_record",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"],
                name="attendance_once_per_session",
                violation_error_message=_("This trainee is already on this session."),
            ),
            models.CheckConstraint(
                condition=Q(hours_present__isnull=True) | Q(hours_present__gte=0),
                name="attendance_hours_positive",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(hours_assimilated__gte=0, hours_absent__gte=0),
                name="attendance_absent_hours_positive",
                violation_error_message=_("Hours cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(hours_assimilated=0, hours_absent=0) | ~Q(absence_reason=""),
                name="attendance_absence_has_reason",
                violation_error_message=_("Hours absent need the reason of the absence."),
            ),
        ]

    def __str__(self):
        return f"{self.trainee} — {self.session}"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None

    @property
    def was_absent(self) -> bool:
        """Recorded, and not there at all: no skill can be observed."""
        return self.is_recorded and not self.hours_present

    @property
    def training_hours(self) -> Decimal:
        """The hours that count for the training allowance: present and assimilated."""
        return (self.hours_present or 0) + self.hours_assimilated


class MonthClosingQuerySet(models.QuerySet):
    def for_user(self, user):
        return self

    def is_closed(self, day: datetime.date) -> bool:
        return self.filter(month=day.replace(day=1), is_closed=True).exists()


class MonthClosing(models.Model):
    """A month whose hours are closed (statements sent). Reopening is done by a
    coordinator with a reason; every change is kept in the history."""

    month = models.DateField(_("month"), unique=True)
    is_closed = models.BooleanField(_("closed"), default=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = MonthClosingQuerySet.as_manager()

    class Meta:
        verbose_name = _("month closing")
        verbose_name_plural = _("month closings")
        ordering = ["-month"]
        permissions = [("close_month", "Can close and reopen a month of hours")]

    def __str__(self):
        return f"{self.month:%m/%Y}"


class SkillPracticeQuerySet(models.QuerySet):
    def for_user(self, user):
        return scoped(
            self, user, workshop="attendance__session__workshop", own="attendance__trainee__user"
        )


class SkillPractice(models.Model):
    """A skill a trainee practised on a session, with the autonomy level the
    trainer observed. These rows are the only source of the competence record.

    Invariants: a practice hangs on the trainee's attendance of the session, so
    its trainee, session, job and date are always theirs (moving the session
    moves the practice); the trainee was present (not recorded absent); the
    skill is from the session's workshop's framework or the centre's shared one.
    ``observed_by`` is who first observed it, ``changed_by`` who last changed
    it, and the history keeps every change. The trainee's own view of their
    level is not here: it is their self-assessment, kept apart (``records``)."""

    attendance = models.ForeignKey(
        Attendance,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("attendance"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="practices", verbose_name=_("skill")
    )
    level = models.ForeignKey(
        AutonomyLevel,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("autonomy level"),
    )
    remark = models.CharField(_("remark"), max_length=300, blank=True)
    observed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("observed by"),
    )
    observed_at = models.DateTimeField(_("observed"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    changed_at = models.DateTimeField(_("last changed"))

    history = HistoricalRecords()
    objects = SkillPracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill practised")
        verbose_name_plural = _("skills practised")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "skill"],
                name="practice_once_per_attendance",
                violation_error_message=_("This skill is already recorded for this trainee."),
            )
        ]

    def __str__(self):
        return f"{self.attendance.trainee} — {self.skill} ({self.date:%d/%m/%Y})"

    @property
    def date(self) -> datetime.date:
        return self.attendance.session.date
