"""``manage.py backup [--to FOLDER]``: the database and the uploaded files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eft.backup import BackupError, backup_database, backup_media


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump) and the "
        "uploaded files, safely while the application runs. See the README to restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.BASE_DIR) / "backups"))
        parser.add_argument("--no-media", action="store_true", help="The database only.")

    def handle(self, *args, to, no_media, **options):
        folder = Path(to)
        try:
            written = [backup_database(folder)]
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not no_media:
            written.append(backup_media(folder))
        for path in filter(None, written):
            self.stdout.write(f"{path} ({path.stat().st_size / 1024:.0f} KB)")
