"""Text search whose cost does not grow with the table: a trigram index on the
folded ``search_text`` of clients, jobs and trainees.

- PostgreSQL: a GIN index with ``gin_trgm_ops`` (the pg_trgm extension), which
  the planner uses for ``search_text LIKE '%word%'`` as Django writes it.
- SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+), kept by
  triggers, queried with MATCH (substring match of every word at once).

Both are made by ``ensure_search_indexes`` after every migrate (and are
idempotent): on SQLite a table that a later migration rebuilds loses its
triggers, and they are put back, with the index rebuilt, at once. A word of
fewer than 3 letters, or a database without these, falls back to a plain LIKE:
same rows, only slower.
"""

import logging
import sqlite3

from django.db import connections, transaction
from django.db.models.expressions import RawSQL
from django.db.utils import DatabaseError

from eft.text import fold

logger = logging.getLogger(__name__)

INDEXED_TABLES = ("clients_client", "jobs_job", "trainees_trainee")
MIN_LENGTH = 3  # a trigram index finds words of 3 letters or more


def _sqlite_has_trigram() -> bool:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
    except sqlite3.Error:
        return False
    finally:
        probe.close()
    return True


SQLITE_TRIGRAM = _sqlite_has_trigram()


def fts_table(table: str) -> str:
    return f"{table}_search"


def _sqlite_indexed(model, using: str) -> bool:
    return (
        connections[using].vendor == "sqlite"
        and SQLITE_TRIGRAM
        and model._meta.db_table in INDEXED_TABLES
    )


def search_words(queryset, text: str, *, model=None, prefix: str = ""):
    """Keep the rows whose folded search text contains every word of ``text``
    (at most 8 words). ``model`` and ``prefix`` search a related row's text,
    e.g. a job's client: ``model=Client, prefix="client__"``.

    On SQLite the words of 3 letters or more go to the FTS5 index in one MATCH
    (an AND of phrases, which with the trigram tokenizer is a substring match):
    FTS5 walks the rarest word's rows, so "Mertens 004217" costs the number's
    one row, not the name's thousands."""
    model = model or queryset.model
    words = fold(text).split()[:8]
    if _sqlite_indexed(model, queryset.db):
        indexed = [w for w in words if len(w) >= MIN_LENGTH]
        if indexed:
            table = fts_table(model._meta.db_table)
            expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
            rows = RawSQL(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s', [expression])
            queryset = queryset.filter(**{f"{prefix}pk__in": rows})
        words = [w for w in words if len(w) < MIN_LENGTH]
    for word in words:
        queryset = queryset.filter(**{f"{prefix}search_text__contains": word})
    return queryset


def _sqlite_statements(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5('
        f"search_text, content='{table}', content_rowid='id', tokenize='trigram')",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text); END',
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, search_text) '
        f"VALUES ('delete', old.id, old.search_text); END",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF search_text ON "{table}" '
        f'BEGIN INSERT INTO "{fts}"("{fts}", rowid, search_text) '
        f"VALUES ('delete', old.id, old.search_text); "
        f'INSERT INTO "{fts}"(rowid, search_text) VALUES (new.id, new.search_text); END',
    ]


def ensure_search_indexes(using: str = "default") -> list[str]:
    """Create what is missing of the trigram indexes; returns the tables whose
    index was (re)built."""
    connection = connections[using]
    built = []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if connection.vendor == "sqlite" and SQLITE_TRIGRAM:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {name for (name,) in cursor.fetchall()}
            for table in INDEXED_TABLES:
                if table not in existing:
                    continue
                fts = fts_table(table)
                wanted = {f"{fts}_insert", f"{fts}_delete", f"{fts}_update"}
                if fts in existing and wanted <= triggers:
                    continue
                for statement in _sqlite_statements(table):
                    cursor.execute(statement)
                cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
                built.append(table)
        elif connection.vendor == "postgresql":
            try:
                with transaction.atomic(using=using):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                logger.warning("pg_trgm is not available: text searches scan their table.")
                return built
            cursor.execute("SELECT indexname FROM pg_indexes")
            indexes = {name for (name,) in cursor.fetchall()}
            for table in INDEXED_TABLES:
                name = f"{table}_search_trgm"
                if table in existing and name not in indexes:
                    cursor.execute(
                        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                        "USING gin (search_text gin_trgm_ops)"
                    )
                    built.append(table)
    return built
