"""Several bot processes on PostgreSQL share one outbox."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.telegram.sender import SenderOptions
from tests.delivery.conftest import MakeApp
from tests.fakes.telegram_api import FakeTelegram


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_senders_share_the_outbox_without_sending_anything_twice(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    # small claims, so a chat's messages are claimed in several goes, by either process
    options = SenderOptions(batch=12, per_chat=3)
    first, second = await make_app(options=options), await make_app(options=options)
    chats = [7000 + n for n in range(30)]
    await first.enqueue_many([(chat, f"{chat}: {n}") for chat in chats for n in range(10)])

    stop = asyncio.Event()
    running = [asyncio.create_task(app.sender.run(stop)) for app in (first, second)]
    await fake.wait_for(lambda _call: len(fake.sent()) >= 300, timeout=30)
    stop.set()
    await asyncio.gather(*running)

    assert fake.duplicates() == []
    for chat in chats:
        assert fake.texts(chat) == [f"{chat}: {n}" for n in range(10)]  # each chat in order
    assert first.sender.sent + second.sender.sent == 300
    assert first.sender.sent > 0
    assert second.sender.sent > 0
    owners = Counter(r.lease_owner for r in await first.rows())
    assert set(owners) == {first.sender.owner, second.sender.owner}
