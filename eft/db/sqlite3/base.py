"""SQLite, with the statistics its query planner needs kept by the application.

Without statistics (``sqlite_stat1``), SQLite guesses, and may walk a trainee's
whole attendance history where an index on the day would do. As SQLite
advises, each connection runs ``PRAGMA optimize`` before it closes: it
analyses, by sampling (``analysis_limit``: milliseconds whatever the size), the
tables this connection queried whose statistics are missing or stale. With
``CONN_MAX_AGE=0`` that is after each request, and almost always a no-op.
``manage.py optimize_database`` analyses everything (daily, and after migrate).
"""

from django.db.backends.sqlite3 import base

ANALYSIS_LIMIT = 1000


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        return connection

    def _close(self):
        if self.connection is not None and not self.is_in_memory_db():
            try:
                # Never wait at the end of a request: if the database is busy,
                # the next connection to close will do it.
                self.connection.execute("PRAGMA busy_timeout=0")
                self.connection.execute("PRAGMA optimize")
            except base.Database.Error:
                pass  # busy or read-only: the next connection will do it
        super()._close()
