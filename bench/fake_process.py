"""The fake Bot API in a process of its own, as Telegram is: its work does not slow the
sender down. The parent talks to it over a pipe: the base URL once, the figures at the end."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from tests.fakes.telegram_api import FakeLimits, FakeTelegram


@dataclass(frozen=True, slots=True)
class FakeFigures:
    accepted_at: list[float]
    rejected_429: int
    texts: Counter[str]
    # when each text first reached the fake (time.monotonic: one clock for the machine)
    first_at: dict[str, float] = field(default_factory=dict)


def _serve(token: str, limits: FakeLimits, pipe: Connection) -> None:
    asyncio.run(_serve_async(token, limits, pipe))


async def _serve_async(token: str, limits: FakeLimits, pipe: Connection) -> None:
    async with FakeTelegram(token, limits=limits) as fake:
        pipe.send(fake.base_url)
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # "figures?"
        pipe.send(
            FakeFigures(
                accepted_at=[at for at, _ in fake.stats.accepted_at],
                rejected_429=fake.stats.rejected_429,
                texts=Counter(str(call.text) for call in fake.sent()),
                first_at=_first_at(fake),
            )
        )


def _first_at(fake: FakeTelegram) -> dict[str, float]:
    first: dict[str, float] = {}
    for call in fake.sent():
        first.setdefault(str(call.text), call.at)
    return first


class FakeProcess:
    def __init__(self, token: str, limits: FakeLimits) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(token, limits, child), daemon=True)

    async def start(self) -> str:
        self._process.start()
        return str(await self._recv())

    async def figures(self) -> FakeFigures:
        self._pipe.send("figures?")
        figures = await self._recv()
        await asyncio.get_running_loop().run_in_executor(None, self._process.join, 10)
        assert isinstance(figures, FakeFigures)
        return figures

    async def _recv(self) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, self._pipe.recv)
