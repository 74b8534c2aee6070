"""`python -m bot` as a subprocess against the fake Bot API.

Starting the process costs a few seconds (aiogram's types are built at import), so these
tests are few and each one tells a whole story.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import SystemClock
from bot.domain.roles import Role
from bot.services.counterparties import directory as clients
from storage.db import make_engine
from storage.models import Counterparty, User
from storage.uow import UnitOfWork
from tests.fakes.telegram_api import FakeLimits, FakeTelegram

REPO = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token-0123456789abcdef"
ADMIN_ID = 900001
START_TIMEOUT = 60.0  # the first start of a session also compiles bytecode
T = TypeVar("T")


@dataclass
class BotProcess:
    """One `python -m bot`; its output is collected so the pipes never fill up."""

    process: asyncio.subprocess.Process
    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    readers: list[asyncio.Task[None]] = field(default_factory=list)

    @classmethod
    async def start(cls, env: dict[str, str]) -> BotProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=env,
            cwd=REPO,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        bot = cls(process)
        assert process.stdout is not None
        assert process.stderr is not None
        bot.readers = [
            asyncio.create_task(_collect(process.stdout, bot.stdout)),
            asyncio.create_task(_collect(process.stderr, bot.stderr)),
        ]
        return bot

    async def exit_code(self, timeout: float = 30.0) -> int:  # noqa: ASYNC109
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await asyncio.gather(*self.readers)
        return code

    async def stop(self, timeout: float = 30.0) -> int:  # noqa: ASYNC109
        """SIGTERM: a graceful stop."""
        self.process.send_signal(signal.SIGTERM)
        return await self.exit_code(timeout)

    async def kill(self) -> None:
        """SIGKILL: a crash, nothing is cleaned up."""
        self.process.kill()
        await self.exit_code()

    @property
    def log(self) -> str:
        return (self.stdout + self.stderr).decode(errors="replace")


async def _collect(stream: asyncio.StreamReader, into: bytearray) -> None:
    while chunk := await stream.read(65536):
        into.extend(chunk)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Harness:
    fake: FakeTelegram
    database_url: str
    processes: list[BotProcess] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TZ"}}
        return (
            keep
            | {
                "BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": self.fake.base_url,
                "DATABASE_URL": self.database_url,
                "ADMIN_IDS": str(ADMIN_ID),
                "PYTHONUNBUFFERED": "1",
            }
            | extra
        )

    async def start(self, **extra: str) -> BotProcess:
        bot = await BotProcess.start(self.env(**extra))
        self.processes.append(bot)
        return bot

    async def read(self, fn: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        """Look into the bot's database from outside (a new connection each time)."""
        engine = make_engine(self.database_url)
        try:
            async with UnitOfWork(async_sessionmaker(engine, expire_on_commit=False)) as uow:
                return await fn(uow)
        finally:
            await engine.dispose()

    async def write(self, fn: Callable[[UnitOfWork], Awaitable[None]]) -> None:
        """Write into the bot's database from outside, as earlier work would have left it."""

        async def and_commit(uow: UnitOfWork) -> None:
            await fn(uow)
            await uow.commit()

        await self.read(and_commit)

    async def cleanup(self) -> None:
        for bot in self.processes:
            if bot.process.returncode is None:
                bot.process.kill()
                await bot.exit_code()


async def seed_staff_and_client(
    uow: UnitOfWork, staff: Sequence[tuple[int, str, Role, str]], manager: int
) -> Counterparty:
    """Staff (Telegram id, name, role, department) and their client «Ромашка», whose manager
    is `manager`."""
    now = SystemClock().now()  # the subprocess runs on the wall clock
    for tg_id, name, role, department in staff:
        uow.users.add(
            User(tg_user_id=tg_id, full_name=name, role=role.value, department_id=department,
                 is_active=True, is_reachable=True, created_at=now, updated_at=now)
        )  # fmt: skip
    await uow.flush()
    user = await uow.users.by_tg_id(manager)
    assert user is not None
    fields = clients.NewCounterparty(
        name="ООО «Ромашка»", inn="3528972289", city="Череповец", manager_id=user.id
    )
    return await clients.add_counterparty(uow, fields, None, now)


def marker(text: str) -> str:
    """The «…» a seeded message carries, to tell which one arrived."""
    start = text.index("«")
    return text[start : text.index("»", start) + 1]


def button_of(message: Any, label: str) -> tuple[Any, str] | None:
    """The message and the callback data of its button whose text contains `label`."""
    markup = message.data.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if label in button["text"]:
                return message, str(button["callback_data"])
    return None


@pytest.fixture
def fake_limits() -> FakeLimits:
    return FakeLimits(enabled=False)


@pytest.fixture
async def harness(database_url: str, fake_limits: FakeLimits) -> AsyncIterator[Harness]:
    async with FakeTelegram(TOKEN, limits=fake_limits) as fake:
        harness = Harness(fake, database_url)
        try:
            yield harness
        finally:
            await harness.cleanup()


def replies_to(fake: FakeTelegram, chat_id: int) -> list[str]:
    return fake.texts(chat_id)


def is_reply_to(chat_id: int) -> Callable[[Any], bool]:
    return lambda call: call.method == "sendMessage" and call.ok and call.chat_id == chat_id
