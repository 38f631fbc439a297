from django.db import models
from django.utils.translation import gettext_lazy as _


class TraineeStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", _("In training")
    ENDED = "ended", _("Training ended")


class FrameworkScope(models.TextChoices):
    """A workshop's own trade framework, or the one framework the whole centre shares."""

    WORKSHOP = "workshop", _("Workshop (trade skills)")
    CENTRE = "centre", _("Whole centre")


class CompetenceKind(models.TextChoices):
    """The four kinds of competence the sector's charter names."""

    TRADE = "trade", _("Trade skills")
    BASIC = "basic", _("Basic skills used at work")
    TRANSVERSAL = "transversal", _("Transversal skills")
    SOCIAL = "social", _("Social skills")
