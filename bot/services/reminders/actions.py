"""The buttons on a reminder's message: done, snooze (an hour / tomorrow morning), and the
kind's own. Every press is recorded on the row and in the audit log; when the reminder is
about a client, it is also a line in the client's timeline (an interaction). Every copy of
the message (several heads, say) is edited to show who did what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.reminders.rules import may_act
from bot.domain.roles import Actor
from bot.services import audit, outbox
from bot.services.reminders.firing import FIRED, REMINDER_VIEW, card_key, message_params
from bot.services.reminders.kinds import (
    DONE,
    HOUR,
    MORNING,
    ActionContext,
    ActionResult,
    ReminderKinds,
)
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Snooze, snoozed_until
from storage.models import Interaction, Reminder
from storage.repositories.reminders import DONE as DONE_STATUS
from storage.repositories.reminders import SENT, SNOOZED
from storage.uow import UnitOfWork

log = structlog.get_logger()

REMINDER_FORM = "reminder"
ACTIONABLE = (SENT, SNOOZED)
ACTING = "acting"  # inside the transaction of a press only: the press claimed the reminder
_SNOOZES = {HOUR: Snooze.HOUR, MORNING: Snooze.MORNING}


@dataclass(frozen=True, slots=True)
class ActOnReminder:
    actor: Actor
    reminder_id: int
    action: str


@dataclass(frozen=True, slots=True)
class Acted:
    action: str
    status: str
    until: datetime | None  # snoozed until
    answer: str | None  # the kind's locale key for the answer, if it has one


async def act_on_reminder(
    cmd: ActOnReminder,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
    kinds: ReminderKinds,
) -> Acted:
    reminder = await uow.reminders.get(cmd.reminder_id, for_update=True)
    kind = kinds.find(reminder.policy, reminder.step)
    presser = kind is not None and cmd.actor.role is not None and cmd.actor.role in kind.pressers
    if not presser and not may_act(cmd.actor, reminder.sent_to):
        raise Forbidden("reminder-not-yours")
    if reminder.status not in ACTIONABLE:
        raise InvalidTransition("reminder-closed")
    was = reminder.status
    if not await uow.claim(reminder, was, ACTING):  # two presses at once: one acts
        raise InvalidTransition("reminder-closed")
    now = clock.now()
    step = (await current_policies(uow)).get(reminder.key)
    ctx = ActionContext(uow, reminder, step, cmd.actor, now, calendar)
    if cmd.action == DONE:
        result = await kind.on_done(ctx) if kind and kind.on_done else ActionResult(done=True)
        result = ActionResult(True, None, result.form, result.outcome, result.answer)
    elif cmd.action in _SNOOZES:
        result = ActionResult(snooze=_SNOOZES[cmd.action])
    else:
        act = kind.actions.get(cmd.action) if kind else None
        if act is None:
            raise InvalidInput("reminder-unknown-action")
        result = await act(ctx)
    until = _apply(reminder, result, uow, now, calendar)
    if reminder.status == ACTING:  # neither done nor snoozed: as it was
        reminder.status = was
    reminder.action, reminder.acted_by_id, reminder.acted_at = cmd.action, cmd.actor.user_id, now
    reminder.updated_at = now
    audit.record(
        uow, cmd.actor, f"reminder_{cmd.action}"[:48], f"reminder:{reminder.id}", at=now,
        key=reminder.key, about=f"{reminder.subject_kind}:{reminder.subject_id}",
        until=until.isoformat() if until else None,
    )  # fmt: skip
    _log_interaction(uow, reminder, cmd, result, now)
    await _edit_copies(uow, reminder, cmd, result, until, now, calendar)
    await uow.commit()
    log.info("reminder_acted", reminder_id=reminder.id, action=cmd.action)
    return Acted(cmd.action, reminder.status, until, result.answer)


def _apply(
    reminder: Reminder,
    result: ActionResult,
    uow: UnitOfWork,
    now: datetime,
    calendar: WorkCalendar,
) -> datetime | None:
    if result.done:
        reminder.status = DONE_STATUS
        return None
    if result.snooze is not None:
        until = snoozed_until(result.snooze, now, calendar, calendar.start)
        reminder.status, reminder.due_at = SNOOZED, until
        reminder.lease_owner, reminder.lease_until = None, None
        uow.reminders.note_due(until)
        return until
    return None


def _log_interaction(
    uow: UnitOfWork, reminder: Reminder, cmd: ActOnReminder, result: ActionResult, now: datetime
) -> None:
    fired: dict[str, Any] = reminder.params.get(FIRED) or {}
    client = fired.get("client")
    if not client:
        return
    uow.interactions.add(
        Interaction(
            counterparty_id=int(client),
            author_id=cmd.actor.user_id,
            form=(result.form or REMINDER_FORM)[:24],
            outcome=(result.outcome or f"reminder_{cmd.action}")[:24],
            topic=fired.get("topic") or None,
            occurred_at=now,
            created_at=now,
        )
    )


async def _edit_copies(
    uow: UnitOfWork,
    reminder: Reminder,
    cmd: ActOnReminder,
    result: ActionResult,
    until: datetime | None,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    """Every copy of the message now says who did what (and loses its buttons)."""
    if not result.done and until is None:
        return
    fired: dict[str, Any] = reminder.params.get(FIRED) or {}
    closed = {
        "zone": calendar.zone.key,
        "action": cmd.action,
        "who": cmd.actor.full_name,
        "at": now.isoformat(),
        "until": until.isoformat() if until else None,
    }
    params = message_params(
        reminder.id,
        str(fired.get("view", "")),
        dict(fired.get("params") or {}),
        fired.get("buttons") or [],
        reminder.is_late,
        closed=closed,
    )
    for i, target in enumerate(reminder.sent_to):
        await outbox.edit_card(
            uow,
            card_key=card_key(reminder.id, i),
            chat_id=int(target["chat"]),
            thread_id=target.get("thread"),
            view=REMINDER_VIEW,
            params=params,
            at=now,
        )
