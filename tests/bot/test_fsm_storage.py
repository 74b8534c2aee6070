from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.db import require_service
from tests.fakes.clock import FakeClock
from tests.harness import TestApp

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def redis_url() -> str:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
        available = True
    except (RedisConnectionError, OSError):
        available = False
    finally:
        await client.aclose()
    require_service(available, "Redis")
    return REDIS_URL


async def test_dialogue_state_lives_in_redis_when_configured(
    database_url: str, clock: FakeClock, redis_url: str
) -> None:
    admin_id = 900001 + uuid.uuid4().int % 1000  # keys in the real Redis don't collide
    app = await TestApp.start(database_url, clock, redis_url=redis_url, admin_ids=str(admin_id))
    admin = app.people.admin.__class__(admin_id, "Анна")
    try:
        await app.say(admin, "/department")
        await app.say(admin, "embroidery")
        fsm_rows = await app.read(lambda uow: uow.fsm.get(f"fsm:123456:{admin_id}:{admin_id}"))
        assert fsm_rows is None  # not in SQL
        client = Redis.from_url(redis_url)
        try:
            keys = [k.decode() async for k in client.scan_iter(f"fsm:123456:{admin_id}:*")]
        finally:
            await client.aclose()
        assert keys, "the dialogue state is in Redis"

        await app.say(admin, "Вышивка")
        assert "добавлено" in app.last_to(admin)
    finally:
        await app.app.dp.storage.close()
        await app.close()
