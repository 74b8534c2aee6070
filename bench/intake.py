"""Benchmarks 2-4: the intake path, its latency, and the process's memory.

Interactions arrive with another feature; until then the handler measured here is a
benchmark-only router (registered first, in the bench's own app) whose handler calls
`record_bench_event`, a service-like function that writes what a real use case writes in
one transaction: a state change (a dialogue-state row), an audit row standing in for the
interaction, and an outbox row; the inbox row is marked handled in the same commit.

The whole path per update: inbox insert (a batch per getUpdates answer, as polling does),
dedupe, our middlewares (log context, unit of work, actor lookup), the router, the
handler, the service, commit. The baseline is the same machine's bare SQLAlchemy loop:
one INSERT and one COMMIT per row, in the same run, on the same kind of database.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.types import Message
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.app import App, build_app
from bot.clock import Clock
from bot.config import Settings
from bot.services import audit, outbox
from storage.db import make_engine
from storage.models import AuditEntry, InboxUpdate
from storage.uow import UnitOfWork
from tests.fakes.recording_session import RecordingSession

TOKEN = "123456:BENCH-token-0123456789abcdef"
USERS = 100


@dataclass(frozen=True, slots=True)
class BenchEvent:
    chat_id: int
    text: str
    update_id: int


async def record_bench_event(cmd: BenchEvent, uow: UnitOfWork, clock: Clock) -> None:
    """State change + interaction (audit row) + outbox row, one transaction."""
    now = clock.now()
    await uow.fsm.put(f"bench:{cmd.chat_id}", at=now, state="bench", data={"n": cmd.update_id})
    audit.record(uow, None, "bench_event", f"chat:{cmd.chat_id}", at=now, text=cmd.text)
    await outbox.send(uow, chat_id=cmd.chat_id, view="plain", params={"text": cmd.text}, at=now)
    await uow.commit()


class Timings:
    """When each update's transaction committed (perf_counter)."""

    def __init__(self) -> None:
        self.committed: dict[int, float] = {}


def bench_router(timings: Timings | None, *, writes: bool = True) -> Router:
    """`timings`: note when each update's transaction commits (the latency bench only: the
    listener costs time of its own). `writes=False`: the handler writes nothing."""

    async def on_bench_event(
        message: Message, uow: UnitOfWork, clock: Clock, event_update: Any
    ) -> None:
        update_id = int(event_update.update_id)
        if timings is not None:

            def committed(_session: Any) -> None:
                timings.committed[update_id] = time.perf_counter()

            event.listen(uow.session.sync_session, "after_commit", committed, once=True)
        if writes:
            cmd = BenchEvent(message.chat.id, message.text or "", update_id)
            await record_bench_event(cmd, uow, clock)

    router = Router(name="bench")
    router.message.register(on_bench_event, F.text.startswith("bench "))
    return router


def bench_app(url: str, timings: Timings | None = None, *, writes: bool = True) -> App:
    settings = Settings(bot_token=TOKEN, database_url=url, _env_file=None)  # type: ignore[call-arg]
    app = build_app(settings, bot_session=RecordingSession())
    router = bench_router(timings, writes=writes)
    app.dp.include_router(router)
    app.dp.sub_routers.remove(router)
    app.dp.sub_routers.insert(1, router)  # after the errors router, before the fallback
    return app


def make_update(update_id: int) -> dict[str, Any]:
    user = {"id": 20_000 + update_id % USERS, "is_bot": False, "first_name": "Bench"}
    chat = {"id": user["id"], "type": "private", "first_name": "Bench"}
    message = {
        "message_id": update_id,
        "from": user,
        "chat": chat,
        "date": 1_795_000_000,
        "text": f"bench event {update_id}",
    }
    return {"update_id": update_id, "message": message}


@dataclass(frozen=True, slots=True)
class Throughput:
    updates: int
    seconds: float
    statements: int  # SQL statements the whole path sent, commits included
    cpu_seconds: float  # the event loop thread's CPU time: aiogram, SQLAlchemy, our code
    bare_rows: int
    bare_seconds: float
    bare_cpu_seconds: float

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    @property
    def bare_rate(self) -> float:
        return self.bare_rows / self.bare_seconds

    @property
    def statements_per_update(self) -> float:
        return self.statements / self.updates

    @property
    def cpu_ms_per_update(self) -> float:
        return self.cpu_seconds / self.updates * 1000

    @property
    def bare_cpu_ms_per_row(self) -> float:
        return self.bare_cpu_seconds / self.bare_rows * 1000


