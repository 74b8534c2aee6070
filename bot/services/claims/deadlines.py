"""A claim's deadlines as reminder kinds (policy `claims` in company.yaml):

- `claims.accept_escalate`: not accepted within the working minutes → the head;
- `claims.decide_escalate`: not decided within the working days → the head;
- `claims.answer_reminder`: a question to the client unanswered → the client is reminded
  (directly, in plain words and with no reminder buttons: the client is no staff member; the
  row is then closed as `client_reminded`); a client out of reach: their manager instead;
- `claims.answer_escalate`: still unanswered → the client's manager.

Planned when the claim is filed (accept, decide) and when a question is asked; cancelled as
the claim moves on (accepted, decided, answered, closed) and stale when they fire too late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.claims.rules import OPEN_STATUSES, ClaimStatus
from bot.services.claims import common
from bot.services.reminders.kinds import (
    Addressee,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, cancel, plan
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind, due_at
from storage.models import Claim
from storage.uow import UnitOfWork

POLICY = "claims"
ACCEPT = "accept_escalate"
DECIDE = "decide_escalate"
ANSWER = "answer_reminder"
ANSWER_ESCALATE = "answer_escalate"


def subject(claim: Claim) -> Subject:
    return Subject.of(SubjectKind.CLAIM, claim.id)


@dataclass(frozen=True, slots=True)
class Planned:
    accept_by: datetime
    decide_by: datetime


async def plan_filed(
    uow: UnitOfWork, claim: Claim, calendar: WorkCalendar, now: datetime
) -> Planned:
    policies = await current_policies(uow)
    moments = []
    for step in (ACCEPT, DECIDE):
        found = policies.get(f"{POLICY}.{step}")
        if found is None:
            raise LookupError(f"no reminder policy step {POLICY}.{step}")
        moments.append(due_at(found, now, calendar))
    await plan(
        uow,
        calendar,
        now,
        PlanReminder(f"{POLICY}.{ACCEPT}", subject(claim), due_at=moments[0]),
        PlanReminder(f"{POLICY}.{DECIDE}", subject(claim), due_at=moments[1]),
        policies=policies,
    )
    return Planned(moments[0], moments[1])


async def plan_question(
    uow: UnitOfWork, claim: Claim, calendar: WorkCalendar, now: datetime
) -> None:
    occurrence = now.isoformat()
    await plan(
        uow,
        calendar,
        now,
        PlanReminder(f"{POLICY}.{ANSWER}", subject(claim), anchor=now, occurrence=occurrence),
        PlanReminder(
            f"{POLICY}.{ANSWER_ESCALATE}", subject(claim), anchor=now, occurrence=occurrence
        ),
    )


async def stop(uow: UnitOfWork, claim: Claim, now: datetime, reason: str, *steps: str) -> None:
    if not steps:
        await cancel(uow, subject(claim), POLICY, now=now, reason=reason)
        return
    for step in steps:
        await cancel(uow, subject(claim), POLICY, now=now, reason=reason, step=step)


async def _claim(ctx: FireContext) -> Claim | Stale:
    claim = await ctx.uow.claims.find(int(ctx.reminder.subject_id))
    return Stale("claim_gone") if claim is None else claim


async def _to_head(ctx: FireContext, claim: Claim, view: str) -> Message:
    cp = await ctx.uow.counterparties.get(claim.counterparty_id)
    department = await ctx.uow.departments.find(claim.department_id)
    return Message(
        view=view,
        params={
            "number": claim.number,
            "client": cp.name,
            "department": department.title if department else claim.department_id,
            "since": claim.created_at.isoformat(),
            "zone": str(ctx.calendar.zone),
        },
        addressee=Addressee(
            manager_id=cp.manager_id, department_id=claim.department_id, counterparty_id=cp.id
        ),
        topic=claim.number,
    )


async def render_accept(ctx: FireContext) -> Message | Stale:
    claim = await _claim(ctx)
    if isinstance(claim, Stale):
        return claim
    if claim.status != ClaimStatus.REGISTERED:
        return Stale("accepted")
    return await _to_head(ctx, claim, "reminder_claim_not_accepted")


async def render_decide(ctx: FireContext) -> Message | Stale:
    claim = await _claim(ctx)
    if isinstance(claim, Stale):
        return claim
    if claim.status not in OPEN_STATUSES:
        return Stale("decided")
    return await _to_head(ctx, claim, "reminder_claim_not_decided")


def _unanswered(ctx: FireContext, claim: Claim) -> bool:
    asked = claim.asked_at.isoformat() if claim.asked_at else None
    return (
        claim.question is not None
        and claim.status in OPEN_STATUSES
        and asked == ctx.reminder.occurrence
    )


async def render_answer(ctx: FireContext) -> Message | Stale:
    claim = await _claim(ctx)
    if isinstance(claim, Stale):
        return claim
    if not _unanswered(ctx, claim):
        return Stale("answered")
    params = {"number": claim.number, "question": claim.question or ""}
    await common.tell_client(ctx.uow, claim, "claim_client_question_reminder", params, ctx.now)
    return Stale("client_reminded")


async def render_answer_escalate(ctx: FireContext) -> Message | Stale:
    claim = await _claim(ctx)
    if isinstance(claim, Stale):
        return claim
    if not _unanswered(ctx, claim):
        return Stale("answered")
    message = await _to_head(ctx, claim, "reminder_claim_unanswered")
    params = {**message.params, "question": claim.question or ""}
    return Message(message.view, params, message.addressee, topic=message.topic)


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render_accept, step=ACCEPT))
    kinds.register(ReminderKind(POLICY, render_decide, step=DECIDE))
    kinds.register(ReminderKind(POLICY, render_answer, step=ANSWER))
    kinds.register(ReminderKind(POLICY, render_answer_escalate, step=ANSWER_ESCALATE))
