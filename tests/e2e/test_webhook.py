"""The real process in webhook mode: the secret, the health check, retries handled once."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, free_port
from tests.fakes.telegram_api import SECRET_HEADER

pytestmark = pytest.mark.e2e

STRANGER = 777002
SECRET = "s3cret-Webhook_token"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_webhook_bot_checks_the_secret_answers_and_stops_cleanly(
    harness: Harness,
) -> None:
    fake = harness.fake
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    bot = await harness.start(
        BOT_MODE="webhook",
        WEBHOOK_URL=url,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=SECRET,
    )
    await fake.wait_for(lambda c: c.method == "setWebhook" and c.ok, timeout=START_TIMEOUT)
    assert (fake.webhook_url, fake.webhook_secret) == (url, SECRET)

    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
            assert (health.status, await health.json()) == (200, {"ok": True, "database": "ok"})

        forged = fake.private_message(fake.user(STRANGER, "Пётр"), "/start")
        forged["update_id"] = 9999
        for headers in ({SECRET_HEADER: "wrong"}, {}):
            async with http.post(url, json=forged, headers=headers) as refused:
                assert refused.status == 401
        assert await harness.read(lambda uow: uow.inbox.get(9999)) is None  # not even stored

        fake.auto_webhook = True  # Telegram delivers, with the secret
        first = fake.push_update(fake.private_message(fake.user(STRANGER, "Пётр"), "/start"))
        fake.push_update(fake.private_message(fake.user(ADMIN_ID, "Анна"), "/help"))
        await fake.wait_for(lambda _c: len(fake.sent(STRANGER)) == 1, timeout=20)
        await fake.wait_for(lambda _c: len(fake.sent(ADMIN_ID)) == 1, timeout=20)

        # Telegram retries an update whose 200 it did not get: stored once, handled once
        retried = fake.private_message(fake.user(STRANGER, "Пётр"), "/start")
        retried["update_id"] = first
        async with http.post(url, json=retried, headers={SECRET_HEADER: SECRET}) as again:
            assert again.status == 200
        fake.push_update(fake.private_message(fake.user(STRANGER, "Пётр"), "/help"))
        await fake.wait_for(lambda _c: len(fake.sent(STRANGER)) == 2, timeout=20)

    assert await bot.stop() == 0
    assert len(fake.sent(STRANGER)) == 2
    assert "Traceback" not in bot.log
