"""The social worker's confidential follow-up of a trainee (accompaniment, kept
apart from control): meetings, the obstacles raised, the partner services the
trainee was referred to. Only the social worker reads and writes it; a
coordinator given the right explicitly may read it, and each reading is logged.
Trainers see only that a follow-up exists."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trainees.models import Trainee


class Obstacle(models.TextChoices):
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    MOBILITY = "mobility", _("Mobility")
    DEBTS = "debts", _("Debts")
    CHILDCARE = "childcare", _("Childcare")
    ADMINISTRATION = "administration", _("Papers and administration")
    LANGUAGE = "language", _("Language")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class EntryKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    HOME_VISIT = "visit", _("Home visit")
    REFERRAL = "referral", _("Referral to a partner")
    NOTE = "note", _("Note")


class FollowUpEntryQuerySet(models.QuerySet):
    def for_user(self, user):
        if user.has_perm("followup.view_followupentry"):
            return self
        return self.none()


class FollowUpEntry(models.Model):
    trainee = models.ForeignKey(
        Trainee,
        on_delete=models.CASCADE,
        related_name="followup_entries",
        verbose_name=_("trainee"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    obstacles = models.JSONField(_("obstacles raised"), default=list, blank=True)
    referred_to = models.CharField(_("referred to (partner service)"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["trainee", "-date"])]

    def __str__(self):
        return f"{self.trainee} · {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("followup", args=[self.trainee_id])

    @property
    def obstacle_labels(self) -> list[str]:
        labels = dict(Obstacle.choices)
        return [str(labels.get(code, code)) for code in self.obstacles]


class FollowUpReading(models.Model):
    """A log line: a coordinator (not the social worker) read a trainee's follow-up."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=40, default="follow-up")

    class Meta:
        verbose_name = _("follow-up reading")
        verbose_name_plural = _("follow-up readings")
        ordering = ["-read_at"]

    def __str__(self):
        return f"{self.user} → {self.trainee} ({self.read_at:%d/%m/%Y %H:%M})"
