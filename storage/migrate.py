"""Apply migrations on start. On PostgreSQL an advisory lock makes a second process wait
for the first instead of migrating at the same time."""

from __future__ import annotations

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


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.connect() as connection:
        is_pg = connection.dialect.name == "postgresql"
        if is_pg:
            await connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            await connection.commit()
        try:
            await connection.run_sync(lambda c: command.upgrade(alembic_config(c), revision))
            await connection.commit()
        finally:
            if is_pg:
                await connection.execute(
                    text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY}
                )
                await connection.commit()


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.connect() as connection:
        await connection.run_sync(lambda c: command.downgrade(alembic_config(c), revision))
        await connection.commit()
