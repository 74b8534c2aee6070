"""The daily rhythm (policy `daily`, seeds 002 and 003), on working days only:

- 08:30 `warehouse_reconciliation`: the reconciliation prompt in the warehouse's chat —
  the orders to collect today (open warehouse tasks, the earliest deadline first; the
  invoices to collect once an invoices table exists), yesterday's arrivals from supply,
  and orders collected but not yet passed on (still in work: tell their manager);
- 09:00 `morning_plan`: each manager's plan — the same view as /today (control dates due
  today and overdue, the reminders still waiting);
- 17:45 (16:45 on a short day) `end_of_day_report`: the report prompt, prefilled from the
  manager's day (contacts logged, orders made and closed); «Дополнить» adds a line and the
  report goes to the head, who may answer it (reports.py).

Rows are planned by `plan_days` — the runner calls it on its first tick and on the first
tick of each company-local day — for today (moments still ahead) and the next working day:
one row per step, day and person (the occurrence is the day), so a restart plans nothing
twice and a message due while the bot was down goes out once, marked late, or is dropped
(the step's max lateness). A step switched off (/policies or company.yaml `enabled: false`)
is not planned, and a planned row of it is cancelled when it comes due.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.domain.roles import Role
from bot.domain.tasks.flow import TaskKind, TaskStatus
from bot.services import interactions
from bot.services.reminders.kinds import (
    ActionContext,
    ActionResult,
    Addressee,
    Button,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, plan
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind, due_at
from storage.models import DailyReport, User
from storage.uow import UnitOfWork

POLICY = "daily"
WAREHOUSE_STEP, MORNING_STEP, EOD_STEP = (
    "warehouse_reconciliation",
    "morning_plan",
    "end_of_day_report",
)
WAREHOUSE = "warehouse"
EOD_ADD = "eod_add"  # the «Дополнить» button's action
MAX_LISTED = 30
_TO_COLLECT = (TaskStatus.NEW, TaskStatus.ACCEPTED, TaskStatus.SHORT)


def _person(user_id: int) -> Subject:
    """A person's daily message: no subject of its own (the id tells people apart)."""
    return Subject.of(SubjectKind.NONE, user_id)


async def plan_days(uow: UnitOfWork, calendar: WorkCalendar, now: datetime) -> int:
    """Plan today's messages still ahead and the next working day's; commits. How many new."""
    policies = await current_policies(uow)
    steps = [s for s in policies.of_policy(POLICY) if s.enabled]
    today = calendar.local_date(now)
    days = [d for d in (today, calendar.next_working_day(today)) if calendar.is_working_day(d)]
    managers = [
        u for u in await uow.users.with_roles([Role.MANAGER]) if u.is_active and u.tg_user_id
    ]
    items: list[PlanReminder] = []
    for day in days:
        for step in steps:
            moment = due_at(step, day, calendar)
            if moment <= now:  # not for a moment already past: a restart sends nothing twice
                continue
            if step.step == WAREHOUSE_STEP:
                subjects = [Subject.of(SubjectKind.DEPARTMENT, WAREHOUSE)]
            else:
                subjects = [_person(u.id) for u in managers]
            items += [
                PlanReminder(step.key, s, due_at=moment, occurrence=day.isoformat())
                for s in subjects
            ]
    planned = await plan(uow, calendar, now, *items, policies=policies)
    await uow.commit()
    return planned


# --- 09:00 the morning plan ----------------------------------------------------------------


async def _manager(ctx: FireContext) -> User | Stale:
    user = await ctx.uow.users.find(int(ctx.reminder.subject_id))
    if user is None or not user.is_active or user.role != Role.MANAGER or not user.is_reachable:
        return Stale("not_a_manager")
    return user


async def render_morning(ctx: FireContext) -> Message | Stale:
    user = await _manager(ctx)
    if isinstance(user, Stale):
        return user
    day = date.fromisoformat(ctx.reminder.occurrence)
    found = await interactions.day_plan(ctx.uow, user.id, day, ctx.calendar)
    return Message(
        view="daily_morning_plan",
        params={"plan": found.to_json()},
        addressee=Addressee(manager_id=user.id),
    )


# --- 08:30 the warehouse's reconciliation --------------------------------------------------


