"""Daily housekeeping: import previews never confirmed, and create-form tokens,
older than a day are deleted; exports older than EXPORT_KEEP_DAYS are deleted
with their files, and those a dead worker left running end as failed."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from eft.models import FormSubmission
from eft.storage import stale_files
from exports import services as exports


class Command(BaseCommand):
    help = "Delete import previews never confirmed and one-time form tokens older than a day."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=int, default=24)

    def handle(self, *args, older_than_hours, **options):
        limit = timezone.now() - datetime.timedelta(hours=older_than_hours)
        tokens, _ = FormSubmission.objects.filter(created_at__lt=limit).delete()
        previews = stale_files(default_storage, "imports", limit)
        for path in previews:
            default_storage.delete(path)
        now = timezone.now()
        deleted, ended = exports.purge(
            older_than=now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS),
            running_since=now - datetime.timedelta(hours=6),
        )
        self.stdout.write(
            f"{len(previews)} preview(s), {tokens} form token(s) and {deleted} export(s) deleted; "
            f"{ended} interrupted export(s) ended."
        )
