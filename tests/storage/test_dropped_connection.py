"""PostgreSQL restarted under a running bot: pooled connections are dead. Nothing is pinged
before use; the first statement on a dead connection fails, the pool drops it and its
peers, and the work is done again on a fresh one: no update is lost or half-done."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import select

from storage.models import InboxUpdate
from tests.db import PG_DSN, Templates
from tests.fakes.clock import FakeClock
from tests.harness import TestApp


@pytest.fixture
async def postgres_url(templates: Templates) -> AsyncIterator[str]:
    url = await templates.postgres()
    yield url
    await templates.drop(url)


async def _drop_connections(database_url: str) -> int:
    admin = await asyncpg.connect(PG_DSN)
    try:
        killed = await admin.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            database_url.rsplit("/", 1)[1],
        )
    finally:
        await admin.close()
    return len(killed)


async def test_updates_after_the_server_dropped_every_connection_are_handled(
    postgres_url: str, clock: FakeClock
) -> None:
    app = await TestApp.start(postgres_url, clock)
    admin = app.people.admin
    try:
        await app.say(admin, "/help")
        assert await _drop_connections(postgres_url) >= 1  # the pool held at least one

        await app.say(admin, "/help")
        await app.say(admin, "/chats")

        helps = [t for t in app.texts_to(admin) if "/invite" in t]
        assert len(helps) == 2
        rows = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate)))
        assert [(r.handled_at is not None, r.error) for r in rows] == [(True, None)] * 3
    finally:
        await app.close()


async def test_a_connection_dropped_mid_update_retries_the_whole_update(
    postgres_url: str, clock: FakeClock
) -> None:
    app = await TestApp.start(postgres_url, clock)
    admin = app.people.admin
    try:
        await app.say(admin, "/help")
        dropped = False
        real_store = app.app.intake.store

        async def store_then_drop(updates: list[dict[str, object]]) -> list[dict[str, object]]:
            nonlocal dropped
            fresh = await real_store(updates)
            if not dropped:  # stored; the handler's connection dies before it is used
                dropped = True
                await _drop_connections(postgres_url)
            return fresh

        app.app.intake.store = store_then_drop  # type: ignore[method-assign]
        await app.say(admin, "/help")

        assert len([t for t in app.texts_to(admin) if "/invite" in t]) == 2
        rows = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate)))
        assert [r.error for r in rows] == [None, None]
    finally:
        await app.close()
