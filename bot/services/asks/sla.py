"""The requests' SLA as reminder kinds (policy `dept_requests` in company.yaml): not taken
within the working minutes of `take_reminder` -> the department's chat again, then
(`take_escalate`) the head; answered but not closed by the manager within the working days
of `close_reminder` -> the manager (deactivated: the heads, as the engine does)."""

from __future__ import annotations

from datetime import datetime

from bot.domain.asks.rules import AskStatus
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
from storage.models import DeptRequest
from storage.uow import UnitOfWork

POLICY = "dept_requests"
TAKE_STEPS = ("take_reminder", "take_escalate")
CLOSE_STEP = "close_reminder"
VIEW = "reminder_ask"


def subject(req: DeptRequest) -> Subject:
    return Subject.of(SubjectKind.DEPT_REQUEST, req.id)


async def plan_take(
    uow: UnitOfWork, req: DeptRequest, calendar: WorkCalendar, now: datetime
) -> None:
    items = [PlanReminder(f"{POLICY}.{step}", subject(req), anchor=now) for step in TAKE_STEPS]
    await plan(uow, calendar, now, *items)


async def taken(uow: UnitOfWork, req: DeptRequest, now: datetime) -> None:
    for step in TAKE_STEPS:
        await cancel(uow, subject(req), POLICY, now=now, reason="taken", step=step)


async def plan_close(
    uow: UnitOfWork, req: DeptRequest, calendar: WorkCalendar, now: datetime
) -> None:
    """Each answer its own occurrence: asked again and answered again, reminded again."""
    item = PlanReminder(
        f"{POLICY}.{CLOSE_STEP}", subject(req), anchor=now, occurrence=f"v{req.version}"
    )
    await plan(uow, calendar, now, item)


async def closed(uow: UnitOfWork, req: DeptRequest, now: datetime) -> None:
    await cancel(uow, subject(req), POLICY, now=now, reason="closed")


async def render(ctx: FireContext) -> Message | Stale:
    req = await ctx.uow.dept_requests.find(int(ctx.reminder.subject_id))
    if req is None:
        return Stale("request_gone")
    step = ctx.reminder.step
    if step in TAKE_STEPS and req.status != AskStatus.NEW:
        return Stale("taken")
    if step == CLOSE_STEP and req.status not in (AskStatus.ANSWERED, AskStatus.REFUSED):
        return Stale("closed")
    department = await ctx.uow.departments.find(req.department_id)
    return Message(
        view=VIEW,
        params={
            "step": step,
            "number": req.number,
            "department": department.title if department else req.department_id,
            "question": req.question[:300],
        },
        addressee=Addressee(
            manager_id=req.manager_id,
            department_id=req.department_id,
            counterparty_id=req.counterparty_id,
        ),
        topic=f"№{req.number}",
    )


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render))
