"""Writing what a press decided (`StepOutcome`): the task rows, their history, the cards and
the messages beside them, the client's timeline and the manager's news, then what becomes
of the order. Does not commit: the use case does, once."""

from __future__ import annotations

from datetime import date, datetime

import structlog

from bot.domain.roles import Actor
from bot.domain.tasks.steps import StepOutcome, TaskChange
from bot.services.reminders import task_sla
from bot.services.tasks.cards import record, refresh_card, tell_chat
from bot.services.tasks.closing import close_order
from bot.services.tasks.dispatch import add_task, place_task, start_after_work
from bot.services.tasks.loading import LoadedPress
from bot.services.tasks.rows import keep_lines, lines_of, take
from bot.services.tasks.telling import log_interaction, news, tell_after_work
from reminders.calendar import WorkCalendar
from storage.models import Task
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def write_outcome(
    uow: UnitOfWork,
    loaded: LoadedPress,
    outcome: StepOutcome,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    actor, order, zone = loaded.press.actor, loaded.order, loaded.zone
    changed = [(loaded.tasks[c.task_id], c) for c in (outcome.pressed, *outcome.others)]
    for task, change in changed:
        await take(uow, task)  # raises Conflict when someone pressed first
        expected = lines_of(task).expected_on
        _change(task, change, actor, now)
        record(uow, task, actor, change.event, now, note=change.note)
        await _watch(uow, task, change, expected, now, calendar)
    made = []
    for new in outcome.new_tasks:
        task = await add_task(uow, order, new, now=now)
        if new.event is not None:
            record(uow, task, actor, new.event, now, note=new.note)
        made.append(task)
    for task, change in changed:
        await refresh_card(uow, task, order, zone, now)
        if change.notice is not None:
            params = {"number": order.number, "task_id": task.id}
            await tell_chat(uow, task, change.notice, params, now)
    for task in made:
        await place_task(uow, task, order, zone=zone, now=now)
    after, delivery = outcome.after, None
    if after is not None:
        delivery = await start_after_work(uow, order, after, now=now, zone=zone)
    if outcome.closes:
        pressed = outcome.pressed
        await close_order(
            uow, order, now, calendar, event=pressed.event, tracking=pressed.lines.tracking
        )
    for entry in outcome.timeline:
        log_interaction(
            uow, order, entry.event, actor, now, department=entry.department, note=entry.note
        )
    for item in outcome.news:
        await news(uow, order, item, zone=zone, now=now)
    if after is not None:
        await tell_after_work(uow, order, after, actor, delivery=delivery, now=now, zone=zone)
    log.info(
        "task_step",
        task_id=outcome.pressed.task_id,
        order_id=order.id,
        step=str(outcome.step),
        status=str(outcome.pressed.status),
    )


async def _watch(
    uow: UnitOfWork,
    task: Task,
    change: TaskChange,
    expected_before: date | None,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    """The clock's side of a step: acceptance stops the SLA reminders, a date supply typed
    is watched, done work stops its watch (all in the press's transaction)."""
    if change.accepted:
        await task_sla.task_accepted(uow, task, now)
    if change.done:
        await task_sla.task_done(uow, task, now)
    expected = change.lines.expected_on
    if expected is not None and expected != expected_before and not change.done:
        await task_sla.expected_date_set(uow, task, expected, calendar, now)


def _change(task: Task, change: TaskChange, actor: Actor, now: datetime) -> None:
    task.status, task.updated_at = str(change.status), now
    keep_lines(task, change.lines)
    if change.accepted:
        task.accepted_at, task.assignee_id = now, actor.user_id
    if change.done:
        task.done_at = now
    if change.reopened:
        task.done_at = None
