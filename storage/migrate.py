"""Apply migrations on start. On PostgreSQL an advisory lock makes a second process wait
for the first instead of migrating (or writing the data every start needs) at the same
time: `startup_lock`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
ADVISORY_LOCK_KEY = 7_305_001  # any constant shared by every process of this bot


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """One starting process at a time in this block (PostgreSQL; SQLite has one process)."""
    async with engine.connect() as connection:
        if connection.dialect.name != "postgresql":
            yield
            return
        key = {"k": ADVISORY_LOCK_KEY}
        await connection.execute(text("SELECT pg_advisory_lock(:k)"), key)
        await connection.commit()
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:k)"), key)
            await connection.commit()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with startup_lock(engine), engine.connect() as connection:
        await connection.run_sync(lambda c: command.upgrade(alembic_config(c), revision))
        await connection.commit()


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(lambda c: command.downgrade(alembic_config(c), revision))
        await connection.commit()
