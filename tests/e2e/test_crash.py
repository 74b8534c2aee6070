"""A crash (SIGKILL) of the real process, mid-handler and mid-batch, then a restart.

One test tells the whole story because a process start costs seconds: an update is handled
once (its reply is an outbox row written with it); every outbox row, the reply included, is
delivered; only messages Telegram had accepted but the dead process had not marked sent yet
(at most one in flight per chat, the reply among them) are repeated, each once.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.services import outbox
from storage.models import OutboxMessage
from storage.uow import UnitOfWork
from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, is_reply_to, marker
from tests.fakes.clock import FakeClock

pytestmark = pytest.mark.e2e

CHATS = [881000 + n for n in range(6)]
PER_CHAT = 8
EXPECTED = {f"«{chat}-{n}»" for chat in CHATS for n in range(PER_CHAT)}


async def _seed_outbox(uow: UnitOfWork) -> None:
    at = FakeClock().now()
    for n in range(PER_CHAT):
        for chat in CHATS:
            params = {"title": f"{chat}-{n}", "department": "d", "department_id": "d"}
            await outbox.send(uow, chat_id=chat, view="admin_binding_lost", params=params, at=at)


async def _marked_sent(uow: UnitOfWork) -> set[str]:
    rows = await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent"))
    return {f"«{r.payload['params']['title']}»" for r in rows}


async def _leases(uow: UnitOfWork) -> dict[int, datetime]:
    """The rows the dead process held, and when their leases would run out."""
    rows = await uow.session.execute(
        select(OutboxMessage.id, OutboxMessage.lease_until).where(
            OutboxMessage.status == "sending"
        )
    )
    return {row_id: until for row_id, until in rows.all() if until is not None}


async def _sent_at(uow: UnitOfWork) -> dict[int, datetime | None]:
    rows = await uow.session.execute(select(OutboxMessage.id, OutboxMessage.sent_at))
    return dict(rows.all())  # type: ignore[arg-type]


def _logged_at(log: str, event: str) -> datetime:
    line = next(line for line in log.splitlines() if event in line)
    return datetime.fromisoformat(line.split()[0].replace("Z", "+00:00"))


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_killed_process_loses_nothing_and_repeats_at_most_what_was_in_flight(
    harness: Harness,
) -> None:
    fake = harness.fake
    await harness.write(_seed_outbox)
    fake.delay = 2.0  # Telegram answers slowly: requests are in flight when the process dies
    first = await harness.start()
    await fake.wait_for(lambda _c: len(fake.sent()) >= 6, timeout=START_TIMEOUT)
    update_id = fake.push_update(fake.private_message(fake.user(ADMIN_ID, "Анна"), "/help"))
    await fake.wait_for(is_reply_to(ADMIN_ID), timeout=20)  # the reply is in flight
    await fake.wait_until_polling(20)  # and the next long poll confirmed the update
    await first.kill()
    fake.delay = 0.0

    assert fake.confirmed_offset == update_id + 1  # Telegram will not send it again...
    stored = await harness.read(lambda uow: uow.inbox.get(update_id))
    assert stored is not None  # ...and it was handled, its reply written with it
    assert stored.handled_at is not None
    accepted = {marker(str(c.text)) for c in fake.sent() if c.chat_id in CHATS}
    window = accepted - await harness.read(_marked_sent)  # accepted, not marked sent
    assert len(window) <= len(CHATS)  # one message in flight per chat at most

    held = await harness.read(_leases)  # leased to the dead process (SenderOptions.lease)
    assert held
    before = len([c for c in fake.sent() if c.chat_id in CHATS])
    restarted_at = time.monotonic()
    second = await harness.start()
    await fake.wait_for(
        lambda _c: len([c for c in fake.sent() if c.chat_id in CHATS]) > before,
        timeout=START_TIMEOUT,
    )
    first_card = time.monotonic() - restarted_at
    first_card_at = datetime.now(UTC)
    await fake.wait_for(lambda _c: len(fake.sent(ADMIN_ID)) == 2, timeout=START_TIMEOUT)
    await fake.wait_for(
        lambda _c: {marker(str(c.text)) for c in fake.sent() if c.chat_id in CHATS} >= EXPECTED,
        timeout=START_TIMEOUT,
    )
    took = time.monotonic() - restarted_at  # measured, not asserted: a loaded machine is slow
    up = _logged_at(second.log, "bot_starting")  # the interpreter and imports are loaded
    print(  # noqa: T201
        f"\nafter the restart: first card {first_card:.1f} s (process start included), "
        f"{(first_card_at - up).total_seconds():.2f} s after the process was up; "
        f"every card {took:.1f} s"
    )
    await fake.wait_until_polling(20)
    assert await second.stop() == 0

    handled = await harness.read(lambda uow: uow.inbox.get(update_id))
    assert handled is not None
    assert (handled.handled_at is not None, handled.error, handled.attempts) == (True, None, 0)
    assert fake.texts(ADMIN_ID)[0] == fake.texts(ADMIN_ID)[1]  # the reply was in the window

    delivered = [marker(str(c.text)) for c in fake.sent() if c.chat_id in CHATS]
    repeated = {text for text in EXPECTED if delivered.count(text) > 1}
    assert repeated <= window  # only the window repeats...
    assert max(delivered.count(text) for text in EXPECTED) <= 2  # ...and only once
    sent = len(EXPECTED) + 1  # and the reply
    assert await harness.read(lambda uow: uow.outbox.by_status()) == {"sent": sent}
    sent_at = await harness.read(_sent_at)
    late = {
        i: (sent_at[i], until)
        for i, until in held.items()
        if not sent_at[i] or sent_at[i] >= until
    }  # type: ignore[operator]
    assert late == {}  # taken back from the dead process before its leases ran out
    for chat in CHATS:  # each chat still in order
        order = [marker(text) for text in fake.texts(chat)]
        assert sorted(set(order), key=order.index) == [f"«{chat}-{n}»" for n in range(PER_CHAT)]
