"""Pacing within Telegram's limits, 429 answers, and interactive messages before bulk ones."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest

from bot.services.outbox import Priority
from bot.telegram.sender.limits import TelegramLimits
from tests.delivery.conftest import MakeApp
from tests.fakes.telegram_api import FakeLimits, FakeTelegram

LIMITS_ON = [FakeLimits()]  # Telegram's real numbers, on the test clock


def _group(n: int) -> int:
    return -4000300 - n


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_sender_keeps_within_the_limits_so_telegram_never_answers_429(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    app = await make_app()
    privates = [6000 + n for n in range(25)]
    groups = [_group(n) for n in range(5)]
    expected: dict[int, list[str]] = defaultdict(list)
    batch = []
    for n in range(30):
        for chat in groups + (privates if n < 8 else []):
            batch.append((chat, f"{chat}: {n}"))
            expected[chat].append(f"{chat}: {n}")
    await app.enqueue_many(batch)

    assert await app.sender.drain() == len(batch) == 350

    assert fake.stats.rejected_429 == 0
    assert fake.stats.max_rate_observed(1.0) <= 30
    assert all(fake.stats.max_rate_observed(60.0, chat_id=g) <= 20 for g in groups)
    assert {chat: fake.texts(chat) for chat in expected} == expected
    assert fake.duplicates() == []


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_429_storm_is_weathered_by_waiting_as_long_as_telegram_says(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    # The sender believes in limits ten times looser than Telegram's: a storm of 429s.
    loose = TelegramLimits(
        global_per_second=300, private_per_second=10, private_burst=30, group_per_minute=200
    )
    app = await make_app(limits=loose)
    chats = [6100 + n for n in range(10)] + [_group(10), _group(11)]
    await app.enqueue_many([(chat, f"{chat}: {n}") for n in range(12) for chat in chats])

    await app.sender.drain()

    assert fake.stats.rejected_429 >= 20
    for chat in chats:
        assert fake.texts(chat) == [f"{chat}: {n}" for n in range(12)]
    calls = [c for c in fake.calls if c.method == "sendMessage"]
    for index, refused in enumerate(calls):
        if refused.status != 429:
            continue
        retry_after = refused.response["parameters"]["retry_after"]
        later = [c for c in calls[index + 1 :] if c.chat_id == refused.chat_id]
        assert later, "the refused message was never sent again"
        assert later[0].at >= refused.at + retry_after  # no earlier than Telegram said
    assert {r.status for r in await app.rows()} == {"sent"}


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_interactive_message_is_not_held_up_by_a_bulk_digest(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    app = await make_app()
    chats = [6200 + n for n in range(50)]
    await app.enqueue_many(
        [(chat, f"digest {chat}: {n}") for chat in chats for n in range(10)], Priority.BULK
    )
    stop = asyncio.Event()
    running = asyncio.create_task(app.sender.run(stop))
    await fake.wait_for(lambda c: c.ok and str(c.text).startswith("digest"), timeout=10)
    await fake.wait_for(lambda _c: len(fake.sent()) >= 40, timeout=10)

    await app.enqueue(6299, "order 17 accepted", priority=Priority.INTERACTIVE)
    before = len(fake.sent())  # the sender goes on while the row is written: count from here
    app.sender.wake()
    confirmation = await fake.wait_for(lambda c: c.ok and c.text == "order 17 accepted", 10)
    stop.set()
    await running

    sent = fake.sent()
    position = sent.index(confirmation)
    assert position - before <= 60  # two seconds' worth of messages at 30 a second
    assert len(sent) < 500  # the digest was still going on
