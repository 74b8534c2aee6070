"""Firing due reminders: claim, check, address, write to the outbox. Names no feature.

The runner (reminders/runner.py) calls, per small batch:
1. `claim_due`: lease due rows to this process (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so
   processes claiming at once take different rows; the lease keeps them ours until fired);
2. `fire_claimed`: in one transaction, for each row still ours: its step as it is now (off
   → cancelled «disabled»), its lateness (a row found due long after its time because the
   bot was down goes out marked late within the step's `max_lateness`; beyond it, cancelled
   «too_late» and logged), the kind's `render` (stale → cancelled with the kind's reason),
   the recipients (`recipients.resolve`), and the outbox rows (dedupe key `reminder:<id>`,
   so nothing is sent twice even if this transaction is replayed); the row becomes `sent`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog

from bot.services import outbox
from bot.services.reminders.kinds import (
    DONE,
    HOUR,
    MORNING,
    FireContext,
    Message,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.policy_settings import current_policies
from bot.services.reminders.recipients import Target, resolve
from reminders.calendar import WorkCalendar
from reminders.planner import Lateness, lateness
from reminders.policies import Policies
from storage.models import Reminder
from storage.repositories.reminders import CANCELLED, SENT
from storage.uow import UnitOfWork

log = structlog.get_logger()

REMINDER_VIEW = "reminder"
FIRED = "_fired"  # params key: what the last message said (for edits and interactions)


@dataclass(slots=True)
class FireReport:
    sent: int = 0
    late: int = 0
    dropped: int = 0  # too late
    cancelled: int = 0  # stale, disabled, nobody to send to, unknown step
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, other: FireReport) -> None:
        self.sent += other.sent
        self.late += other.late
        self.dropped += other.dropped
        self.cancelled += other.cancelled
        for reason, n in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + n


async def claim_due(
    uow: UnitOfWork, *, now: datetime, owner: str, lease: timedelta, limit: int
) -> list[int]:
    ids = await uow.reminders.claim(now=now, owner=owner, lease=lease, limit=limit)
    await uow.commit()
    return ids


async def next_due(uow: UnitOfWork) -> datetime | None:
    return await uow.reminders.next_due()


async def fire_claimed(
    uow: UnitOfWork,
    ids: Sequence[int],
    *,
    owner: str,
    kinds: ReminderKinds,
    calendar: WorkCalendar,
    now: datetime,
) -> FireReport:
    report = FireReport()
    policies = await current_policies(uow)
    outgoing: list[outbox.Outgoing] = []
    for reminder in await uow.reminders.leased(ids, owner=owner):
        structlog.contextvars.bind_contextvars(reminder_id=reminder.id)
        try:
            outgoing += await _fire(uow, reminder, policies, kinds, calendar, now, report)
        finally:
            structlog.contextvars.unbind_contextvars("reminder_id")
    if outgoing:
        await outbox.send_many(uow, outgoing, at=now, priority=outbox.Priority.BULK)
    await uow.commit()
    return report


async def _fire(
    uow: UnitOfWork,
    reminder: Reminder,
    policies: Policies,
    kinds: ReminderKinds,
    calendar: WorkCalendar,
    now: datetime,
    report: FireReport,
) -> list[outbox.Outgoing]:
    step = policies.get(reminder.key)
    kind = kinds.find(reminder.policy, reminder.step)
    if step is None or kind is None:
        _cancel(reminder, "unknown_step" if step is None else "no_kind", now, report)
        return []
    if not step.enabled:
        _cancel(reminder, "disabled", now, report)
        return []
    late = lateness(step, reminder.due_at, now, calendar)
    if late is Lateness.TOO_LATE:
        _cancel(reminder, "too_late", now, report)
        report.dropped += 1
        log.warning("reminder_dropped_too_late", key=reminder.key, due_at=str(reminder.due_at))
        return []
    found = await kind.render(FireContext(uow, reminder, step, now, calendar))
    if isinstance(found, Stale):
        _cancel(reminder, f"stale:{found.reason}"[:48], now, report)
        return []
    targets = await resolve(uow, step.to, found.addressee)
    if not targets:
        _cancel(reminder, "no_recipient", now, report)
        log.warning("reminder_without_recipient", key=reminder.key, to=step.to)
        return []
    is_late = late is Lateness.LATE
    messages = _messages(reminder, found, targets, is_late)
    reminder.status, reminder.is_late = SENT, reminder.is_late or is_late
    reminder.fired_at, reminder.updated_at = now, now
    reminder.sent_count += 1
    reminder.sent_to = [t.to_json() for t in targets]
    reminder.lease_owner, reminder.lease_until = None, None
    reminder.params = {
        **reminder.params,
        FIRED: {
            "view": found.view,
            "params": dict(found.params),
            "buttons": [[b.action, b.label] for b in found.buttons],
            "client": found.addressee.counterparty_id,
            "topic": found.topic,
        },
    }
    report.sent += 1
    report.late += int(is_late)
    log.info("reminder_fired", key=reminder.key, late=is_late, recipients=len(targets))
    return messages


def _messages(
    reminder: Reminder, found: Message, targets: list[Target], is_late: bool
) -> list[outbox.Outgoing]:
    # the first send of a reminder is `reminder:<id>`; a snoozed one's next `reminder:<id>#2`
    base = f"reminder:{reminder.id}"
    if reminder.sent_count:
        base += f"#{reminder.sent_count + 1}"
    params = message_params(reminder.id, found.view, dict(found.params), found.buttons, is_late)
    return [
        outbox.Outgoing(
            chat_id=t.chat_id,
            thread_id=t.thread_id,
            view=REMINDER_VIEW,
            params=params,
            dedupe_key=base if i == 0 else f"{base}:{i}",
            card_key=card_key(reminder.id, i),
        )
        for i, t in enumerate(targets)
    ]


def message_params(
    reminder_id: int,
    view: str,
    params: dict[str, Any],
    buttons: Sequence[Any],
    is_late: bool,
    *,
    closed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the generic `reminder` view draws: the kind's view, the engine's buttons (done,
    snooze an hour, until tomorrow morning) and the kind's; `closed` instead of buttons once
    somebody acted."""
    kind_buttons = [[b.action, b.label] if hasattr(b, "action") else list(b) for b in buttons]
    return {
        "id": reminder_id,
        "body": view,
        "params": params,
        "actions": [DONE, HOUR, MORNING],
        "buttons": kind_buttons,
        "late": is_late,
        "closed": closed,
    }


def card_key(reminder_id: int, copy: int = 0) -> str:
    """Where each copy of a reminder's message lives (to edit it once somebody acted)."""
    return f"rem:{reminder_id}" if copy == 0 else f"rem:{reminder_id}:{copy}"


def _cancel(reminder: Reminder, reason: str, now: datetime, report: FireReport) -> None:
    reminder.status, reminder.reason, reminder.updated_at = CANCELLED, reason, now
    reminder.lease_owner, reminder.lease_until = None, None
    report.cancelled += 1
    report.reasons[reason] = report.reasons.get(reason, 0) + 1
    log.info("reminder_cancelled", key=reminder.key, reason=reason)
