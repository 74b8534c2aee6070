"""The interaction log: a contact in three taps and a line, control dates, /today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import structlog

from bot.clock import Clock
from bot.domain.interactions import (
    ContactNote,
    Form,
    QuickDates,
    check_control_date,
    parse_control_date,
    parse_form,
    parse_note,
    parse_outcome,
    quick_dates,
)
from bot.domain.roles import Action, Actor, can, require
from reminders.calendar import WorkCalendar
from storage.models import Counterparty, Interaction
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_EVENT_TEXT = 1000


async def begin_log(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> Counterparty:
    """Check, before the first tap, that `actor` may log a contact with this counterparty."""
    require(actor, Action.LOG_INTERACTION)
    return await uow.counterparties.get(counterparty_id)


async def begin_note(
    actor: Actor, counterparty_id: int, form: str, outcome: str | None, uow: UnitOfWork
) -> Counterparty:
    """Form (and result) tapped: check them before the next question."""
    parse_form(form)
    if outcome is not None:
        parse_outcome(outcome)
    return await begin_log(actor, counterparty_id, uow)


def check_note(text: str) -> ContactNote:
    return parse_note(text)


def quick_control_dates(calendar: WorkCalendar, clock: Clock) -> QuickDates:
    return quick_dates(calendar, today(calendar, clock))


def today(calendar: WorkCalendar, clock: Clock) -> date:
    return calendar.local_date(clock.now())


def typed_control_date(text: str, calendar: WorkCalendar, clock: Clock) -> date:
    return parse_control_date(text, today(calendar, clock))


@dataclass(frozen=True, slots=True)
class LogInteraction:
    actor: Actor
    counterparty_id: int
    form: str
    outcome: str
    note: str
    control_on: date | None = None


async def log_interaction(
    cmd: LogInteraction, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Interaction:
    """Write one contact; earlier open control dates of the counterparty are done with it."""
    require(cmd.actor, Action.LOG_INTERACTION)
    form, outcome, note = parse_form(cmd.form), parse_outcome(cmd.outcome), parse_note(cmd.note)
    if cmd.control_on is not None:
        check_control_date(cmd.control_on, today(calendar, clock))
    cp = await begin_log(cmd.actor, cmd.counterparty_id, uow)
    now = clock.now()
    await uow.interactions.close_controls(cp.id, at=now)
    interaction = Interaction(
        counterparty_id=cp.id,
        author_id=cmd.actor.user_id,
        form=form.value,
        outcome=outcome.value,
        topic=note.topic,
        result=note.result,
        next_step=note.next_step,
        control_on=cmd.control_on,
        occurred_at=now,
        created_at=now,
    )
    uow.interactions.add(interaction)
    await uow.commit()
    log.info("interaction_logged", counterparty_id=cp.id, form=form.value)
    return interaction


def add_event(
    uow: UnitOfWork,
    *,
    counterparty_id: int,
    form: Form,
    author_id: int | None,
    topic: str,
    at: datetime,
    contact_person_id: int | None = None,
    order_id: int | None = None,
    claim_id: int | None = None,
) -> Interaction:
    """An event other features log into the timeline (a request, an order, a claim)."""
    interaction = Interaction(
        counterparty_id=counterparty_id,
        contact_person_id=contact_person_id,
        author_id=author_id,
        form=form.value,
        topic=topic[:MAX_EVENT_TEXT],
        order_id=order_id,
        claim_id=claim_id,
        occurred_at=at,
        created_at=at,
    )
    uow.interactions.add(interaction)
    return interaction


@dataclass(frozen=True, slots=True)
class PlanItem:
    interaction: Interaction
    counterparty: str
    author: str | None
    is_overdue: bool


@dataclass(frozen=True, slots=True)
class TodayPlan:
    day: date
    items: Sequence[PlanItem]
    everyone: bool


async def today_plan(
    actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TodayPlan:
    """Open control dates due today (and overdue ones): the actor's own, or all for heads."""
    require(actor, Action.LOG_INTERACTION)
    everyone = can(actor, Action.SEE_ALL_CONTROL_DATES)
    day = today(calendar, clock)
    due = await uow.interactions.due_controls(day, None if everyone else actor.user_id)
    names = await uow.counterparties.staff_by_ids([i.author_id for i in due if i.author_id])
    counterparties = {
        cp.id: cp.name
        for cp in await uow.counterparties.by_ids(sorted({i.counterparty_id for i in due}))
    }
    items = [
        PlanItem(
            interaction=i,
            counterparty=counterparties.get(i.counterparty_id, "—"),
            author=names[i.author_id].full_name if i.author_id in names else None,
            is_overdue=i.control_on is not None and i.control_on < day,
        )
        for i in due
    ]
    return TodayPlan(day, items, everyone)
