"""Benchmark 1: the sender against the fake Bot API with Telegram's limits on.

2,000 messages to 50 private chats and 10 groups, spread evenly (round robin). Time runs
`TIME_SCALE` times faster on both sides (the fake's FakeLimits and the sender's
TelegramLimits), so a minute of Telegram's limits takes twelve real seconds. Figures below are
in Telegram's seconds (real seconds x TIME_SCALE).

The maximum the limits allow, for this distribution: no schedule can finish sooner than
  - the global window: 30 a second, in any second  -> (ceil(N / 30) - 1) s
  - each private chat: a burst of 3, then 1 a second -> (n - 3) s
  - each group: 20 in any minute                    -> floor((n - 1) / 20) min
from the first message to the last. The largest of these is the shortest makespan T_min;
the best rate is (N - 1) / T_min, and the share achieved is T_min / T_achieved.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from dataclasses import dataclass

from aiogram.client.telegram import TelegramAPIServer

from bench.databases import sqlite_database
from bench.fake_process import FakeProcess
from bench.table import print_table
from bot.app import build_app
from bot.config import Settings
from bot.services import outbox
from bot.telegram.sender.limits import TelegramLimits
from bot.views import registry
from tests.delivery.harness import plain_view
from tests.fakes.telegram_api import FakeLimits
from tests.fakes.telegram_client import PlainHttpSession

TOKEN = "123456:BENCH-token-0123456789abcdef"
MESSAGES = 2000
PRIVATE_CHATS = [10_000 + n for n in range(50)]
GROUPS = [-4_100_000 - n for n in range(10)]
TIME_SCALE = 5.0


@dataclass(frozen=True, slots=True)
class Bound:
    global_s: float
    private_s: float
    group_s: float

    @property
    def makespan(self) -> float:
        return max(self.global_s, self.private_s, self.group_s)


def shortest_makespan(per_chat: Counter[int], limits: FakeLimits) -> Bound:
    total = sum(per_chat.values())
    private = [n for chat, n in per_chat.items() if chat > 0]
    groups = [n for chat, n in per_chat.items() if chat < 0]
    return Bound(
        global_s=(math.ceil(total / limits.global_per_second) - 1) * 1.0,
        private_s=max(
            (max(0, n - limits.private_burst) / limits.private_per_second for n in private),
            default=0.0,
        ),
        group_s=max(((n - 1) // limits.group_per_minute * 60.0 for n in groups), default=0.0),
    )


async def run() -> dict[str, float]:
    registry.VIEWS["plain"] = plain_view
    chats = PRIVATE_CHATS + GROUPS
    plan = [(chats[i % len(chats)], f"message {i}") for i in range(MESSAGES)]
    fake_limits = FakeLimits(time_scale=TIME_SCALE)
    fake = FakeProcess(TOKEN, fake_limits)
    base_url = await fake.start()
    async with sqlite_database() as url:
        settings = Settings(  # type: ignore[call-arg]
            bot_token=TOKEN, database_url=url, telegram_api_url=base_url, _env_file=None
        )
        session = PlainHttpSession(api=TelegramAPIServer.from_base(base_url))
        limits = TelegramLimits(time_scale=TIME_SCALE)
        app = build_app(settings, bot_session=session, limits=limits)
        await app.prepare()
        async with app.make_uow() as uow:
            for chat, text in plan:
                await outbox.send(
                    uow, chat_id=chat, view="plain", params={"text": text}, at=app.clock.now()
                )
            await uow.commit()
        stop = asyncio.Event()
        running = asyncio.create_task(app.sender.run(stop))
        while app.sender.sent < MESSAGES:  # noqa: ASYNC110 - a look every 50 ms is enough
            await asyncio.sleep(0.05)
        stop.set()
        await running
        await app.close()
    figures = await fake.figures()

    accepted = sorted(figures.accepted_at)
    achieved = (accepted[-1] - accepted[0]) * TIME_SCALE
    bound = shortest_makespan(Counter(chat for chat, _ in plan), fake_limits)
    lost = sum(1 for _, text in plan if figures.texts[text] == 0)
    duplicated = sum(n - 1 for n in figures.texts.values() if n > 1)
    best_rate = (MESSAGES - 1) / bound.makespan
    rate = (MESSAGES - 1) / achieved
    print_table(
        f"1. Sender: {MESSAGES} messages to {len(PRIVATE_CHATS)} private chats and "
        f"{len(GROUPS)} groups, limits on (time x{TIME_SCALE:g}, in Telegram seconds)",
        [
            ("bound: global 30/s", f"{bound.global_s:.1f} s"),
            ("bound: slowest private chat (1/s, burst 3)", f"{bound.private_s:.1f} s"),
            ("bound: slowest group (20/min)", f"{bound.group_s:.1f} s"),
            ("shortest makespan the limits allow", f"{bound.makespan:.1f} s"),
            ("maximum rate the limits allow", f"{best_rate:.2f} msg/s"),
            ("achieved makespan", f"{achieved:.1f} s"),
            ("achieved rate", f"{rate:.2f} msg/s"),
            ("achieved / maximum (goal >= 90%)", f"{rate / best_rate:.1%}"),
            ("429 answers (goal 0)", str(figures.rejected_429)),
            ("lost (goal 0)", str(lost)),
            ("duplicated (goal 0)", str(duplicated)),
            ("real time", f"{achieved / TIME_SCALE:.1f} s"),
        ],
    )
    return {"share": rate / best_rate, "rejected": figures.rejected_429}
