"""Reconciliation acts (акты сверки; company.yaml `reminders.reconciliation_acts`, seed 003):
on the first working day of each month, each manager gets one reminder listing their clients
with `min_documents_per_month` (10) or more documents a month (`docs_per_month`); on the first
working day of each quarter, one listing all their clients (that day the monthly one is not
sent: the quarterly list holds every client).

A row per manager and period (subject: the manager, occurrence: `2026-12` / `2027-Q1`),
planned on start for the next period and, when one fires, for the period after it. The list
is made when it fires (clients as they are then); a manager without such clients gets none.
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.services.reminders.kinds import (
    Addressee,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, plan
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind
from reminders.policies import PolicyStep
from storage.uow import UnitOfWork

POLICY = "reconciliation_acts"
MONTHLY, QUARTERLY = "monthly", "quarterly"
VIEW = "reminder_reconciliation_acts"
DEFAULT_MIN_DOCS = 10
SHOWN = 60
_QUARTER_MONTHS = (1, 4, 7, 10)


def first_working_day(calendar: WorkCalendar, year: int, month: int) -> date:
    day = date(year, month, 1)
    return day if calendar.is_working_day(day) else calendar.next_working_day(day)


def _months_from(year: int, month: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(15):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004
    return out


def next_occurrence(
    step: str, calendar: WorkCalendar, at: time, after: datetime
) -> tuple[datetime, str]:
    """The first period start (its moment and occurrence key) later than `after`."""
    local = calendar.local_date(after)
    for year, month in _months_from(local.year, local.month):
        if step == QUARTERLY and month not in _QUARTER_MONTHS:
            continue
        moment = calendar.at_local(first_working_day(calendar, year, month), at)
        if moment > after:
            key = f"{year}-Q{(month - 1) // 3 + 1}" if step == QUARTERLY else f"{year}-{month:02d}"
            return moment, key
    raise AssertionError("a period starts within 15 months")


async def plan_acts(
    uow: UnitOfWork, calendar: WorkCalendar, now: datetime, *, after: datetime | None = None,
    managers: list[int] | None = None,
) -> int:  # fmt: skip
    """Plan the next monthly and quarterly reminder for every manager who has clients."""
    policies = await current_policies(uow)
    ids = managers if managers is not None else await uow.invoices.managers_with_clients()
    items = []
    for step in (MONTHLY, QUARTERLY):
        found = policies.get(f"{POLICY}.{step}")
        if found is None:
            continue
        moment, key = next_occurrence(step, calendar, found.at or time(9, 0), after or now)
        items += [
            PlanReminder(
                f"{POLICY}.{step}",
                Subject.of(SubjectKind.NONE, f"manager:{m}"),
                due_at=moment,
                occurrence=key,
            )
            for m in ids
        ]
    return await plan(uow, calendar, now, *items, policies=policies)


def _min_docs(step: PolicyStep) -> int:
    try:
        return int(step.extra.get("min_documents_per_month", DEFAULT_MIN_DOCS))
    except (TypeError, ValueError):
        return DEFAULT_MIN_DOCS


async def render(ctx: FireContext) -> Message | Stale:
    subject_id = ctx.reminder.subject_id
    if not subject_id.startswith("manager:"):
        return Stale("bad_subject")
    manager_id = int(subject_id.removeprefix("manager:"))
    step = ctx.reminder.step
    # the next period's reminder for this manager, whatever this one does
    await plan_acts(ctx.uow, ctx.calendar, ctx.now, after=ctx.reminder.due_at,
                    managers=[manager_id])  # fmt: skip
    if step == MONTHLY and ctx.reminder.occurrence.endswith(
        tuple(f"-{m:02d}" for m in _QUARTER_MONTHS)
    ):
        quarterly = (await current_policies(ctx.uow)).get(f"{POLICY}.{QUARTERLY}")
        if quarterly is not None and quarterly.enabled:
            return Stale("quarterly_covers")
    min_docs = _min_docs(ctx.step) if step == MONTHLY else 0
    clients = await ctx.uow.invoices.clients_for_acts(manager_id, min_docs)
    if not clients:
        return Stale("no_clients")
    return Message(
        view=VIEW,
        params={
            "step": step,
            "period": ctx.reminder.occurrence,
            "min_docs": min_docs,
            "clients": [c.name for c in clients[:SHOWN]],
            "more": max(0, len(clients) - SHOWN),
        },
        addressee=Addressee(manager_id=manager_id),
    )


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render))
