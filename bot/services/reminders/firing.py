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
    Addressee,
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
from storage.repositories.reminders import CANCELLED, SENT, DueReminder
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


@dataclass(frozen=True, slots=True)
class Claimed:
    ids: list[int]
    next_due: datetime | None  # looked up when nothing was due (an idle tick: one unit)


async def claim_due(
    uow: UnitOfWork, *, now: datetime, owner: str, lease: timedelta, limit: int
) -> Claimed:
    ids = await uow.reminders.claim(now=now, owner=owner, lease=lease, limit=limit)
    later = None if ids else await uow.reminders.next_due()
    await uow.commit()
    return Claimed(ids, later)


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
    batch = _Batch(report, now)
    with uow.session.no_autoflush:
        for reminder in await uow.reminders.leased(ids, owner=owner):
            await _fire(uow, reminder, policies, kinds, calendar, batch)
    # every row's new state in one UPDATE (executemany), the messages in one INSERT
    await uow.reminders.save_fired(batch.changes)
    if batch.outgoing:
        await outbox.send_many(uow, batch.outgoing, at=now, priority=outbox.Priority.BULK)
    await uow.commit()
    return report


@dataclass(slots=True)
class _Batch:
    report: FireReport
    now: datetime
    changes: list[dict[str, Any]] = field(default_factory=list)
    outgoing: list[outbox.Outgoing] = field(default_factory=list)
    seen: dict[tuple[str, Addressee], list[Target]] = field(default_factory=dict)

    def change(self, reminder: DueReminder, status: str, **values: Any) -> None:
        """The row's state after this batch (the loaded object stays as it was)."""
        self.changes.append(
            {
                "id": reminder.id,
                "status": status,
                "reason": values.get("reason", reminder.reason),
                "is_late": values.get("is_late", reminder.is_late),
                "fired_at": values.get("fired_at", reminder.fired_at),
                "sent_count": values.get("sent_count", reminder.sent_count),
                "sent_to": values.get("sent_to", reminder.sent_to),
                "params": values.get("params", reminder.params),
                "updated_at": self.now,
            }
        )


async def _fire(
    uow: UnitOfWork,
    reminder: DueReminder,
    policies: Policies,
    kinds: ReminderKinds,
    calendar: WorkCalendar,
    batch: _Batch,
) -> None:
    now, report = batch.now, batch.report
    step = policies.get(reminder.key)
    kind = kinds.find(reminder.policy, reminder.step)
    if step is None or kind is None:
        _cancel(batch, reminder, "unknown_step" if step is None else "no_kind")
        return
    if not step.enabled:
        _cancel(batch, reminder, "disabled")
        return
    late = lateness(step, reminder.due_at, now, calendar)
    if late is Lateness.TOO_LATE:
        _cancel(batch, reminder, "too_late")
        report.dropped += 1
        log.warning("reminder_dropped_too_late", reminder_id=reminder.id, key=reminder.key,
                    due_at=str(reminder.due_at))  # fmt: skip
        return
    found = await kind.render(FireContext(uow, reminder, step, now, calendar))
    if isinstance(found, Stale):
        _cancel(batch, reminder, f"stale:{found.reason}"[:48])
        return
    key = (step.to, found.addressee)
    if key not in batch.seen:  # many reminders of a batch go to the same people
        batch.seen[key] = await resolve(uow, step.to, found.addressee)
    targets = batch.seen[key]
    if not targets:
        _cancel(batch, reminder, "no_recipient")
        log.warning("reminder_without_recipient", reminder_id=reminder.id, to=step.to)
        return
    is_late = late is Lateness.LATE
    batch.outgoing += _messages(reminder, found, targets, is_late)
    fired = {
        "view": found.view,
        "params": dict(found.params),
        "buttons": [[b.action, b.label] for b in found.buttons],
        "client": found.addressee.counterparty_id,
        "topic": found.topic,
    }
    batch.change(
        reminder,
        SENT,
        is_late=reminder.is_late or is_late,
        fired_at=now,
        sent_count=reminder.sent_count + 1,
        sent_to=[t.to_json() for t in targets],
        params={**reminder.params, FIRED: fired},
    )
    report.sent += 1
    report.late += int(is_late)


def _messages(
    reminder: DueReminder, found: Message, targets: list[Target], is_late: bool
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


def _cancel(batch: _Batch, reminder: DueReminder, reason: str) -> None:
    batch.change(reminder, CANCELLED, reason=reason)
    batch.report.cancelled += 1
    batch.report.reasons[reason] = batch.report.reasons.get(reason, 0) + 1
