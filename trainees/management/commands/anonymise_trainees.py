"""Daily: anonymise the trainees whose exit is older than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from trainees.retention import anonymise, due


class Command(BaseCommand):
    help = (
        "Anonymise trainees who left more than TRAINEE_RETENTION_DAYS ago: names, "
        "numbers, contacts, notes and follow-up go; hours, statements and skills stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List them, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        trainees = list(due(timezone.localdate()))
        for trainee in trainees:
            if dry_run:
                self.stdout.write(f"would anonymise no. {trainee.pk} (exit {trainee.exit_date})")
            else:
                anonymise(trainee)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            f"{len(trainees)} trainee(s) {verb} "
            f"(retention: {settings.TRAINEE_RETENTION_DAYS} days after exit)."
        )
