"""A consistent online copy of the SQLite database (the SQLite backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def backup_sqlite(database_url: str, target: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError("backup copies the embedded SQLite database; use pg_dump for PostgreSQL")
    source_path = Path(url.database)
    if not source_path.exists():
        raise BackupError(f"no database at {source_path}")
    target_path = Path(target)
    if target_path.resolve() == source_path.resolve():
        raise BackupError("the target is the database itself")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(target_path)
    try:
        source.backup(destination)
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from exc
    finally:
        destination.close()
        source.close()