async def intake_throughput(url: str, updates: int, batch: int = 100) -> Throughput:
    app = bench_app(url)
    await app.prepare()
    try:
        await warm_up(app)
        statements = _count_statements(app)
        elapsed, cpu = await feed_updates(app, updates, batch)
        counted = statements()
        await check_all_handled(app, 0, updates)
    finally:
        await app.close()
    bare_seconds, bare_cpu = await bare_insert_loop(url, updates)
    return Throughput(updates, elapsed, counted, cpu, updates, bare_seconds, bare_cpu)


async def feed_updates(
    app: App, updates: int, batch: int, *, first_id: int = 0
) -> tuple[float, float]:
    """Store and handle `updates` in getUpdates-sized batches, as polling does: the wall
    time and the event loop thread's CPU time it took. Update ids after `first_id` (the
    inbox would take a second run's same ids for repeats and skip them)."""
    intake = app.intake
    start, cpu_start = time.perf_counter(), time.thread_time()
    last = first_id + updates
    for first in range(first_id + 1, last + 1, batch):
        payloads = [make_update(i) for i in range(first, min(first + batch, last + 1))]
        intake.handle_later(await intake.store(payloads))
    await intake.wait_idle()
    return time.perf_counter() - start, time.thread_time() - cpu_start


async def warm_up(app: App, update_id: int = 0) -> None:
    await app.intake.handle_batch(await app.intake.store([make_update(update_id)]))


async def check_all_handled(app: App, first_id: int, last: int) -> None:
    """A bench whose updates failed would measure failing fast."""
    ids = InboxUpdate.update_id.between(first_id, last)
    async with app.make_uow() as uow:
        failed = await uow.session.scalar(
            select(func.count()).where(ids, InboxUpdate.error.is_not(None))
        )
    if failed:
        raise RuntimeError(f"{failed} of the bench's updates failed")


def _count_statements(app: App) -> Callable[[], int]:
    """Statements and commits sent from now on (a commit is a trip to the database too)."""
    sent = [0]

    def one_more(*_args: Any) -> None:
        sent[0] += 1

    event.listen(app.engine.sync_engine, "before_cursor_execute", one_more)
    event.listen(app.engine.sync_engine, "commit", one_more)
    return lambda: sent[0]


async def bare_insert_loop(url: str, rows: int) -> tuple[float, float]:
    """One ORM insert and commit per row, one after another: wall and CPU seconds."""
    engine = make_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    async with sessions() as session:  # warm up the pool
        session.add(AuditEntry(at=_now(), action="bare", subject="warm", details={}))
        await session.commit()
    start, cpu_start = time.perf_counter(), time.thread_time()
    for n in range(rows):
        async with sessions() as session:
            session.add(AuditEntry(at=_now(), action="bare", subject=f"row {n}", details={}))
            await session.commit()
    elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu_start
    await engine.dispose()
    return elapsed, cpu


@dataclass(frozen=True, slots=True)
class Latency:
    rate: float
    updates: int
    p50_ms: float
    p99_ms: float
    max_ms: float


async def intake_latency(url: str, rate: float = 100.0, updates: int = 1000) -> Latency:
    """Updates arrive one by one at `rate` a second, as a webhook receives them: from
    arrival to the commit of the transaction that wrote the outbox row."""
    timings = Timings()
    app = bench_app(url, timings)
    await app.prepare()
    intake = app.intake
    await intake.handle_batch(await intake.store([make_update(0)]))  # warm up
    received: dict[int, float] = {}
    start = time.perf_counter()
    for n in range(1, updates + 1):
        due = start + n / rate
        pause = due - time.perf_counter()
        if pause > 0:
            await asyncio.sleep(pause)
        received[n] = time.perf_counter()
        intake.handle_later(await intake.store([make_update(n)]))
    await intake.wait_idle()
    await app.close()
    waits = sorted((timings.committed[n] - received[n]) * 1000 for n in received)
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    return Latency(rate, updates, statistics.median(waits), p99, waits[-1])


def _now() -> Any:
    from bot.clock import SystemClock  # noqa: PLC0415 - the bench reads the wall clock here

    return SystemClock().now()
