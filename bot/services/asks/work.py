"""The department's side of a request: Взять, Ответить (text, price, term, files), Уточнить
у менеджера, Нельзя; and a reply to the card in the chat, which is an answer too. Only the
request's department (and heads, admins) may act: decided here, whatever the button said."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from bot.clock import Clock
from bot.domain.asks.rules import (
    AskAction,
    check_reason,
    check_transition,
    next_status,
    parse_answer,
    require_department,
)
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.services.asks import sla
from bot.services.asks.cards import (
    AskFile,
    add_files,
    department_title,
    files_to_manager,
    log_interaction,
    record,
    refresh_card,
    tell_manager,
)
from bot.services.orders import routing
from reminders.calendar import WorkCalendar
from storage.models import DeptRequest
from storage.uow import UnitOfWork

log = structlog.get_logger()

TYPED = frozenset({AskAction.ANSWER, AskAction.CLARIFY, AskAction.REFUSE})


@dataclass(frozen=True, slots=True)
class PressAsk:
    actor: Actor
    request_id: int
    action: AskAction


@dataclass(frozen=True, slots=True)
class AskPressed:
    request_id: int
    number: int
    action: AskAction
    needs_input: bool = False


@dataclass(frozen=True, slots=True)
class TypedAsk:
    """What was typed after Ответить / Уточнить / Нельзя (and the files sent with it)."""

    actor: Actor
    request_id: int
    action: AskAction
    text: str
    files: Sequence[AskFile] = ()


@dataclass(frozen=True, slots=True)
class CardReply:
    actor: Actor
    tg_chat_id: int
    reply_to_message_id: int
    text: str
    files: Sequence[AskFile] = ()


async def _load(uow: UnitOfWork, actor: Actor, request_id: int) -> DeptRequest:
    req = await uow.dept_requests.get(request_id)
    require_department(actor, req.department_id)
    return req


async def press_ask(
    cmd: PressAsk, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> AskPressed:
    """A button on the card. Взять is done at once; the others ask for text first (checked
    here, nothing changes yet)."""
    if cmd.action not in (*TYPED, AskAction.TAKE):
        raise InvalidInput("ask-wrong-button")
    req = await _load(uow, cmd.actor, cmd.request_id)
    check_transition(cmd.action, req.status)
    if cmd.action in TYPED:
        return AskPressed(req.id, req.number, cmd.action, needs_input=True)
    now = clock.now()
    req.status = next_status(AskAction.TAKE, req.status, was_taken=False).value
    req.taken_by_id, req.taken_at = cmd.actor.user_id, now
    title = await department_title(uow, req.department_id)
    record(uow, req, cmd.actor, "taken", now)
    log_interaction(uow, req, "taken", cmd.actor, now, department=title, note=cmd.actor.full_name)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    await tell_manager(
        uow, req, "ask_taken", {"who": cmd.actor.full_name}, now, dedupe=f"ask-taken:{req.id}"
    )
    await sla.taken(uow, req, now)
    await uow.commit()
    log.info("ask_taken", request_id=req.id)
    return AskPressed(req.id, req.number, cmd.action)


async def submit_typed(
    cmd: TypedAsk, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> AskPressed:
    """The text typed after a button: the answer, the question to the manager, the reason."""
    req = await _load(uow, cmd.actor, cmd.request_id)
    if cmd.action is AskAction.ANSWER:
        await _answer(uow, req, cmd.actor, cmd.text, cmd.files, clock, calendar)
    elif cmd.action is AskAction.CLARIFY:
        await _clarify(uow, req, cmd.actor, cmd.text, clock)
    elif cmd.action is AskAction.REFUSE:
        await _refuse(uow, req, cmd.actor, cmd.text, clock, calendar)
    else:
        raise InvalidInput("ask-wrong-button")
    await uow.commit()
    return AskPressed(req.id, req.number, cmd.action)


async def reply_to_card(
    cmd: CardReply, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> AskPressed | None:
    """A reply to the request's card in the chat is an answer. None (nothing written) when the
    message replies to no request's card."""
    request_id = await uow.dept_requests.of_card(cmd.tg_chat_id, cmd.reply_to_message_id)
    if request_id is None:
        return None
    typed = TypedAsk(cmd.actor, request_id, AskAction.ANSWER, cmd.text, cmd.files)
    return await submit_typed(typed, uow, clock, calendar)


