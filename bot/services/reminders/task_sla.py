"""Department tasks watched by the clock (policies `tasks` and `deadlines`).

- `tasks.ack_reminder` / `tasks.ack_escalate`: a task not accepted within N working minutes
  of its card reaching the department's chat (`Task.posted_at`, set when the sender has
  posted the card: a card posted late, its chat bound later, starts its clock then) → a
  reminder in the department's chat, later → the head. Accepting cancels what still waits
  (`task_accepted`, in the press's transaction); each message checks the task is still
  unaccepted when it fires.
- `deadlines.order_deadline`: an order's deadline passed and the order is not closed → its
  manager (planned when its first card is posted).
- `deadlines.supply_expected`: the date supply said the goods come (`expected_on`) passed
  and they have not arrived → supply's chat (planned when the date is typed; a new date is a
  new occurrence, the old one goes stale).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import structlog

from bot.domain.tasks.flow import CLOSED, FINISHED_ORDERS, TaskStatus
from bot.domain.tasks.lines import TaskLines
from bot.services.reminders.kinds import (
    Addressee,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, cancel, plan
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind
from storage.models import Order, Task
from storage.uow import UnitOfWork

log = structlog.get_logger()

TASKS, DEADLINES = "tasks", "deadlines"
ACK_STEPS = (f"{TASKS}.ack_reminder", f"{TASKS}.ack_escalate")
ORDER_DEADLINE = f"{DEADLINES}.order_deadline"
SUPPLY_EXPECTED = f"{DEADLINES}.supply_expected"
CARD_PREFIX = "task:"


def _task(task: Task) -> Subject:
    return Subject.of(SubjectKind.TASK, task.id)


async def card_posted(
    calendar: WorkCalendar,
    card_key: str,
    chat: int,
    thread: int | None,
    at: datetime,
    uow: UnitOfWork,
) -> None:
    """A delivery hook (bot/app.py): the task's card is in its chat now. Commits."""
    try:
        task_id = int(card_key.removeprefix(CARD_PREFIX))
    except ValueError:
        return
    task = await uow.tasks.find(task_id)
    if task is None or task.posted_at is not None:
        return
    task.posted_at = at
    items: list[PlanReminder] = []
    if task.status == TaskStatus.NEW and task.accepted_at is None:
        items += [PlanReminder(step, _task(task), anchor=at) for step in ACK_STEPS]
    order = await uow.orders.find(task.order_id)
    if order is not None and order.deadline_on is not None:
        subject = Subject.of(SubjectKind.ORDER, order.id)
        items.append(
            PlanReminder(
                ORDER_DEADLINE,
                subject,
                anchor=order.deadline_on,
                occurrence=order.deadline_on.isoformat(),
            )
        )
    await plan(uow, calendar, at, *items)
    await uow.commit()
    log.info("task_card_posted", task_id=task.id, chat=chat)


async def task_accepted(uow: UnitOfWork, task: Task, now: datetime) -> None:
    """In the press's transaction: the acceptance reminders still waiting are cancelled."""
    await cancel(uow, _task(task), TASKS, now=now, reason="accepted")


async def task_done(uow: UnitOfWork, task: Task, now: datetime) -> None:
    await cancel(uow, _task(task), DEADLINES, now=now, reason="done")


async def expected_date_set(
    uow: UnitOfWork, task: Task, day: date, calendar: WorkCalendar, now: datetime
) -> None:
    """Supply typed when the goods come: watch that date (a new date replaces the old)."""
    await cancel(uow, _task(task), DEADLINES, now=now, reason="date_changed")
    await plan(
        uow,
        calendar,
        now,
        PlanReminder(SUPPLY_EXPECTED, _task(task), anchor=day, occurrence=day.isoformat()),
    )


async def _loaded(ctx: FireContext) -> tuple[Task, Order] | Stale:
    task = await ctx.uow.tasks.find(int(ctx.reminder.subject_id))
    if task is None:
        return Stale("task_gone")
    order = await ctx.uow.orders.find(task.order_id)
    if order is None or order.status in FINISHED_ORDERS:
        return Stale("order_finished")
    return task, order


async def _params(ctx: FireContext, task: Task, order: Order, **more: Any) -> dict[str, Any]:
    department = await ctx.uow.departments.find(task.department_id)
    client = await ctx.uow.counterparties.find(order.counterparty_id)
    return {
        "number": order.number,
        "department": department.title if department else task.department_id,
        "client": client.name if client else "",
        "step": ctx.reminder.step,
        **more,
    }


async def render_ack(ctx: FireContext) -> Message | Stale:
    found = await _loaded(ctx)
    if isinstance(found, Stale):
        return found
    task, order = found
    if task.accepted_at is not None or task.status != TaskStatus.NEW:
        return Stale("accepted")
    minutes = ctx.step.offset
    return Message(
        view="reminder_task_ack",
        params=await _params(ctx, task, order, minutes=minutes),
        addressee=Addressee(manager_id=order.manager_id, department_id=task.department_id),
        topic=f"№{order.number}",
    )


async def render_expected(ctx: FireContext) -> Message | Stale:
    found = await _loaded(ctx)
    if isinstance(found, Stale):
        return found
    task, order = found
    expected = TaskLines.from_json(task.details).expected_on
    if task.status in CLOSED:
        return Stale("done")
    if expected is None or expected.isoformat() != ctx.reminder.occurrence:
        return Stale("date_changed")
    return Message(
        view="reminder_supply_expected",
        params=await _params(ctx, task, order, expected=expected.isoformat()),
        addressee=Addressee(manager_id=order.manager_id, department_id=task.department_id),
        topic=f"№{order.number}",
    )


async def render_deadline(ctx: FireContext) -> Message | Stale:
    order = await ctx.uow.orders.find(int(ctx.reminder.subject_id))
    if order is None or order.status in FINISHED_ORDERS:
        return Stale("order_finished")
    if order.deadline_on is None or order.deadline_on.isoformat() != ctx.reminder.occurrence:
        return Stale("date_changed")
    client = await ctx.uow.counterparties.find(order.counterparty_id)
    return Message(
        view="reminder_order_deadline",
        params={
            "number": order.number,
            "client": client.name if client else "",
            "deadline": order.deadline_on.isoformat(),
        },
        addressee=Addressee(
            manager_id=order.manager_id, counterparty_id=client.id if client else None
        ),
        topic=f"№{order.number}",
    )


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(TASKS, render_ack))
    kinds.register(ReminderKind(DEADLINES, render_expected, step="supply_expected"))
    kinds.register(ReminderKind(DEADLINES, render_deadline, step="order_deadline"))
