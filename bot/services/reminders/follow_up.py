"""The follow-up call after delivery (policy `follow_up_after_delivery.call`), the first kind
plugged into the engine: planned when an order closes (delivered, shipped, handed over) for
the next working day at 10:00 (company.yaml; /policies may change it), sent to the client's
manager as they are then, skipped if somebody already logged a contact with the client since
the order closed. «Done» is the call: an outgoing call in the client's timeline; «no answer»
logs the attempt and asks again the next working morning."""

from __future__ import annotations

from datetime import datetime

from bot.domain.interactions import LOGGABLE_FORMS, Form, Outcome
from bot.services.reminders.kinds import (
    ActionContext,
    ActionResult,
    Addressee,
    Button,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, plan
from reminders.calendar import WorkCalendar
from reminders.planner import Snooze, Subject, SubjectKind
from storage.models import Order
from storage.uow import UnitOfWork

POLICY = "follow_up_after_delivery"
STEP = f"{POLICY}.call"
VIEW = "reminder_follow_up"
DONE_OUTCOME = "follow_up_done"
NO_ANSWER = "no_answer"
_TIMELINE = 50  # a contact since the order closed is among the client's newest lines
_CONTACTS = frozenset(f.value for f in LOGGABLE_FORMS)


async def plan_follow_up(
    uow: UnitOfWork, order: Order, calendar: WorkCalendar, now: datetime
) -> None:
    """In the transaction that closes the order."""
    await plan(
        uow, calendar, now, PlanReminder(STEP, Subject.of(SubjectKind.ORDER, order.id), anchor=now)
    )


async def render(ctx: FireContext) -> Message | Stale:
    order = await ctx.uow.orders.find(int(ctx.reminder.subject_id))
    if order is None:
        return Stale("order_gone")
    client = await ctx.uow.counterparties.find(order.counterparty_id)
    if client is None:
        return Stale("client_gone")
    since = order.closed_at or ctx.reminder.created_at
    for line in await ctx.uow.interactions.timeline(client.id, _TIMELINE):
        if line.occurred_at < since:
            break
        if line.form in _CONTACTS and line.outcome != Outcome.NO_ANSWER:
            return Stale("contact_logged")
    return Message(
        view=VIEW,
        params={"number": order.number, "client": client.name, "client_id": client.id},
        addressee=Addressee(
            manager_id=client.manager_id or order.manager_id, counterparty_id=client.id
        ),
        buttons=(Button(NO_ANSWER, "follow-up-button-no-answer"),),
        topic=f"№{order.number}",
    )


async def called(ctx: ActionContext) -> ActionResult:
    return ActionResult(done=True, form=Form.CALL_OUT.value, outcome=DONE_OUTCOME)


async def no_answer(ctx: ActionContext) -> ActionResult:
    return ActionResult(
        snooze=Snooze.MORNING,
        form=Form.CALL_OUT.value,
        outcome=Outcome.NO_ANSWER.value,
        answer="follow-up-no-answer-noted",
    )


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render, actions={NO_ANSWER: no_answer}, on_done=called))
