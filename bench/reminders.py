"""Benchmark 6: the reminder runner over 1,000,000 pending reminders.

The table is filled in the database itself (a recursive CTE on SQLite, generate_series on
PostgreSQL): `due` rows due at T0, the rest spread over the following days. Then, with the
clock a minute before T0, an idle tick (claim finds nothing, the next due time is looked up:
what the runner costs while it waits) is timed; with the clock at T0 one tick claims the due
rows, checks them, resolves their recipient and writes their outbox rows, in batches (claim,
fire: one commit each). The bench kind's render does no query of its own, so the figure is
the engine's. RSS is read before and after: it must not grow with the table.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import psutil
import yaml
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.config import LogFormat
from bot.logs import configure_logging
from bot.services.reminders.kinds import (
    Addressee,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
)
from bot.services.reminders.policy_settings import ensure_policies
from reminders.calendar import WorkCalendar
from reminders.runner import ReminderRunner, RunnerOptions
from storage.db import make_engine
from storage.models import OutboxMessage, User
from storage.uow import UnitOfWork
from tests.fakes.clock import FakeClock

COMPANY = Path(__file__).parents[1] / "bot" / "data" / "company.yaml"
T0 = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # Tuesday 10:00 in Moscow
SECTION = {"bench": {"steps": [{"id": "ping", "offset_days": 0, "at": "10:00", "to": "manager"}]}}
IDLE_TICKS = 30


@dataclass(frozen=True, slots=True)
class RunnerFigures:
    pending: int
    due: int
    idle_ms_mean: float
    idle_ms_max: float
    idle_cpu_ms: float  # CPU time of this process per idle tick (mean)
    fire_s: float
    fire_cpu_s: float  # CPU time of this process (the event loop and the driver's thread)
    sent: int
    outbox_rows: int
    rss_before_mib: float
    rss_after_mib: float


async def runner_bench(url: str, pending: int, due: int, batch: int = 500) -> RunnerFigures:
    configure_logging(LogFormat.TEXT, "WARNING")  # no per-row lines in the figures
    engine = make_engine(url)
    make_uow = partial(UnitOfWork, async_sessionmaker(engine, expire_on_commit=False))
    clock = FakeClock(T0 - timedelta(minutes=1))
    company = yaml.safe_load(COMPANY.read_text("utf-8"))
    calendar = WorkCalendar.from_mapping(company["working_time"], company["calendar"])
    try:
        manager_id = await _prepare(make_uow, clock)
        await _fill(engine, pending, due)
        kinds = ReminderKinds()
        kinds.register(ReminderKind("bench", partial(_render, manager_id)))
        runner = ReminderRunner(
            make_uow, clock, kinds, calendar, options=RunnerOptions(batch=batch)
        )
        process = psutil.Process(os.getpid())
        await runner.tick()  # warm up (connections, statement caches)
        rss_before = process.memory_info().rss
        idle = []
        idle_cpu = time.process_time()
        for _ in range(IDLE_TICKS):
            start = time.perf_counter()
            report = await runner.tick()
            idle.append((time.perf_counter() - start) * 1000)
            assert report.sent == 0
        idle_cpu = (time.process_time() - idle_cpu) * 1000 / IDLE_TICKS
        clock.set(T0)
        start, cpu = time.perf_counter(), time.process_time()
        report = await runner.tick()
        fire_s, fire_cpu = time.perf_counter() - start, time.process_time() - cpu
        rss_after = process.memory_info().rss
        async with make_uow() as uow:
            rows = await uow.session.scalar(select(func.count()).select_from(OutboxMessage))
        return RunnerFigures(
            pending=pending,
            due=due,
            idle_ms_mean=statistics.mean(idle),
            idle_ms_max=max(idle),
            idle_cpu_ms=idle_cpu,
            fire_s=fire_s,
            fire_cpu_s=fire_cpu,
            sent=report.sent,
            outbox_rows=int(rows or 0),
            rss_before_mib=rss_before / 2**20,
            rss_after_mib=rss_after / 2**20,
        )
    finally:
        await engine.dispose()


async def _render(manager_id: int, ctx: FireContext) -> Message:
    return Message("plain", {"text": f"ping {ctx.reminder.id}"}, Addressee(manager_id=manager_id))


async def _prepare(make_uow: partial[UnitOfWork], clock: FakeClock) -> int:
    async with make_uow() as uow:
        await ensure_policies(uow, SECTION, clock)
    async with make_uow() as uow:
        user = User(
            tg_user_id=777_000,
            full_name="Bench Manager",
            role="manager",
            is_active=True,
            is_reachable=True,
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        uow.users.add(user)
        await uow.commit()
        return user.id


_COLUMNS = (
    "policy, step, subject_kind, subject_id, occurrence, dedupe_key, due_at, status, is_late, "
    "params, sent_to, sent_count, created_at, updated_at"
)
_SQLITE_FILL = f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
INSERT INTO reminders ({_COLUMNS})
SELECT 'bench', 'ping', 'none', '', i, 'bench.ping|none||' || i,
       CASE WHEN i <= :due THEN :t0 ELSE datetime(:later, '+' || (i % 5000) || ' minutes') END,
       'pending', 0, '{{}}', '[]', 0, :t0, :t0
FROM n
"""
_PG_FILL = f"""
INSERT INTO reminders ({_COLUMNS})
SELECT 'bench', 'ping', 'none', '', i::text, 'bench.ping|none||' || i,
       CASE WHEN i <= :due THEN CAST(:t0 AS timestamptz)
            ELSE CAST(:later AS timestamptz) + (i % 5000) * interval '1 minute' END,
       'pending', false, '{{}}'::json, '[]'::json, 0, CAST(:t0 AS timestamptz),
       CAST(:t0 AS timestamptz)
FROM generate_series(1, CAST(:count AS integer)) AS i
"""


async def _fill(engine: AsyncEngine, pending: int, due: int) -> None:
    later = T0 + timedelta(days=1)
    async with engine.begin() as db:
        if engine.dialect.name == "sqlite":
            t0 = T0.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
            values = {"count": pending, "due": due, "t0": t0, "later": later.replace(tzinfo=None)
                      .strftime("%Y-%m-%d %H:%M:%S")}  # fmt: skip
            await db.execute(text(_SQLITE_FILL), values)
            await db.execute(text("ANALYZE reminders"))
        else:
            values = {
                "count": pending,
                "due": due,
                "t0": T0,
                "later": later,
            }
            await db.execute(text(_PG_FILL), values)
    if engine.dialect.name == "postgresql":
        async with engine.connect() as db:
            autocommit = await db.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE reminders"))
