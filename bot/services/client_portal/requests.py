"""Requests (обращения): a client writes, the responsible manager (or, without one, every
head) gets it and answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.client_portal.requests import Content, Payload
from bot.domain.errors import Conflict, Forbidden, NotFound
from bot.domain.interactions import Form
from bot.domain.roles import Action, Actor, can, require
from bot.services import outbox
from bot.services.counterparties.directory import responsible_staff
from bot.services.interactions import add_event
from bot.services.outbox import Priority
from bot.services.reminders import request_sla
from storage.models import ClientRequest, ContactPerson, Counterparty
from storage.repositories.client_requests import REQUEST_CARD_PREFIX
from storage.uow import UnitOfWork

log = structlog.get_logger()


def relay_card_key(request_id: int, copy: int) -> str:
    """The card key of the `copy`-th relayed copy of a request (0: the only or first one):
    "request:7", "request:7:1", …; a reply to any copy names request 7."""
    return f"{REQUEST_CARD_PREFIX}{request_id}" + (f":{copy}" if copy else "")


@dataclass(frozen=True, slots=True)
class FileRequest:
    actor: Actor
    payload: Payload
    tg_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class RequestFiled:
    request_id: int
    assignee: str | None
    is_manager: bool  # False: nobody is responsible, the heads have it


async def file_request(cmd: FileRequest, uow: UnitOfWork, clock: Clock) -> RequestFiled:
    """Log the client's message and relay it, with their card, to whoever answers it."""
    require(cmd.actor, Action.USE_CLIENT_PORTAL)
    payload = cmd.payload.checked()
    person, cp = await _client_of(uow, cmd.actor)
    now = clock.now()
    recipients, is_manager = await responsible_staff(uow, cp)
    assignee = recipients[0] if recipients else None
    interaction = add_event(
        uow,
        counterparty_id=cp.id,
        form=Form.CLIENT_REQUEST,
        author_id=cmd.actor.user_id,
        topic=payload.topic,
        contact_person_id=person.id,
        at=now,
    )
    await uow.flush()
    assert cmd.actor.user_id is not None
    request = ClientRequest(
        counterparty_id=cp.id,
        client_user_id=cmd.actor.user_id,
        contact_person_id=person.id,
        assignee_id=assignee.id if assignee else None,
        interaction_id=interaction.id,
        kind=payload.kind.value,
        text=payload.text,
        file_id=payload.file_id,
        file_name=payload.file_name,
        tg_message_id=cmd.tg_message_id,
        received_at=now,
    )
    uow.client_requests.add(request)
    await uow.flush()
    relayed = _relay_params(request, cp, person)
    for copy, recipient in enumerate(recipients):
        assert recipient.tg_user_id is not None
        key = relay_card_key(request.id, copy)
        relay = _Message(recipient.tg_user_id, "client_request_relay", relayed, payload)
        await relay.send(uow, now, key=key)
    await uow.commit()
    log.info("client_request_filed", counterparty_id=cp.id, request_id=request.id)
    return RequestFiled(request.id, assignee.full_name if assignee else None, is_manager)


async def _client_of(uow: UnitOfWork, actor: Actor) -> tuple[ContactPerson, Counterparty]:
    person = await uow.counterparties.person_of_user(actor.user_id) if actor.user_id else None
    if person is None:
        raise NotFound("portal-not-linked")
    return person, await uow.counterparties.get(person.counterparty_id)


def _relay_params(
    request: ClientRequest, cp: Counterparty, person: ContactPerson | None
) -> dict[str, Any]:
    return {
        "request_id": request.id,
        "counterparty": cp.name,
        "counterparty_id": cp.id,
        "inn": cp.inn or "",
        "city": cp.city or "",
        "person": person.full_name if person else "",
        "position": (person.position if person else None) or "",
        "phone": (person.phone_e164 if person else None) or "",
        "text": request.text or "",
        "kind": request.kind,
    }


