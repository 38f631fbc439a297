from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The five roles; each is a Group of the same name, created by a migration."""

    COORDINATOR = "coordinator", _("Coordinator")
    TRAINER = "trainer", _("Trainer")
    ADMIN_STAFF = "admin_staff", _("Admin staff")
    TRAINEE = "trainee", _("Trainee")
    SOCIAL_WORKER = "social_worker", _("Social worker (psychosocial follow-up)")


class Language(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    DE = "de", _("German")
    EN = "en", _("English")
