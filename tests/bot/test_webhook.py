from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.telegram.runmodes import SECRET_HEADER, webhook_app
from storage.db import make_engine
from storage.models import InboxUpdate
from tests.fakes.clock import FakeClock
from tests.harness import TestApp

SECRET = "s3cret-token_value"


@pytest.fixture
async def hooked(database_url: str, clock: FakeClock) -> AsyncIterator[tuple[TestApp, TestClient]]:
    app = await TestApp.start(
        database_url,
        clock,
        bot_mode="webhook",
        webhook_url="https://bot.example.com/tg/hook",
        webhook_secret=SECRET,
    )
    client = TestClient(TestServer(webhook_app(app.app.receiving())))
    await client.start_server()
    try:
        yield app, client
    finally:
        await client.close()
        await app.close()


async def _stored(app: TestApp) -> list[int]:
    rows = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate)))
    return [r.update_id for r in rows]


async def test_wrong_or_missing_secret_is_401_and_nothing_is_processed(
    hooked: tuple[TestApp, TestClient],
) -> None:
    app, client = hooked
    update = app.updates.message(app.people.admin, "/help")
    for headers in ({SECRET_HEADER: "wrong"}, {}):
        response = await client.post("/tg/hook", json=update, headers=headers)
        assert response.status == 401
    assert await _stored(app) == []
    assert app.telegram.calls == []


async def test_update_is_stored_before_200_and_handled_once(
    hooked: tuple[TestApp, TestClient],
) -> None:
    app, client = hooked
    update = app.updates.message(app.people.admin, "/help")
    for _ in range(2):  # Telegram retries when it did not hear our 200 in time
        response = await client.post("/tg/hook", json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
    await app.app.intake.wait_idle()
    await app.app.sender.drain()  # the reply is in the outbox
    assert await _stored(app) == [update["update_id"]]
    assert len(app.texts_to(app.people.admin)) == 1
    assert "/invite" in app.last_to(app.people.admin)


async def test_garbage_body_is_400(hooked: tuple[TestApp, TestClient]) -> None:
    _app, client = hooked
    response = await client.post("/tg/hook", data=b"not json", headers={SECRET_HEADER: SECRET})
    assert response.status == 400


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 7, "message": "nope"}',  # not an update: would stop startup recovery
        b'{"update_id": 7, "message": {"text": "\xff\xfe"}}',  # not UTF-8
        b'{"update_id": 18446744073709551617}',  # over 64 bits
        b'{"update_id": -3}',
        b'{"update_id": true}',  # a bool is not an update id (it would be stored as 1)
        b'{"update_id": 7.0}',
        b'{"update_id": 8, "extra": ' + DEEP + b"}",  # deep JSON
        DEEP,
        b"[]",
    ],
    ids=["not-an-update", "utf8", "64-bit", "negative", "bool", "float", "deep", "deep-top",
         "list"],
)  # fmt: skip
async def test_malformed_update_is_400_not_stored_and_the_next_is_handled(
    hooked: tuple[TestApp, TestClient], body: bytes
) -> None:
    app, client = hooked
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    response = await client.post("/tg/hook", data=body, headers=headers)
    assert response.status == 400
    assert await _stored(app) == []

    update = app.updates.message(app.people.admin, "/help")
    response = await client.post("/tg/hook", json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    await app.app.intake.wait_idle()
    await app.app.sender.drain()  # the reply is in the outbox
    assert await _stored(app) == [update["update_id"]]
    assert len(app.texts_to(app.people.admin)) == 1


async def test_healthz_reports_database(hooked: tuple[TestApp, TestClient]) -> None:
    app, client = hooked
    response = await client.get("/healthz")
    assert response.status == 200
    assert (await response.json())["database"] == "ok"

    working = app.app.engine
    app.app.engine = make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["database"] == "unreachable"
    finally:
        await app.app.engine.dispose()
        app.app.engine = working
