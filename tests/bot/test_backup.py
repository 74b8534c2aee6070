from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.backup import BackupError, backup_sqlite
from storage import migrate
from storage.db import make_engine


async def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    source = tmp_path / "bot.sqlite3"
    engine = make_engine(f"sqlite+aiosqlite:///{source}")
    await migrate.upgrade(engine)
    async with engine.begin() as connection:  # an open connection: the bot is running
        await connection.exec_driver_sql(
            "INSERT INTO departments (id, title, is_builtin, created_at) "
            "VALUES ('x', 'Икс', 0, '2026-11-23 10:00:00')"
        )
        backup_sqlite(f"sqlite+aiosqlite:///{source}", str(tmp_path / "copy" / "b.sqlite3"))
    await engine.dispose()
    copy = sqlite3.connect(tmp_path / "copy" / "b.sqlite3")
    try:
        # WAL: the copy holds what was committed, and is a complete database on its own
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
        assert "outbox_messages" in tables
    finally:
        copy.close()


def test_backup_refuses_postgres_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        backup_sqlite("postgresql+asyncpg://u@h/db", str(tmp_path / "x"))
    with pytest.raises(BackupError, match="no database"):
        backup_sqlite(f"sqlite+aiosqlite:///{tmp_path}/absent.sqlite3", str(tmp_path / "x"))