@dataclass(frozen=True, slots=True)
class _Message:
    """A request or an answer on its way: text as a message, a photo or document as itself
    (the view then is its caption)."""

    chat_id: int
    view: str
    params: dict[str, Any]
    payload: Payload

    async def send(self, uow: UnitOfWork, at: datetime, *, key: str | None = None) -> None:
        if self.payload.kind is Content.TEXT:
            await outbox.send(
                uow,
                chat_id=self.chat_id,
                view=self.view,
                params=self.params,
                at=at,
                card_key=key,
                dedupe_key=key,
            )
            return
        assert self.payload.file_id is not None
        await outbox.send_file(
            uow,
            chat_id=self.chat_id,
            kind=self.payload.kind.value,
            file_id=self.payload.file_id,
            view=self.view,
            params=self.params,
            at=at,
            card_key=key,
            dedupe_key=key,
        )


# --- answers ------------------------------------------------------------------------------


async def begin_answer(actor: Actor, request_id: int, uow: UnitOfWork) -> ClientRequest:
    """Check before asking for the answer text that `actor` may answer this request."""
    request = await uow.client_requests.get(request_id)
    await _require_answerer(actor, request, uow)
    return request


async def _require_answerer(actor: Actor, request: ClientRequest, uow: UnitOfWork) -> None:
    require(actor, Action.ANSWER_CLIENT_REQUESTS)
    if actor.user_id == request.assignee_id or can(actor, Action.SEE_ALL_CONTROL_DATES):
        return
    cp = await uow.counterparties.get(request.counterparty_id)
    if cp.manager_id != actor.user_id:
        raise Forbidden("request-not-yours")


@dataclass(frozen=True, slots=True)
class AnswerRequest:
    actor: Actor
    request_id: int
    payload: Payload


@dataclass(frozen=True, slots=True)
class Answered:
    request_id: int
    client: str


async def answer_request(cmd: AnswerRequest, uow: UnitOfWork, clock: Clock) -> Answered:
    """The answer reaches the client and lands in the timeline; the first one is timed."""
    payload = cmd.payload.checked()
    request = await uow.client_requests.get(cmd.request_id, for_update=True)
    await _require_answerer(cmd.actor, request, uow)
    client = await uow.users.get(request.client_user_id)
    if client.tg_user_id is None or not client.is_active:
        raise Conflict("request-client-gone")
    now = clock.now()
    if request.first_answered_at is None:
        request.first_answered_at, request.answered_by_id = now, cmd.actor.user_id
        await _mark_taken(uow, request, cmd.actor, now)
        await request_sla.request_answered(uow, request.id, now)
    add_event(
        uow,
        counterparty_id=request.counterparty_id,
        form=Form.REQUEST_ANSWER,
        author_id=cmd.actor.user_id,
        topic=payload.topic,
        contact_person_id=request.contact_person_id,
        at=now,
    )
    params = {"request_id": request.id, "manager": cmd.actor.full_name, "text": payload.text or ""}
    await _Message(client.tg_user_id, "client_request_answer", params, payload).send(uow, now)
    await uow.commit()
    log.info("client_request_answered", request_id=request.id)
    return Answered(request.id, client.full_name)


async def _mark_taken(
    uow: UnitOfWork, request: ClientRequest, actor: Actor, now: datetime
) -> None:
    """The first answer: the other delivered copies now say who took the request (a relayed
    photo or document: its caption)."""
    cp = await uow.counterparties.get(request.counterparty_id)
    person = (
        await uow.counterparties.person(request.contact_person_id)
        if request.contact_person_id
        else None
    )
    params = {**_relay_params(request, cp, person), "taken": actor.full_name}
    for card in await uow.outbox.cards_of(relay_card_key(request.id, 0)):
        if card.tg_chat_id == actor.tg_user_id:
            continue  # the answerer's own copy
        await outbox.edit_card(
            uow,
            card_key=card.key,
            chat_id=card.tg_chat_id,
            view="client_request_relay",
            params=params,
            at=now,
            priority=Priority.NOTICE,
            caption=request.kind != Content.TEXT.value,
        )


@dataclass(frozen=True, slots=True)
class AnswerByReply:
    """A staff member's reply (quote) to a message of the bot in `chat_id`."""

    actor: Actor
    chat_id: int
    replied_message_id: int
    payload: Payload


async def answer_by_reply(cmd: AnswerByReply, uow: UnitOfWork, clock: Clock) -> Answered | None:
    """A reply to a relayed request answers it; None when the reply is to something else."""
    request = await uow.client_requests.by_relayed_message(cmd.chat_id, cmd.replied_message_id)
    if request is None:
        return None
    return await answer_request(AnswerRequest(cmd.actor, request.id, cmd.payload), uow, clock)
