"""The chatter, as in Odoo: notes and attached files on a job, a client or a
trainee, shown with the record's field history.

A note is seen by whoever may open its record, and by no one else: its files
are served through a view that asks the record's ``for_user`` (see
``chatter.targets``), never from a public media URL.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Note(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    body = models.TextField(_("note"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="note_target_recent"
            )
        ]

    def __str__(self):
        return self.body[:60] or _("Attached files")

    def get_absolute_url(self):
        return self.target.get_absolute_url() + "#fil"


class Attachment(models.Model):
    """A file of a note. Photos are stored resized, without their metadata (a
    phone's photo carries where it was taken), with a small copy for the page."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="chatter/%Y/%m/", max_length=200)
    thumbnail = models.FileField(upload_to="chatter/%Y/%m/", max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    def get_absolute_url(self):
        return reverse("chatter_file", args=[self.pk])

    @property
    def thumbnail_url(self):
        return reverse("chatter_thumbnail", args=[self.pk])
