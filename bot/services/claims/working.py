"""Working a claim: accept, ask the client, the client's answer, the decision, closing, and
the client's rating. Each step checks who acts (the department, the client's manager, heads,
admins; the client for answers and the rating), writes the history line and the client's
timeline, edits every copy of the card, tells the client in plain words, and moves the
deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.claims.rules import (
    SUPPLIER,
    ClaimStatus,
    FileRef,
    Resolution,
    check_accept,
    check_ask,
    check_close,
    check_comment,
    check_decide,
    check_file,
    check_rating,
    check_remedy,
    set_numbers,
)
from bot.domain.company import ClaimsConfig
from bot.domain.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from bot.domain.roles import Actor, Role
from bot.services.claims import common, deadlines
from bot.services.claims.filing import _attachment
from reminders.calendar import WorkCalendar
from storage.models import Claim
from storage.repositories.claims import QUESTION_CARD_PREFIX
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def _load_for_staff(actor: Actor, claim_id: int, uow: UnitOfWork) -> Claim:
    claim = await uow.claims.get(claim_id, for_update=True)
    await common.require_worker(actor, claim, uow)
    return claim


async def _after(uow: UnitOfWork, claim: Claim, calendar: WorkCalendar, now: datetime) -> None:
    await uow.flush()
    params = await common.card_params(uow, claim, calendar.zone)
    await common.refresh_cards(uow, claim, params, now)


def _news(claim: Claim, **extra: str | int | None) -> dict[str, str | int | None]:
    return {"number": claim.number, **extra}


async def check_worker(actor: Actor, claim_id: int, uow: UnitOfWork) -> Claim:
    """Before asking a staff member for text (a question, a comment): may they act at all?"""
    claim = await uow.claims.get(claim_id)
    await common.require_worker(actor, claim, uow)
    return claim


async def accept(
    actor: Actor, claim_id: int, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Claim:
    claim = await _load_for_staff(actor, claim_id, uow)
    check_accept(claim.status)
    now = clock.now()
    claim.status = ClaimStatus.IN_WORK.value
    claim.accepted_at, claim.accepted_by_id = now, actor.user_id
    common.event(uow, claim, "accepted", actor.user_id, now)
    common.log(uow, claim, "принята в работу", actor.user_id, now)
    await deadlines.stop(uow, claim, now, "accepted", deadlines.ACCEPT)
    department = await uow.departments.find(claim.department_id)
    title = department.title if department else claim.department_id
    await common.tell_client(
        uow, claim, "claim_client_accepted", _news(claim, department=title), now
    )
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim


async def ask(
    actor: Actor,
    claim_id: int,
    question: str,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
) -> Claim:
    claim = await _load_for_staff(actor, claim_id, uow)
    check_ask(claim.status)
    text = check_comment(question)
    assert text is not None
    now = clock.now()
    claim.question, claim.asked_at = text, now
    asked = common.event(uow, claim, "question", actor.user_id, now, text)
    common.log(uow, claim, f"вопрос клиенту: {text}", actor.user_id, now)
    await uow.flush()
    key = f"{QUESTION_CARD_PREFIX}{claim.id}:{asked.id}"
    sent = await common.tell_client(
        uow, claim, "claim_client_question", _news(claim, question=text), now, key=key
    )
    if sent:
        await deadlines.plan_question(uow, claim, calendar, now)
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim


@dataclass(frozen=True, slots=True)
class ClientAnswer:
    actor: Actor
    text: str | None
    files: Sequence[FileRef] = ()
    claim_id: int | None = None  # known (a button) or found by the replied message
    chat_id: int = 0
    replied_message_id: int | None = None


async def find_by_reply(cmd: ClientAnswer, uow: UnitOfWork) -> Claim | None:
    if cmd.replied_message_id is None:
        return None
    return await uow.claims.by_question_message(cmd.chat_id, cmd.replied_message_id)


async def answer(
    cmd: ClientAnswer, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Claim | None:
    """The client's answer to the question, with its files; None: not an answer to a claim's
    question (the message goes on to the client-request handler)."""
    found = await uow.claims.find(cmd.claim_id) if cmd.claim_id else await find_by_reply(cmd, uow)
    if found is None:
        return None
    claim = await uow.claims.get(found.id, for_update=True)
    await common.require_viewer(cmd.actor, claim, uow)
    if cmd.actor.role is not Role.CLIENT:
        return None
    if claim.status == ClaimStatus.CLOSED:
        raise InvalidTransition("claim-closed-already", number=claim.number)
    text = (cmd.text or "").strip()
    if not text and not cmd.files:
        raise InvalidInput("claim-answer-empty")
    for n, ref in enumerate(cmd.files):
        check_file(ref, n)  # its size; at most MAX_FILES in one answer
    now = clock.now()
    answered = common.event(uow, claim, "answer", cmd.actor.user_id, now, text or None)
    await uow.flush()
    first = await uow.claims.last_set_no(claim.id) + 1
    for ref, set_no in zip(cmd.files, set_numbers(list(cmd.files), first), strict=True):
        uow.claims.add_attachment(_attachment(claim.id, answered.id, set_no, ref, now))
    claim.question, claim.asked_at = None, None
    common.log(uow, claim, f"ответ клиента: {text or '(файлы)'}", cmd.actor.user_id, now)
    await deadlines.stop(uow, claim, now, "answered", deadlines.ANSWER, deadlines.ANSWER_ESCALATE)
    await _after(uow, claim, calendar, now)
    await uow.flush()
    await common.send_files(uow, claim, now, only_first=True, event_id=answered.id)
    await uow.commit()
    return claim


@dataclass(frozen=True, slots=True)
class Decide:
    actor: Actor
    claim_id: int
    resolution: Resolution
    comment: str
    remedy: str | None = None
    culprit: str | None = None  # a department id or "supplier"


async def check_culprit(uow: UnitOfWork, culprit: str | None) -> None:
    if culprit is None or culprit == SUPPLIER:
        return
    if await uow.departments.find(culprit) is None:
        raise InvalidInput("claim-bad-culprit")


async def decide(
    cmd: Decide, uow: UnitOfWork, clock: Clock, config: ClaimsConfig, calendar: WorkCalendar
) -> Claim:
    claim = await _load_for_staff(cmd.actor, cmd.claim_id, uow)
    check_decide(claim.status)
    comment = check_comment(cmd.comment)
    check_remedy(config, cmd.resolution, cmd.remedy)
    if cmd.resolution is not Resolution.REJECTED:
        if cmd.culprit is None:
            raise InvalidInput("claim-bad-culprit")
        await check_culprit(uow, cmd.culprit)
    now = clock.now()
    claim.status = cmd.resolution.value
    claim.resolution = cmd.resolution.value
    rejected = cmd.resolution is Resolution.REJECTED
    claim.remedy = None if rejected else cmd.remedy
    claim.culprit = None if rejected else cmd.culprit
    claim.decision_comment = comment
    claim.decided_at, claim.decided_by_id = now, cmd.actor.user_id
    if claim.accepted_at is None:
        claim.accepted_at, claim.accepted_by_id = now, cmd.actor.user_id
    claim.question, claim.asked_at = None, None
    common.event(uow, claim, "decided", cmd.actor.user_id, now, comment)
    common.log(uow, claim, f"решение: {cmd.resolution.value}", cmd.actor.user_id, now)
    await deadlines.stop(uow, claim, now, "decided")
    news = _news(claim, resolution=claim.resolution, remedy=claim.remedy, comment=comment)
    await common.tell_client(uow, claim, "claim_client_decided", news, now)
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim


async def close(
    actor: Actor, claim_id: int, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Claim:
    claim = await _load_for_staff(actor, claim_id, uow)
    check_close(claim.status)
    now = clock.now()
    claim.status, claim.closed_at = ClaimStatus.CLOSED.value, now
    common.event(uow, claim, "closed", actor.user_id, now)
    common.log(uow, claim, "закрыта", actor.user_id, now)
    await deadlines.stop(uow, claim, now, "closed")
    params = _news(claim, claim_id=claim.id, resolution=claim.resolution)
    await common.tell_client(uow, claim, "claim_client_closed", params, now)
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim


async def rate(
    actor: Actor,
    claim_id: int,
    value: int,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
) -> Claim:
    """The client rates the resolution of a closed claim, once."""
    rating = check_rating(value)
    claim = await uow.claims.find(claim_id, for_update=True)
    if claim is None:
        raise NotFound("claim-not-found")
    if actor.role is not Role.CLIENT:
        raise InvalidTransition("claim-rate-client-only")
    await common.require_viewer(actor, claim, uow)
    if claim.status != ClaimStatus.CLOSED:
        raise InvalidTransition("claim-not-closed")
    if claim.rating is not None:
        raise Conflict("claim-rated-already", rating=str(claim.rating))
    now = clock.now()
    claim.rating, claim.rated_at = rating, now
    common.event(uow, claim, "rated", actor.user_id, now, str(rating))
    common.log(uow, claim, f"оценка клиента: {rating}", actor.user_id, now)
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim


async def rating_comment(
    actor: Actor,
    claim_id: int,
    text: str,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
) -> Claim:
    claim = await uow.claims.get(claim_id, for_update=True)
    await common.require_viewer(actor, claim, uow)
    if claim.rating is None or claim.rating_comment is not None:
        raise Conflict("claim-rated-already", rating=str(claim.rating or ""))
    comment = check_comment(text)
    now = clock.now()
    claim.rating_comment = comment
    common.event(uow, claim, "rating_comment", actor.user_id, now, comment)
    common.log(uow, claim, f"отзыв клиента: {comment}", actor.user_id, now)
    await _after(uow, claim, calendar, now)
    await uow.commit()
    return claim