async def render_warehouse(ctx: FireContext) -> Message | Stale:
    uow, calendar = ctx.uow, ctx.calendar
    day = date.fromisoformat(ctx.reminder.occurrence)
    start = calendar.at_local(day, time(0, 0))
    since = calendar.at_local(calendar.previous_working_day(day), time(0, 0))
    to_collect = await uow.daily_reports.department_tasks(WAREHOUSE, list(_TO_COLLECT))
    arrived = await uow.daily_reports.done_between(
        [TaskKind.PROCURE], TaskStatus.ARRIVED, since, start
    )
    collected = await uow.daily_reports.department_tasks(WAREHOUSE, [TaskStatus.COLLECTED])
    clients = {
        cp.id: cp.name
        for cp in await uow.counterparties.by_ids(
            sorted({o.counterparty_id for _, o in [*to_collect, *arrived, *collected]})
        )
    }
    managers = await uow.tasks.users(
        [o.manager_id for _, o in collected if o.manager_id is not None]
    )

    def line(order: Any, **more: Any) -> dict[str, Any]:
        return {
            "number": order.number,
            "client": clients.get(order.counterparty_id, ""),
            "deadline": order.deadline_on.isoformat() if order.deadline_on else "",
            **more,
        }

    return Message(
        view="daily_warehouse",
        params={
            "day": day.isoformat(),
            "invoices": None,  # no invoices table yet: the orders to collect stand in
            "collect": [line(o, status=t.status) for t, o in to_collect][:MAX_LISTED],
            "arrived": [line(o) for _, o in arrived][:MAX_LISTED],
            "unreported": [
                line(
                    o, manager=managers[o.manager_id].full_name if o.manager_id in managers else ""
                )
                for _, o in collected
                if o.status == "in_work"
            ][:MAX_LISTED],
        },
        addressee=Addressee(department_id=WAREHOUSE),
    )


def _name(people: dict[int, User], user_id: int | None) -> str:
    person = people.get(user_id) if user_id is not None else None
    return person.full_name if person else ""


# --- 17:45 the end-of-day report -----------------------------------------------------------


async def day_summary(
    uow: UnitOfWork, user_id: int, day: date, calendar: WorkCalendar
) -> dict[str, Any]:
    """What the bot knows of the manager's day: contacts logged, orders made and closed."""
    start = calendar.at_local(day, time(0, 0))
    end = start + timedelta(days=1)
    lines = await uow.daily_reports.interactions_of(user_id, start, end)
    forms = Counter(i.form for i in lines)
    names = {
        cp.id: cp.name
        for cp in await uow.counterparties.by_ids(sorted({i.counterparty_id for i in lines}))
    }
    orders = await uow.daily_reports.orders_of(user_id, start, end)
    return {
        "contacts": len(lines),
        "forms": dict(sorted(forms.items())),
        "clients": sorted(set(names.values()))[:MAX_LISTED],
        "orders_new": [o.number for o in orders if start <= o.created_at < end],
        "orders_closed": [
            o.number for o in orders if o.closed_at is not None and start <= o.closed_at < end
        ],
    }


async def render_eod(ctx: FireContext) -> Message | Stale:
    user = await _manager(ctx)
    if isinstance(user, Stale):
        return user
    day = date.fromisoformat(ctx.reminder.occurrence)
    summary = await day_summary(ctx.uow, user.id, day, ctx.calendar)
    report = await ctx.uow.daily_reports.of_day(user.id, day)
    if report is None:
        report = DailyReport(user_id=user.id, day=day, summary=summary, created_at=ctx.now)
        ctx.uow.daily_reports.add(report)
        await ctx.uow.flush()
    elif report.submitted_at is not None:
        return Stale("already_reported")
    else:
        report.summary = summary
    return Message(
        view="daily_eod_prompt",
        params={"report_id": report.id, "day": day.isoformat(), "summary": summary},
        addressee=Addressee(manager_id=user.id),
        buttons=(Button(EOD_ADD, "eod-button-add"),),
    )


async def eod_add(ctx: ActionContext) -> ActionResult:
    """The handler takes «Дополнить» first (it asks for the line); left here so that an
    older client's press is answered."""
    return ActionResult(answer="eod-type-line")


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render_morning, step=MORNING_STEP))
    kinds.register(ReminderKind(POLICY, render_warehouse, step=WAREHOUSE_STEP))
    kinds.register(ReminderKind(POLICY, render_eod, step=EOD_STEP, actions={EOD_ADD: eod_add}))
