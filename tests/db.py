"""Databases for tests: an SQLite file or a fresh PostgreSQL database, both migrated.

Each is cloned from a template migrated once per session (a file copy, or
CREATE DATABASE ... TEMPLATE), so every test starts from an empty, current schema.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import asyncpg
import pytest

from storage import migrate
from storage.db import make_engine

PG_DSN = os.environ.get("TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pg_url(database: str) -> str:
    base = PG_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


async def _pg_available() -> bool:
    try:
        connection = await asyncpg.connect(PG_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


def require_service(available: bool, name: str) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is not reachable and CI=true: tests may not skip for that")
    pytest.skip(f"{name} is not reachable")


class Templates:
    """Migrated templates, made once per session and per kind."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.sqlite_file: Path | None = None
        self.pg_template: str | None = None
        self.pg_available: bool | None = None

    async def sqlite(self) -> str:
        if self.sqlite_file is None:
            path = self.tmp / "template.sqlite3"
            engine = make_engine(f"sqlite+aiosqlite:///{path}")
            await migrate.upgrade(engine)
            await engine.dispose()
            self.sqlite_file = path
        target = self.tmp / f"{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(self.sqlite_file, target)
        return f"sqlite+aiosqlite:///{target}"

    async def postgres(self) -> str:
        if self.pg_available is None:
            self.pg_available = await _pg_available()
        require_service(self.pg_available, "PostgreSQL")
        admin = await asyncpg.connect(PG_DSN)
        try:
            if self.pg_template is None:
                name = f"opsbot_tpl_{os.getpid()}"
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                await admin.execute(f'CREATE DATABASE "{name}"')
                engine = make_engine(pg_url(name))
                await migrate.upgrade(engine)
                await engine.dispose()
                self.pg_template = name
            database = f"opsbot_t_{uuid.uuid4().hex[:12]}"
            await admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{self.pg_template}"')
        finally:
            await admin.close()
        return pg_url(database)

    async def drop(self, url: str) -> None:
        if url.startswith("postgresql"):
            name = url.rsplit("/", 1)[1]
            admin = await asyncpg.connect(PG_DSN)
            try:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await admin.close()

    def close(self) -> None:
        if self.pg_template is None:
            return

        async def _drop_template() -> None:
            admin = await asyncpg.connect(PG_DSN)
            try:
                await admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_template}" WITH (FORCE)')
            finally:
                await admin.close()

        asyncio.run(_drop_template())
