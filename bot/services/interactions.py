"""The interaction log: a contact in three taps and a line, control dates, /today."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

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
from storage.repositories.reminders import SNOOZED as SNOOZED_STATUS
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_EVENT_TEXT = 1000
OPEN_REMINDERS_LOOKBACK = timedelta(days=30)  # /today: reminders left waiting this long


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
class OpenReminder:
    """A reminder sent to the person and not acted on yet (or snoozed until today)."""

    key: str  # policy.step
    topic: str
    at: datetime  # when it went out (or, snoozed, when it comes back)
    is_overdue: bool  # went out before today and still waits


@dataclass(frozen=True, slots=True)
class TodayPlan:
    day: date
    items: Sequence[PlanItem]
    everyone: bool
    reminders: Sequence[OpenReminder] = ()

    def to_json(self) -> dict[str, Any]:
        """What the /today view and the 09:00 message draw (an outbox row's params)."""
        return {
            "day": self.day.isoformat(),
            "everyone": self.everyone,
            "controls": [
                {
                    "overdue": item.is_overdue,
                    "date": item.interaction.control_on.isoformat()
                    if item.interaction.control_on
                    else self.day.isoformat(),
                    "counterparty": item.counterparty,
                    "counterparty_id": item.interaction.counterparty_id,
                    "step": item.interaction.next_step or item.interaction.topic or "",
                    "author": item.author,
                }
                for item in self.items
            ],
            "reminders": [
                {"key": r.key, "topic": r.topic, "at": r.at.isoformat(), "overdue": r.is_overdue}
                for r in self.reminders
            ],
        }


async def today_plan(
    actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TodayPlan:
    """Open control dates due today (and overdue ones): the actor's own, or all for heads;
    and the reminders sent to the actor still waiting (today's and overdue ones)."""
    require(actor, Action.LOG_INTERACTION)
    everyone = can(actor, Action.SEE_ALL_CONTROL_DATES)
    return await day_plan(uow, actor.user_id, today(calendar, clock), calendar, everyone=everyone)


async def day_plan(
    uow: UnitOfWork,
    user_id: int | None,
    day: date,
    calendar: WorkCalendar,
    *,
    everyone: bool = False,
) -> TodayPlan:
    """A person's plan for `day` (the 09:00 message is the same view as /today)."""
    due = await uow.interactions.due_controls(day, None if everyone else user_id)
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
    reminders = await _open_reminders(uow, user_id, day, calendar) if user_id else []
    return TodayPlan(day, items, everyone, reminders)


async def _open_reminders(
    uow: UnitOfWork, user_id: int, day: date, calendar: WorkCalendar
) -> list[OpenReminder]:
    found = []
    since = calendar.at_local(day, time(0, 0)) - OPEN_REMINDERS_LOOKBACK
    for r in await uow.reminders.open_for(user_id, since=since):
        if r.status == SNOOZED_STATUS:
            at, overdue = r.due_at, False
            if calendar.local_date(at) > day:
                continue
        else:
            at = r.fired_at or r.due_at
            overdue = calendar.local_date(at) < day
        fired = r.params.get("_fired") or {}
        found.append(OpenReminder(r.key, str(fired.get("topic") or ""), at, overdue))
    return found
