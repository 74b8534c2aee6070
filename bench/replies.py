"""Benchmark 3b: the reply path, against the fake Bot API with Telegram's limits on.

Updates arrive one by one at `rate` a second, from `users` people in turn (each writes once
a second at 100 updates/s), as a webhook receives them. Each is handled as a command is: the
durable intake, our middlewares, a handler that changes state, records the interaction and
answers through `reply` (an outbox row with the interactive priority, in the update's own
transaction); the sender, woken at the commit, hands the reply to the fake Bot API (a
process of its own, as Telegram is, with its limits on and the sender pacing within them).
Measured: from the update's arrival to the moment its reply reached the fake (both read
from the machine's monotonic clock).

Telegram lets a bot send about 30 messages a second in all; more replies a second than that
cannot all leave at once, however fast the path: the figures at 25 updates/s show the path,
those at 100 updates/s show the queue the global limit builds (the sender says so rather
than meet a 429).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bench.fake_process import FakeProcess
from bot.app import App, build_app
from bot.clock import Clock
from bot.config import Settings
from bot.services import audit
from bot.telegram.replies import Replies
from bot.telegram.sender.limits import TelegramLimits
from storage.uow import UnitOfWork
from tests.fakes.telegram_api import FakeLimits
from tests.fakes.telegram_client import PlainHttpSession

TOKEN = "123456:BENCH-token-0123456789abcdef"


@dataclass(frozen=True, slots=True)
class ReplyLatency:
    rate: float
    updates: int
    users: int
    answered: int
    rejected_429: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    seconds: float  # from the first arrival to the last reply


def reply_router() -> Router:
    async def on_bench_command(
        message: Message, uow: UnitOfWork, clock: Clock, reply: Replies
    ) -> None:
        now = clock.now()
        chat = message.chat.id
        await uow.fsm.put(f"bench:{chat}", at=now, state="bench", data={"n": message.message_id})
        audit.record(uow, None, "bench_event", f"chat:{chat}", at=now, text=message.text)
        await reply.answer(f"ответ на {message.text}")

    router = Router(name="bench-replies")
    router.message.register(on_bench_command, F.text.startswith("bench "))
    return router


def reply_app(url: str, base_url: str) -> App:
    settings = Settings(  # type: ignore[call-arg]
        bot_token=TOKEN, database_url=url, telegram_api_url=base_url, _env_file=None
    )
    session = PlainHttpSession(api=TelegramAPIServer.from_base(base_url))
    app = build_app(settings, bot_session=session, limits=TelegramLimits())
    router = reply_router()
    app.dp.include_router(router)
    app.dp.sub_routers.remove(router)
    app.dp.sub_routers.insert(1, router)  # after the errors router, before the fallback
    return app


def make_update(update_id: int, users: int) -> dict[str, Any]:
    user = {"id": 30_000 + update_id % users, "is_bot": False, "first_name": "Bench"}
    chat = {"id": user["id"], "type": "private", "first_name": "Bench"}
    message = {
        "message_id": update_id,
        "from": user,
        "chat": chat,
        "date": 1_795_000_000,
        "text": f"bench {update_id}",
    }
    return {"update_id": update_id, "message": message}


async def reply_latency(
    url: str, rate: float = 100.0, updates: int = 500, users: int = 100, patience: float = 120.0
) -> ReplyLatency:
    fake = FakeProcess(TOKEN, FakeLimits())
    base_url = await fake.start()
    app = reply_app(url, base_url)
    await app.prepare()
    stop = asyncio.Event()
    running = asyncio.create_task(app.sender.run(stop))
    intake = app.intake
    try:
        await intake.handle_batch(await intake.store([make_update(0, users)]))  # warm up
        while app.sender.sent < 1:  # noqa: ASYNC110 - the warm-up reply, then the clock starts
            await asyncio.sleep(0.01)
        received: dict[int, float] = {}
        start = time.monotonic()
        for n in range(1, updates + 1):
            pause = start + n / rate - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            received[n] = time.monotonic()
            intake.handle_later(await intake.store([make_update(n, users)]))
        await intake.wait_idle()
        deadline = time.monotonic() + patience
        while app.sender.sent < updates + 1 and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await running
        await app.close()
    figures = await fake.figures()
    arrived = {n: figures.first_at.get(f"ответ на bench {n}") for n in received}
    waits = sorted((at - received[n]) * 1000 for n, at in arrived.items() if at is not None)
    if not waits:
        raise RuntimeError("no reply reached the fake Bot API")
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    last = max(at for at in arrived.values() if at is not None)
    return ReplyLatency(
        rate=rate,
        updates=updates,
        users=users,
        answered=len(waits),
        rejected_429=figures.rejected_429,
        p50_ms=statistics.median(waits),
        p99_ms=p99,
        max_ms=waits[-1],
        seconds=last - received[1],
    )
