"""Planning the receivables ladder in the caller's transaction.

The due-date steps are planned when an invoice is registered (or its due date changes); the
guarantee steps when a letter is recorded. Occurrence = the due date (or the promised date),
so a changed date makes new rows and the old ones are cancelled. Days already past when the
invoice becomes known are history and are not planned; a step due today goes out at once."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.domain.invoices import ladder as rules
from bot.services.reminders.planning import PlanReminder, cancel, plan
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind
from reminders.policies import Policies, PolicyStep
from storage.models import GuaranteeLetter, Invoice
from storage.uow import UnitOfWork

POLICY = rules.POLICY


def subject(invoice_id: int) -> Subject:
    return Subject.of(SubjectKind.INVOICE, invoice_id)


def steps_of(policies: Policies) -> dict[str, PolicyStep]:
    return {s.step: s for s in policies.of_policy(POLICY)}


async def plan_due_steps(
    uow: UnitOfWork, invoice: Invoice, calendar: WorkCalendar, now: datetime
) -> int:
    policies = await current_policies(uow)
    days = rules.due_ladder(steps_of(policies), invoice.issued_on, invoice.due_on, calendar)
    return await _plan(uow, invoice, days, invoice.due_on, calendar, now, policies)


async def plan_guarantee_steps(
    uow: UnitOfWork,
    invoice: Invoice,
    letter: GuaranteeLetter,
    calendar: WorkCalendar,
    now: datetime,
) -> int:
    policies = await current_policies(uow)
    days = rules.guarantee_ladder(steps_of(policies), letter.promised_on, calendar)
    return await _plan(uow, invoice, days, letter.promised_on, calendar, now, policies)


async def _plan(
    uow: UnitOfWork,
    invoice: Invoice,
    days: list[rules.LadderDay],
    occurrence: date,
    calendar: WorkCalendar,
    now: datetime,
    policies: Policies,
) -> int:
    today = calendar.local_date(now)
    items = [
        PlanReminder(
            f"{POLICY}.{d.step}",
            subject(invoice.id),
            due_at=calendar.at_local(d.day, _at(policies, d.step)),
            occurrence=occurrence.isoformat(),
        )
        for d in days
        if d.day >= today
    ]
    return await plan(uow, calendar, now, *items, policies=policies)


def _at(policies: Policies, step: str) -> time:
    found = policies.get(f"{POLICY}.{step}")
    return found.at if found is not None and found.at is not None else time(9, 0)


async def stop(uow: UnitOfWork, invoice_id: int, now: datetime, reason: str) -> int:
    """Cancel every step still waiting (a full payment)."""
    return await cancel(uow, subject(invoice_id), POLICY, now=now, reason=reason)


async def stop_steps(
    uow: UnitOfWork, invoice_id: int, steps: tuple[str, ...], now: datetime, reason: str
) -> int:
    n = 0
    for step in steps:
        n += await cancel(uow, subject(invoice_id), POLICY, now=now, reason=reason, step=step)
    return n
