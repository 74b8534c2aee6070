"""The real process in polling mode: answers, offsets, a second poller, a graceful stop."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, is_reply_to

pytestmark = pytest.mark.e2e

STRANGER = 777001


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_polling_bot_answers_each_update_once_and_stops_cleanly(harness: Harness) -> None:
    fake = harness.fake
    bot = await harness.start()
    await fake.wait_until_polling(START_TIMEOUT)
    stranger, admin = fake.user(STRANGER, "Пётр"), fake.user(ADMIN_ID, "Анна")

    fake.push_update(fake.private_message(stranger, "/start"))
    fake.push_update(fake.private_message(admin, "/help"))
    for _ in range(3):
        fake.push_update(fake.private_message(stranger, "/help"))
    last = fake.push_update(fake.private_message(admin, "/help"))
    await fake.wait_for(lambda c: len(fake.sent(STRANGER)) == 4, timeout=20)
    await fake.wait_for(lambda c: len(fake.sent(ADMIN_ID)) == 2, timeout=20)
    await fake.wait_until_polling(20)  # the next long poll, parked: it confirmed them all

    greeting, *hints = fake.texts(STRANGER)
    assert "приглашение" in greeting
    assert len(hints) == 3
    assert hints == [hints[0]] * 3  # the same /help, answered once each
    assert all("/invite" in text for text in fake.texts(ADMIN_ID))
    offsets = [int(c.params.get("offset") or 0) for c in fake.calls if c.method == "getUpdates"]
    assert offsets == sorted(offsets)  # never goes back: nothing is fetched twice
    assert fake.confirmed_offset == last + 1
    assert fake.pending_updates == []  # every update confirmed: none skipped

    second = await harness.start()  # another process polls with the same token
    assert await second.exit_code(START_TIMEOUT) == 3
    assert "another bot process is already polling with this token" in second.log

    fake.push_update(fake.private_message(admin, "/help"))  # the first one still works
    await fake.wait_for(is_reply_to(ADMIN_ID), timeout=20)
    await fake.wait_for(lambda c: len(fake.sent(ADMIN_ID)) == 3, timeout=20)

    assert await bot.stop() == 0
    assert "Traceback" not in bot.log
    assert "bot_stopped" in bot.log
