"""Fresh statistics for the query planner (daily, and after every migrate).

SQLite: ``ANALYZE`` by sampling (``analysis_limit``), then ``PRAGMA optimize``.
PostgreSQL: ``ANALYZE`` (autovacuum does it too, but not at once after a large
import)."""

from django.core.management.base import BaseCommand

from eft.db.statistics import refresh_statistics


class Command(BaseCommand):
    help = "Refresh the query planner's statistics (ANALYZE)."

    def handle(self, *args, **options):
        seconds = refresh_statistics()
        self.stdout.write(f"Statistics refreshed in {seconds:.1f} s.")
