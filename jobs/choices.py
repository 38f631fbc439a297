from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


# The order of the status bar; "cancelled" is shown apart.
STATUS_BAR = [
    JobStatus.DRAFT,
    JobStatus.QUOTED,
    JobStatus.ACCEPTED,
    JobStatus.SCHEDULED,
    JobStatus.IN_PROGRESS,
    JobStatus.DONE,
    JobStatus.INVOICED,
]

# A session may be planned, its attendance and skills recorded, while the job is open.
PLANNABLE = {
    JobStatus.DRAFT,
    JobStatus.QUOTED,
    JobStatus.ACCEPTED,
    JobStatus.SCHEDULED,
    JobStatus.IN_PROGRESS,
}
NOT_YET_ACCEPTED = {JobStatus.DRAFT, JobStatus.QUOTED}


class Pricing(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    TIME_AND_MATERIALS = "time_materials", _("Time and materials")


class LineKind(models.TextChoices):
    LABOUR = "labour", _("Labour")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class VatRate(models.TextChoices):
    STANDARD = "21.00", _("21 %")
    INTERMEDIATE = "12.00", _("12 %")
    RENOVATION = "6.00", _("6 %")
    ZERO = "0.00", _("0 %")

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.value)


class Period(models.TextChoices):
    """How a session's hours are given; the times are always stored."""

    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    DAY = "day", _("Full day")
    CUSTOM = "custom", _("Time range")


class SessionKind(models.TextChoices):
    """What a training session is; only production sessions are on a job."""

    PRODUCTION = "production", _("Production on a job")
    LESSON = "lesson", _("Lesson in the centre")
    PLACEMENT = "placement", _("Placement in a company")
    PARTNER = "partner", _("Training at a partner")


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness (with certificate)")
    JUSTIFIED = "justified", _("Justified absence")
    UNJUSTIFIED = "unjustified", _("Unjustified absence")
    PLACEMENT = "placement", _("Work placement")
    OTHER = "other", _("Other")


# Absences whose hours count as hours of training (heures assimilées) unless told otherwise.
ASSIMILATED_BY_DEFAULT = {AbsenceReason.ILLNESS, AbsenceReason.JUSTIFIED, AbsenceReason.PLACEMENT}
