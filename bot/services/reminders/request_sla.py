"""Client requests watched by the clock (policy `client_requests`): a request nobody has
answered (`first_answered_at` still empty) within N working minutes of the client writing
→ the client's manager as they are then (deactivated or not in the bot → the heads), later
→ the head. Planned when the request's relayed card reaches its first reader (a delivery
hook, bot/app.py); the first answer cancels what still waits, in its own transaction."""

from __future__ import annotations

from datetime import datetime

from bot.services.reminders.kinds import (
    Addressee,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, cancel, plan
from reminders.calendar import WorkCalendar
from reminders.planner import Subject, SubjectKind
from storage.repositories.client_requests import REQUEST_CARD_PREFIX
from storage.uow import UnitOfWork

POLICY = "client_requests"
STEPS = (f"{POLICY}.answer_reminder", f"{POLICY}.answer_escalate")
CARD_PREFIX = REQUEST_CARD_PREFIX


def _subject(request_id: int) -> Subject:
    return Subject.of(SubjectKind.CLIENT_REQUEST, request_id)


async def card_posted(
    calendar: WorkCalendar,
    card_key: str,
    chat: int,
    thread: int | None,
    at: datetime,
    uow: UnitOfWork,
) -> None:
    """A delivery hook: a copy of the request reached a manager or head. Commits."""
    try:
        request_id = int(card_key.removeprefix(CARD_PREFIX).split(":")[0])
    except ValueError:
        return
    request = await uow.client_requests.find(request_id)
    if request is None or request.first_answered_at is not None:
        return
    subject = _subject(request.id)
    await plan(
        uow, calendar, at, *(PlanReminder(s, subject, anchor=request.received_at) for s in STEPS)
    )
    await uow.commit()


async def request_answered(uow: UnitOfWork, request_id: int, now: datetime) -> None:
    """In the answer's transaction."""
    await cancel(uow, _subject(request_id), POLICY, now=now, reason="answered")


async def render(ctx: FireContext) -> Message | Stale:
    request = await ctx.uow.client_requests.find(int(ctx.reminder.subject_id))
    if request is None:
        return Stale("request_gone")
    if request.first_answered_at is not None:
        return Stale("answered")
    client = await ctx.uow.counterparties.find(request.counterparty_id)
    if client is None:
        return Stale("client_gone")
    person = (
        await ctx.uow.counterparties.person(request.contact_person_id)
        if request.contact_person_id
        else None
    )
    text = (request.text or "").strip()
    return Message(
        view="reminder_client_request",
        params={
            "request_id": request.id,
            "client": client.name,
            "person": person.full_name if person else "",
            "text": text[:200],
            "received": request.received_at.isoformat(),
            "minutes": ctx.step.offset,
            "step": ctx.reminder.step,
        },
        addressee=Addressee(
            manager_id=client.manager_id or request.assignee_id, counterparty_id=client.id
        ),
        topic=text[:60],
    )


def register(kinds: ReminderKinds) -> None:
    kinds.register(ReminderKind(POLICY, render))
