"""Presses on task cards and the answers some steps ask for. Each use case loads what the
press is decided on, lets `decide_step` decide (the status machines and what a step sets
off: a supply task for what is missing, goods passed back to the warehouse, the delivery
task when the work is done, the order closed when delivered), writes what it decided and
commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.domain.tasks.flow import Step, StepInput, TaskStatus
from bot.domain.tasks.steps import Question, decide_step
from bot.services.tasks.loading import PressRequest, load_press
from bot.services.tasks.outcome import write_outcome
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PressTask:
    actor: Actor
    task_id: int
    step: Step
    version: int


@dataclass(frozen=True, slots=True)
class SubmitTaskInput:
    actor: Actor
    task_id: int
    step: Step
    version: int
    text: str


@dataclass(frozen=True, slots=True)
class TaskPressed:
    task_id: int
    number: int
    step: Step
    status: TaskStatus
    needs: StepInput | None = None
    lines: Mapping[int, int] = field(default_factory=dict)  # line no -> qty (shortage question)


async def press_task(
    cmd: PressTask, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TaskPressed:
    """A button on a card. A step that needs input (how many are missing, when the goods
    come, the tracking number) only checks here and changes nothing yet."""
    now = clock.now()
    request = PressRequest(cmd.actor, cmd.task_id, cmd.step, cmd.version, calendar.local_date(now))
    return await _press(request, uow, now, calendar)


async def submit_task_input(
    cmd: SubmitTaskInput, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TaskPressed:
    """The answer typed after a step that asks for one."""
    now = clock.now()
    request = PressRequest(
        cmd.actor, cmd.task_id, cmd.step, cmd.version, calendar.local_date(now), typed=cmd.text
    )
    return await _press(request, uow, now, calendar)


async def _press(
    request: PressRequest, uow: UnitOfWork, now: datetime, calendar: WorkCalendar
) -> TaskPressed:
    loaded = await load_press(uow, request)
    decided = decide_step(loaded.press)
    task, number = loaded.press.task, loaded.press.order.number
    if isinstance(decided, Question):
        return TaskPressed(
            task.id, number, decided.step, task.status, needs=decided.needs, lines=decided.lines
        )
    await write_outcome(uow, loaded, decided, now, calendar)
    await uow.commit()
    return TaskPressed(task.id, number, decided.step, decided.pressed.status)
