"""Planning and cancelling reminders, in the caller's transaction (the caller commits).

    await planning.plan(uow, calendar, now, PlanReminder(
        "receivables.confirm_payment_call", Subject.of(SubjectKind.INVOICE, invoice.id),
        anchor=invoice.due_on))
    await planning.cancel(uow, Subject.of(SubjectKind.INVOICE, invoice.id),
                          policy="receivables", now=now, reason="paid")

`plan` is idempotent: one row per (policy.step, subject, occurrence), written with
INSERT … ON CONFLICT DO NOTHING, so planning the same step twice (a re-delivered update, a
re-imported file) changes nothing. The due moment comes from the step's policy as it is now
(`reminders.planner.due_at`: days, working days or working minutes from `anchor`, the time
of day, moved into working time unless the step allows otherwise), or is given as `due_at`.
A step that is already due goes out within seconds: the commit wakes the runner.
Whether the step is on, and who gets it, is decided when it fires, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, due_at, into_working_time, occurrence_key
from reminders.policies import Policies
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PlanReminder:
    step: str  # "policy.step", as in company.yaml
    subject: Subject
    anchor: datetime | date | None = None  # the step's offset counts from here
    due_at: datetime | None = None  # or the moment itself
    occurrence: str = ""  # tells repeated occurrences of one step apart
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


async def plan(
    uow: UnitOfWork,
    calendar: WorkCalendar,
    now: datetime,
    *items: PlanReminder,
    policies: Policies | None = None,
) -> int:
    """Write the reminders not planned yet; how many were new. Raises LookupError for a step
    company.yaml does not define."""
    if not items:
        return 0
    policies = policies or await current_policies(uow)
    rows: list[dict[str, Any]] = []
    for item in items:
        step = policies.get(item.step)
        if step is None:
            raise LookupError(f"no reminder policy step {item.step!r}")
        if item.due_at is not None:
            moment = into_working_time(step, item.due_at, calendar)
        elif item.anchor is not None:
            moment = due_at(step, item.anchor, calendar)
        else:
            raise ValueError("plan: give an anchor or a due_at")
        rows.append(
            {
                "policy": step.policy,
                "step": step.step,
                "subject_kind": item.subject.kind.value,
                "subject_id": item.subject.id,
                "occurrence": item.occurrence,
                "dedupe_key": occurrence_key(step.key, item.subject, item.occurrence),
                "due_at": moment,
                "status": "pending",
                "is_late": False,
                "params": dict(item.params),
                "sent_to": [],
                "sent_count": 0,
                "created_at": now,
                "updated_at": now,
            }
        )
    return len(await uow.reminders.add_once(rows))


async def cancel(
    uow: UnitOfWork,
    subject: Subject,
    policy: str | None = None,
    *,
    now: datetime,
    reason: str = "cancelled",
    step: str | None = None,
) -> int:
    """Cancel what still waits about `subject` (of one policy, or one step of it): e.g. a
    payment cancels the rest of its invoice's ladder in the payment's own transaction."""
    return await uow.reminders.cancel(
        subject.kind.value, subject.id, at=now, reason=reason, policy=policy, step=step
    )
