"""Backups of the database and the uploaded files, safe while the application runs.

SQLite: the online backup API (a consistent copy, page by page, while others
read and write). PostgreSQL: ``pg_dump`` in its custom format (restored with
``pg_restore``). The uploaded files (``MEDIA_ROOT``: the logo, attachments) go
in a .tar.gz beside it. See the README for the restore.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    pass


def _stamp() -> str:
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def backup_database(folder: Path, *, alias: str = "default") -> Path:
    """A copy of the database in ``folder``; returns its path."""
    database = settings.DATABASES[alias]
    folder.mkdir(parents=True, exist_ok=True)
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        target = folder / f"eft-{_stamp()}.sqlite3"
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target
    if engine.endswith("postgresql"):
        if not shutil.which("pg_dump"):
            raise BackupError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)."
            )
        target = folder / f"eft-{_stamp()}.pgdump"
        environment = {**os.environ}
        if database.get("PASSWORD"):
            environment["PGPASSWORD"] = database["PASSWORD"]
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if database.get(key):
                command += [flag, str(database[key])]
        command.append(database["NAME"])
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"No backup for the database engine {engine}.")


def backup_media(folder: Path) -> Path | None:
    """The uploaded files as a .tar.gz, or None when there are none."""
    media = Path(settings.MEDIA_ROOT)
    if not media.is_dir() or not any(media.iterdir()):
        return None
    target = folder / f"eft-media-{_stamp()}.tar.gz"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(media, arcname="media")
    return target
