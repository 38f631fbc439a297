from django.db import models
from django.utils.translation import gettext_lazy as _


class StatementKind(models.TextChoices):
    TRAINEE = "trainee", _("Trainee's monthly statement")
    WORKSHOP = "workshop", _("Workshop's monthly statement")
