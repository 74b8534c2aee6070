"""The receivables ladder (company.yaml `reminders.receivables`, seed 003) as dates. Pure.

Steps anchored on the due date (`request_documents` −7, `confirm_payment_call` −1,
`overdue_reason_call` +1) are planned when the invoice is registered; the guarantee steps
(`guarantee_reminder_call` promise −1, `escalate_to_head` promise +1, `request_claim_letter`
escalation +2) when a guarantee letter is recorded. A day off moves as the step says; steps
before the invoice date are skipped. What stops a step (a full payment, a letter before
`overdue_reason_call`) is checked when it fires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.errors import InvalidInput
from reminders.calendar import WorkCalendar
from reminders.policies import NonWorkingDay, PolicyStep

POLICY = "receivables"
REQUEST_DOCUMENTS = "request_documents"
CONFIRM_PAYMENT = "confirm_payment_call"
OVERDUE_REASON = "overdue_reason_call"
GUARANTEE_REMINDER = "guarantee_reminder_call"
ESCALATE = "escalate_to_head"
CLAIM_LETTER = "request_claim_letter"
DUE_STEPS = (REQUEST_DOCUMENTS, CONFIRM_PAYMENT, OVERDUE_REASON)
GUARANTEE_STEPS = (GUARANTEE_REMINDER, ESCALATE, CLAIM_LETTER)
DEFAULT_MAX_PROMISE_DAYS = 7


@dataclass(frozen=True, slots=True)
class LadderDay:
    step: str
    day: date  # company-local; the step's `at` gives the moment


def step_day(step: PolicyStep, anchor: date, calendar: WorkCalendar) -> date:
    day = anchor + timedelta(days=step.offset)
    if calendar.is_working_day(day) or step.on_non_working_day is NonWorkingDay.KEEP:
        return day
    if step.on_non_working_day is NonWorkingDay.PREVIOUS:
        return calendar.previous_working_day(day)
    return calendar.next_working_day(day)


def due_ladder(
    steps: dict[str, PolicyStep], issued_on: date, due_on: date, calendar: WorkCalendar
) -> list[LadderDay]:
    """The due-date steps of an invoice (those before the invoice date are skipped)."""
    out = []
    for name in DUE_STEPS:
        step = steps.get(name)
        if step is None:
            continue
        day = step_day(step, due_on, calendar)
        if day >= issued_on:
            out.append(LadderDay(name, day))
    return out


def guarantee_ladder(
    steps: dict[str, PolicyStep], promised_on: date, calendar: WorkCalendar
) -> list[LadderDay]:
    out = []
    escalated: date | None = None
    for name in GUARANTEE_STEPS:
        step = steps.get(name)
        if step is None:
            continue
        anchor = escalated if name == CLAIM_LETTER else promised_on
        if anchor is None:
            continue
        day = step_day(step, anchor, calendar)
        if name == ESCALATE:
            escalated = day
        out.append(LadderDay(name, day))
    return out


def check_promise(letter_on: date, promised_on: date, max_days: int) -> None:
    """A guarantee letter promises payment at most `max_days` after it."""
    if promised_on < letter_on:
        raise InvalidInput("guarantee-promise-past", promised=promised_on.strftime("%d.%m.%Y"))
    if (promised_on - letter_on).days > max_days:
        raise InvalidInput(
            "guarantee-promise-too-far",
            promised=promised_on.strftime("%d.%m.%Y"),
            latest=(letter_on + timedelta(days=max_days)).strftime("%d.%m.%Y"),
            days=max_days,
        )


def skipped_by_letter(letter_on: date | None, step_day_: date) -> bool:
    """`overdue_reason_call` waits only for invoices without a letter received before its day."""
    return letter_on is not None and letter_on < step_day_


def max_promise_days(step: PolicyStep | None) -> int:
    if step is None:
        return DEFAULT_MAX_PROMISE_DAYS
    try:
        return int(step.extra.get("guarantee_letter_max_days", DEFAULT_MAX_PROMISE_DAYS))
    except (TypeError, ValueError):
        return DEFAULT_MAX_PROMISE_DAYS
