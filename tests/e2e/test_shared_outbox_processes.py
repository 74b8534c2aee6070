"""Two `python -m bot` processes (webhook mode, so both run) on one PostgreSQL database share
the outbox: every message is delivered once, each chat in order, and both processes send."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.services import outbox
from storage.models import OutboxMessage
from storage.uow import UnitOfWork
from tests.e2e.conftest import START_TIMEOUT, Harness, free_port, marker
from tests.fakes.clock import FakeClock

pytestmark = pytest.mark.e2e

# 500 rows, a chat's rows one after another: a claim (400 rows) takes whole chats, so the
# chats it leaves are free for the other process (a chat's rows are never split mid-lease).
CHATS = [882000 + n for n in range(100)]
PER_CHAT = 5


async def _seed_outbox(uow: UnitOfWork) -> None:
    at = FakeClock().now()
    for chat in CHATS:
        for n in range(PER_CHAT):
            params = {"title": f"{chat}-{n}", "department": "d", "department_id": "d"}
            await outbox.send(uow, chat_id=chat, view="admin_binding_lost", params=params, at=at)


async def _senders(uow: UnitOfWork) -> set[str | None]:
    rows = await uow.session.scalars(select(OutboxMessage.lease_owner))
    return set(rows)


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_processes_share_one_outbox_without_sending_anything_twice(
    harness: Harness,
) -> None:
    fake = harness.fake
    fake.delay = 0.02  # both processes have requests in flight at once
    bots = []
    for name in ("first", "second"):
        port = free_port()
        bots.append(
            await harness.start(
                BOT_MODE="webhook",
                WEBHOOK_URL=f"https://bot.example/{name}",
                WEBHOOK_HOST="127.0.0.1",
                WEBHOOK_PORT=str(port),
                WEBHOOK_SECRET="s3cret-webhook-" + name,
            )
        )
    try:
        await fake.wait_for(
            lambda _c: len([c for c in fake.calls if c.method == "setWebhook" and c.ok]) >= 2,
            timeout=START_TIMEOUT,
        )
    except TimeoutError as exc:  # say why a process did not come up
        raise AssertionError("\n---\n".join(bot.log[-2000:] for bot in bots)) from exc
    await harness.write(_seed_outbox)  # both are up: the rows are there for either to claim
    total = len(CHATS) * PER_CHAT
    await fake.wait_for(
        lambda _c: len([c for c in fake.sent() if c.chat_id in CHATS]) >= total,
        timeout=START_TIMEOUT,
    )
    assert await asyncio.gather(*(bot.stop() for bot in bots)) == [0, 0]

    assert fake.duplicates() == []
    for chat in CHATS:
        assert [marker(t) for t in fake.texts(chat)] == [f"«{chat}-{n}»" for n in range(PER_CHAT)]
    assert await harness.read(lambda uow: uow.outbox.by_status()) == {"sent": total}
    owners = await harness.read(_senders)
    assert len(owners - {None}) == 2, owners  # both processes sent a share