async def _answer(
    uow: UnitOfWork,
    req: DeptRequest,
    actor: Actor,
    text: str,
    files: Sequence[AskFile],
    clock: Clock,
    calendar: WorkCalendar,
) -> None:
    check_transition(AskAction.ANSWER, req.status)
    answer = parse_answer(text)
    now = clock.now()
    before = max((f.set_no for f in await uow.dept_requests.files(req.id)), default=0)
    added = add_files(uow, req, files, side="department", now=now, after=before)
    req.status = next_status(AskAction.ANSWER, req.status, was_taken=False).value
    req.answer, req.price_kopecks, req.term_days = (
        answer.text,
        answer.price_kopecks,
        answer.term_days,
    )
    req.answered_by_id, req.answered_at = actor.user_id, now
    if req.taken_by_id is None:
        req.taken_by_id, req.taken_at = actor.user_id, now
    title = await department_title(uow, req.department_id)
    record(uow, req, actor, "answered", now, note=answer.text, files=len(added))
    log_interaction(uow, req, "answered", actor, now, department=title, note=answer.text)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    params = {
        "who": actor.full_name,
        "answer": answer.text,
        "price": answer.price_kopecks or 0,
        "term": answer.term_days or 0,
        "has_offer": answer.has_offer,
        "refused": False,
    }
    await tell_manager(
        uow, req, "ask_answer", params, now, dedupe=f"ask-answer:{req.id}:{req.version}"
    )
    await files_to_manager(uow, req, added, now)
    await sla.taken(uow, req, now)
    await sla.plan_close(uow, req, calendar, now)
    log.info("ask_answered", request_id=req.id, has_offer=answer.has_offer)


async def _clarify(
    uow: UnitOfWork, req: DeptRequest, actor: Actor, text: str, clock: Clock
) -> None:
    check_transition(AskAction.CLARIFY, req.status)
    question = check_reason(text)
    now = clock.now()
    req.status = next_status(AskAction.CLARIFY, req.status, was_taken=False).value
    if req.taken_by_id is None:
        req.taken_by_id, req.taken_at = actor.user_id, now
        await sla.taken(uow, req, now)
    title = await department_title(uow, req.department_id)
    record(uow, req, actor, "clarify", now, note=question)
    log_interaction(uow, req, "clarify", actor, now, department=title, note=question)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    await tell_manager(
        uow,
        req,
        "ask_clarify",
        {"who": actor.full_name, "text": question},
        now,
        dedupe=f"ask-clarify:{req.id}:{req.version}",
    )


async def _refuse(
    uow: UnitOfWork,
    req: DeptRequest,
    actor: Actor,
    text: str,
    clock: Clock,
    calendar: WorkCalendar,
) -> None:
    check_transition(AskAction.REFUSE, req.status)
    reason = check_reason(text)
    now = clock.now()
    req.status = next_status(AskAction.REFUSE, req.status, was_taken=False).value
    req.answer, req.price_kopecks, req.term_days = reason, None, None
    req.answered_by_id, req.answered_at = actor.user_id, now
    title = await department_title(uow, req.department_id)
    record(uow, req, actor, "refused", now, note=reason)
    log_interaction(uow, req, "refused", actor, now, department=title, note=reason)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    params = {
        "who": actor.full_name,
        "answer": reason,
        "price": 0,
        "term": 0,
        "has_offer": False,
        "refused": True,
    }
    await tell_manager(
        uow, req, "ask_answer", params, now, dedupe=f"ask-refused:{req.id}:{req.version}"
    )
    await sla.taken(uow, req, now)
    await sla.plan_close(uow, req, calendar, now)
