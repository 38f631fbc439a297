from django.db import models
from django.utils.translation import gettext_lazy as _


class TraineeStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVE = "active", _("In training")
    ENDED = "ended", _("Training ended")
