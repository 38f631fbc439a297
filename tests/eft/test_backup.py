"""A backup of the demo data, restored into a new database, holds the same rows."""

import sqlite3
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

# The rows the data migrations make (roles, grants, the autonomy scale, the centre's
# framework): a transactional test that ran before on this worker flushed them.
DATA_MIGRATIONS = [
    ("eft", "0002_roles", "create_roles"),
    ("eft", "0003_amounts_grant", "create_grant"),
    ("eft", "0008_social_worker", "create_groups"),
    ("trainees", "0002_default_autonomy_scale", "create_levels"),
    ("trainees", "0003_shared_framework_and_competence_kinds", "create_shared_framework"),
]


def restore_migration_rows():
    import importlib

    from django.apps import apps

    for app, name, function in DATA_MIGRATIONS:
        module = importlib.import_module(f"{app}.migrations.{name}")
        getattr(module, function)(apps, None)


def live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table.startswith("sqlite_"):
                continue  # SQLite's own (the planner's statistics)
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def restored_counts_sqlite(path) -> dict[str, int]:
    with sqlite3.connect(path) as copy:
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def restored_counts_postgresql(path) -> dict[str, int]:
    import psycopg

    settings = connection.settings_dict
    options = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            options += [flag, str(settings[key])]
    name = f"restore_{uuid.uuid4().hex[:10]}"
    subprocess.run(["createdb", *options, name], check=True)
    try:
        restore = ["pg_restore", "--no-owner", *options, "--dbname", name, str(path)]
        subprocess.run(restore, check=True, capture_output=True)
        with psycopg.connect(
            dbname=name,
            host=settings.get("HOST") or None,
            port=settings.get("PORT") or None,
            user=settings.get("USER") or None,
        ) as copy:
            tables = [
                row[0]
                for row in copy.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            ]
            return {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        subprocess.run(["dropdb", *options, "--if-exists", name], check=True)


def test_a_backup_of_the_demo_restores_into_a_new_database_with_the_same_rows(tmp_path):
    restore_migration_rows()
    call_command("seed_demo")
    before = live_counts()
    assert before["invoicing_invoice"] > 0 and before["jobs_attendance"] > 0
    call_command("backup", "--to", str(tmp_path), "--no-media")
    (copy,) = list(tmp_path.iterdir())
    if connection.vendor == "sqlite":
        restored = restored_counts_sqlite(copy)
    else:
        restored = restored_counts_postgresql(copy)
    assert restored == before
