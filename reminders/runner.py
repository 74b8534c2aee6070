"""The reminder runner: a driver, like a handler. Woken by the clock, it calls the firing
service (bot/services/reminders/firing.py) and writes no rows itself.

`ReminderRunner.tick()` fires everything due now, in small batches (claim → fire, one unit
of work each; a batch that fails is retried row by row so one bad reminder does not hold the
others), then works out when the next row falls due (`next_wake`). Rows found due long after
their time — the bot was down — go out marked late or are dropped (see firing.py); the first
tick after a start is that catch-up. Tests call `tick()` after `FakeClock.advance()`.

`ReminderClock` is APScheduler 3 used as a clock only: `AsyncIOScheduler(timezone=UTC)`, no
job store, one job (`coalesce=True, max_instances=1`) that awaits `tick()` and then moves its
own next run to `next_wake`. So the runner sleeps until the next due row, not a fixed poll;
`idle_cap` (5 minutes) bounds the sleep, for rows another process planned and did not fire.
Planning wakes it: the unit of work calls `ReminderRunner.notice` after every commit, and a
row due earlier than `next_wake` moves the job to now (a step already due when it is planned
goes out within seconds). Several processes may run it: claims are leased (see firing.py).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.services.reminders import firing
from bot.services.reminders.kinds import ReminderKinds
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = structlog.get_logger()

JOB = "reminders"


@dataclass(frozen=True, slots=True)
class RunnerOptions:
    batch: int = 200
    lease: timedelta = timedelta(seconds=120)
    idle_cap: timedelta = timedelta(minutes=5)


# Plans what recurs by the day (the daily rhythm): called on the first tick and on the first
# tick of each new company-local day; idempotent (one row per occurrence); commits.
DayPlanner = Callable[[UnitOfWork, WorkCalendar, datetime], Awaitable[object]]


class ReminderRunner:
    def __init__(
        self,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        kinds: ReminderKinds,
        calendar: WorkCalendar,
        *,
        on_outbox: Callable[[], None] | None = None,
        options: RunnerOptions | None = None,
        owner: str | None = None,
        day_planners: Sequence[DayPlanner] = (),
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.kinds = kinds
        self.calendar = calendar
        self.on_outbox = on_outbox
        self.options = options or RunnerOptions()
        self.day_planners = list(day_planners)
        self._planned_day: date | None = None
        self.owner = owner or f"{socket.gethostname()[:16]}:{os.getpid()}:{secrets.token_hex(3)}"
        self.next_wake: datetime | None = None
        self.total = firing.FireReport()
        self._alarm: Callable[[], None] | None = None
        self._running = False
        self._again = False

    async def tick(self) -> firing.FireReport:
        """Fire everything due now; then set `next_wake`."""
        report = firing.FireReport()
        self._running = True
        try:
            await self._plan_day()
            while True:
                self._again = False
                claimed = await self._claim()
                if claimed.ids:
                    part = await self._fire(claimed.ids)
                    report.add(part)
                    if part.sent and self.on_outbox is not None:
                        self.on_outbox()
                if len(claimed.ids) < self.options.batch and not self._again:
                    break
            if claimed.ids:
                self.next_wake = self._wake_for(await self._next_due())
            else:  # idle: the claim's unit of work looked the next due time up
                self.next_wake = self._wake_for(claimed.next_due)
        finally:
            self._running = False
        self.total.add(report)
        if report.sent or report.cancelled:
            log.info("reminders_fired", sent=report.sent, late=report.late,
                     dropped=report.dropped, cancelled=report.cancelled)  # fmt: skip
        return report

    async def _plan_day(self) -> None:
        now = self.clock.now()
        day = self.calendar.local_date(now)
        if not self.day_planners or day == self._planned_day:
            return
        for planner in self.day_planners:
            try:
                async with self.make_uow() as uow:
                    await planner(uow, self.calendar, now)
            except Exception:  # the day's rows are planned again on the next tick
                log.exception("day_planner_failed")
                return
        self._planned_day = day

    def notice(self, uow: UnitOfWork) -> None:
        """After a commit: wake up if it planned a row due before we meant to look."""
        planned = uow.reminders.earliest_planned
        if planned is not None and (self.next_wake is None or planned < self.next_wake):
            self.wake()

    def wake(self) -> None:
        if self._running:
            self._again = True  # the running tick goes round once more
        elif self._alarm is not None:
            self._alarm()

    def set_alarm(self, alarm: Callable[[], None]) -> None:
        self._alarm = alarm

    async def _claim(self) -> firing.Claimed:
        async with self.make_uow() as uow:
            return await firing.claim_due(
                uow,
                now=self.clock.now(),
                owner=self.owner,
                lease=self.options.lease,
                limit=self.options.batch,
            )

    async def _fire(self, ids: Sequence[int]) -> firing.FireReport:
        try:
            return await self._fire_batch(ids)
        except Exception:  # one bad reminder must not hold the others: one by one
            log.exception("reminder_batch_failed", size=len(ids))
        report = firing.FireReport()
        for reminder_id in ids:
            try:
                report.add(await self._fire_batch([reminder_id]))
            except Exception:  # retried when its lease runs out, dropped when too late
                log.exception("reminder_failed", reminder_id=reminder_id)
        return report

    async def _fire_batch(self, ids: Sequence[int]) -> firing.FireReport:
        async with self.make_uow() as uow:
            return await firing.fire_claimed(
                uow,
                ids,
                owner=self.owner,
                kinds=self.kinds,
                calendar=self.calendar,
                now=self.clock.now(),
            )

    async def _next_due(self) -> datetime | None:
        async with self.make_uow() as uow:
            return await firing.next_due(uow)

    def _wake_for(self, due: datetime | None) -> datetime:
        now = self.clock.now()
        cap = now + self.options.idle_cap
        if due is None:
            return cap
        if due <= now:  # due but leased by somebody (or failing): look when leases run out
            return min(now + self.options.lease, cap)
        return min(due, cap)


class ReminderClock:
    """APScheduler 3 as the runner's alarm clock (see the module docstring)."""

    def __init__(self, runner: ReminderRunner, clock: Clock) -> None:
        self.runner = runner
        self.clock = clock
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._ticking: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.runner.options.idle_cap.total_seconds(), timezone=UTC),
            id=JOB,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=self.clock.now(),  # at once: the downtime catch-up
        )
        self.runner.set_alarm(self.ring)
        self.scheduler.start()
        log.info("reminder_runner_started", owner=self.runner.owner)

    def ring(self) -> None:
        self._move(self.clock.now())

    async def stop(self) -> None:
        if self.scheduler.running:
            # AsyncIOScheduler.shutdown is queued on the loop (call_soon_threadsafe): the
            # callback queued after it runs once it has
            loop = asyncio.get_running_loop()
            stopped = loop.create_future()
            self.scheduler.shutdown(wait=False)
            loop.call_soon(stopped.set_result, None)
            await stopped
        if self._ticking is not None and not self._ticking.done():
            await asyncio.wait({self._ticking}, timeout=30)

    async def _tick(self) -> None:
        self._ticking = asyncio.current_task()
        try:
            await self.runner.tick()
        except Exception:
            log.exception("reminder_tick_failed")
        self._move(self.runner.next_wake or self.clock.now() + self.runner.options.idle_cap)

    def _move(self, at: datetime) -> None:
        if self.scheduler.running and self.scheduler.get_job(JOB) is not None:
            self.scheduler.modify_job(JOB, next_run_time=max(at, self.clock.now()))
