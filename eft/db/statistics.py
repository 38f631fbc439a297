"""The query planner's statistics, refreshed by the application itself."""

import time

from django.db import connections

from eft.db.sqlite3.base import ANALYSIS_LIMIT


def refresh_statistics(alias: str = "default") -> float:
    """ANALYZE the whole database; returns the seconds it took."""
    started = time.perf_counter()
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def after_migrate(sender, using="default", plan=None, **kwargs) -> None:
    """post_migrate, after a migrate that applied something (not after a flush):
    new tables and indexes get their statistics at once."""
    if plan:
        from eft.search import ensure_search_indexes

        ensure_search_indexes(using)
        refresh_statistics(using)
