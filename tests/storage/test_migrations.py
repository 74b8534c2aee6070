from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import migrate
from storage.db import make_engine
from storage.models import Base
from tests.db import Templates


def _diff(connection: object) -> list[object]:
    context = MigrationContext.configure(
        connection,  # type: ignore[arg-type]
        opts={"compare_type": True, "render_as_batch": True},
    )
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(_diff)
        assert diff == []
    finally:
        await engine.dispose()


async def test_newest_revision_downgrades_and_upgrades(database_url: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    engine = make_engine(database_url)
    try:
        await migrate.downgrade(engine, str(previous) if previous else "base")
        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()


async def test_concurrent_starts_on_postgres_migrate_once(templates: Templates) -> None:
    """Two processes starting at once: the advisory lock makes the second wait, then no-op."""
    database_url = await templates.postgres()
    engines = [make_engine(database_url) for _ in range(3)]
    try:
        await migrate.downgrade(engines[0], "base")
        await asyncio.gather(*(migrate.upgrade(e) for e in engines))
        async with engines[0].connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        for engine in engines:
            await engine.dispose()
        await templates.drop(database_url)
