"""ReminderClock: APScheduler 3 as the runner's alarm clock, with the real clock (the only
test that starts the scheduler; it waits for events, never sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from bot.clock import SystemClock
from reminders.runner import ReminderClock, ReminderRunner, RunnerOptions


class StubRunner:
    """Counts ticks; after each, the next row is due in an hour."""

    def __init__(self) -> None:
        self.options = RunnerOptions()
        self.owner = "stub"
        self.next_wake: datetime | None = None
        self.ticks = 0
        self.ticked = asyncio.Event()
        self.alarm: Callable[[], None] | None = None

    async def tick(self) -> None:
        self.ticks += 1
        self.next_wake = SystemClock().now() + timedelta(hours=1)
        self.ticked.set()

    def set_alarm(self, alarm: Callable[[], None]) -> None:
        self.alarm = alarm


async def test_runner_ticks_at_start_sleeps_until_next_due_and_wakes_when_rung() -> None:
    runner = StubRunner()
    clock = ReminderClock(cast(ReminderRunner, cast(Any, runner)), SystemClock())
    clock.start()
    try:
        await asyncio.wait_for(runner.ticked.wait(), timeout=5)  # the start's catch-up
        assert runner.ticks == 1
        job = clock.scheduler.get_job("reminders")
        assert job is not None
        assert job.next_run_time >= SystemClock().now() + timedelta(minutes=4)  # no poll
        runner.ticked.clear()
        assert runner.alarm is not None
        runner.alarm()  # something was planned that is due now
        await asyncio.wait_for(runner.ticked.wait(), timeout=5)
        assert runner.ticks == 2
    finally:
        await clock.stop()
    assert not clock.scheduler.running
