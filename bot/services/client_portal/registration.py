"""Clients in Telegram: self-registration by a shared phone, the head's decision, /forget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from bot.domain.interactions import Form
from bot.domain.roles import Action, Actor, Role, require
from bot.services import audit, outbox
from bot.services.counterparties.directory import (
    CreateResult,
    NewCounterparty,
    add_counterparty,
    check_duplicates,
    heads_or_admins,
    search,
)
from bot.services.interactions import add_event
from bot.services.outbox import Priority
from storage.models import ContactPerson, Counterparty, RegistrationRequest, User
from storage.uow import UnitOfWork

log = structlog.get_logger()

PENDING, LINKED, DECLINED = "pending", "linked", "declined"
FORGOTTEN_NAME = "—"
REQUEST_CARD_KEY = "registration:{}:{}"  # the request, the recipient's user id


def request_card_key(request_id: int, user_id: int) -> str:
    """One recipient's copy of a registration request, edited in place once it is decided."""
    return REQUEST_CARD_KEY.format(request_id, user_id)


class RegistrationOutcome(StrEnum):
    LINKED = "linked"
    PENDING = "pending"
    ALREADY_PENDING = "already_pending"


@dataclass(frozen=True, slots=True)
class ShareContact:
    tg_user_id: int
    full_name: str
    username: str | None
    contact_user_id: int | None  # whose contact was shared, as Telegram says
    phone: str


@dataclass(frozen=True, slots=True)
class Registration:
    outcome: RegistrationOutcome
    counterparty: str | None = None
    manager: str | None = None


def _telegram_phone(raw: str) -> str:
    """Telegram sends a contact's number in international form, often without the plus."""
    text = raw.strip()
    return f"+{text}" if text.isdigit() else text


async def register_by_contact(
    actor: Actor, cmd: ShareContact, uow: UnitOfWork, clock: Clock
) -> Registration:
    """A stranger shared their own phone: link them to their counterparty, or ask the head."""
    if actor.is_registered:
        raise Conflict("portal-already-registered")
    if cmd.contact_user_id != cmd.tg_user_id:
        raise Forbidden("portal-contact-not-own")
    phone = normalize_phone(_telegram_phone(cmd.phone))
    if await uow.users.by_tg_id(cmd.tg_user_id) is not None:
        raise Conflict("portal-already-registered")
    if await uow.registrations.pending_of(cmd.tg_user_id) is not None:
        return Registration(RegistrationOutcome.ALREADY_PENDING)
    now = clock.now()
    owners = await uow.counterparties.ids_by_phone(phone.e164)
    if len(owners) == 1:
        cp = await uow.counterparties.get(owners[0])
        people = await uow.counterparties.people_by_phone(phone.e164)
        mine = [p for p in people if p.counterparty_id == owners[0]]
        free = [p for p in mine if p.user_id is None]
        if cp is not None and (free or not mine):
            user = await _link(uow, cp, free[0] if free else None, _Who.of(cmd, phone.e164), now)
            audit.record(uow, None, "client_registered", f"user:{user.id}", at=now)
            manager = await _tell_staff_registered(uow, cp, user, now)
            await uow.commit()
            log.info("client_registered", counterparty_id=cp.id)
            return Registration(RegistrationOutcome.LINKED, cp.name, manager)
    request = RegistrationRequest(
        tg_user_id=cmd.tg_user_id,
        full_name=cmd.full_name[:200],
        username=cmd.username,
        phone_e164=phone.e164,
        status=PENDING,
        created_at=now,
    )
    uow.registrations.add(request)
    await uow.flush()
    for head in await heads_or_admins(uow):
        assert head.tg_user_id is not None
        key = request_card_key(request.id, head.id)
        await outbox.send(
            uow,
            chat_id=head.tg_user_id,
            view="registration_request",
            params={**_request_params(request), "candidates": len(owners)},
            at=now,
            card_key=key,
            dedupe_key=key,
        )
    await uow.commit()
    log.info("registration_requested", registration_id=request.id)
    return Registration(RegistrationOutcome.PENDING)


def _request_params(request: RegistrationRequest) -> dict[str, Any]:
    return {
        "request_id": request.id,
        "name": request.full_name,
        "username": request.username or "",
        "phone": request.phone_e164 or "",
    }


@dataclass(frozen=True, slots=True)
class _Who:
    tg_user_id: int
    full_name: str
    username: str | None
    phone: str | None

    @classmethod
    def of(cls, cmd: ShareContact, phone: str) -> _Who:
        return cls(cmd.tg_user_id, cmd.full_name[:200], cmd.username, phone)


async def _link(
    uow: UnitOfWork, cp: Counterparty, person: ContactPerson | None, who: _Who, now: datetime
) -> User:
    """Make the Telegram user a client of `cp`, as `person` or as a new contact person."""
    user = User(
        tg_user_id=who.tg_user_id,
        full_name=who.full_name,
        username=who.username,
        role=Role.CLIENT.value,
        is_active=True,
        is_reachable=True,
        created_at=now,
        updated_at=now,
    )
    uow.users.add(user)
    await uow.flush()
    if person is None:
        person = ContactPerson(
            counterparty_id=cp.id,
            full_name=who.full_name,
            phone_e164=who.phone,
            created_at=now,
        )
        uow.counterparties.add_person(person)
    person.user_id = user.id
    await uow.flush()
    add_event(
        uow,
        counterparty_id=cp.id,
        form=Form.REGISTRATION,
        author_id=user.id,
        topic=person.full_name,
        contact_person_id=person.id,
        at=now,
    )
    await outbox.set_commands(uow, chat_id=who.tg_user_id, role=Role.CLIENT.value, at=now)
    return user


async def _tell_staff_registered(
    uow: UnitOfWork, cp: Counterparty, user: User, now: datetime, skip: int | None = None
) -> str | None:
    """Tell the responsible manager (or, without one, the heads); return the manager's name."""
    manager = await uow.users.get(cp.manager_id) if cp.manager_id else None
    if manager is not None and manager.is_active and manager.tg_user_id:
        targets = [manager]
    else:
        manager = None
        targets = list(await heads_or_admins(uow))
    for target in targets:
        if target.id == skip or target.tg_user_id is None:
            continue
        await outbox.send(
            uow,
            chat_id=target.tg_user_id,
            view="manager_client_registered",
            params={
                "name": user.full_name,
                "counterparty": cp.name,
                "counterparty_id": cp.id,
                "assigned": "yes" if manager else "no",
            },
            at=now,
        )
    return manager.full_name if manager else None


# --- the head decides ---------------------------------------------------------------------


async def pending_request(actor: Actor, request_id: int, uow: UnitOfWork) -> RegistrationRequest:
    """A registration request still waiting for a decision (checked before each step)."""
    require(actor, Action.REVIEW_REGISTRATIONS)
    request = await uow.registrations.get(request_id, for_update=True)
    if request is None:
        raise NotFound("registration-not-found")
    if request.status != PENDING:
        raise await _already_decided(uow, request)
    return request


async def _already_decided(uow: UnitOfWork, request: RegistrationRequest) -> InvalidTransition:
    """Says who decided the request and how: another head may have pressed first."""
    by = await uow.users.get(request.decided_by_id) if request.decided_by_id else None
    cp = await uow.counterparties.get(request.counterparty_id) if request.counterparty_id else None
    return InvalidTransition(
        "registration-decided",
        id=str(request.id),
        by=by.full_name if by else "none",
        outcome=request.status,
        counterparty=cp.name if cp else "—",
    )


async def search_for_link(
    actor: Actor, request_id: int, query: str, uow: UnitOfWork
) -> tuple[RegistrationRequest, Sequence[Counterparty]]:
    request = await pending_request(actor, request_id, uow)
    return request, await search(uow, query)


@dataclass(frozen=True, slots=True)
class LinkRegistration:
    actor: Actor
    request_id: int
    counterparty_id: int


async def link_registration(cmd: LinkRegistration, uow: UnitOfWork, clock: Clock) -> Counterparty:
    request = await pending_request(cmd.actor, cmd.request_id, uow)
    cp = await uow.counterparties.get(cmd.counterparty_id)
    if cp is None:
        raise NotFound("client-not-found")
    await _decide_link(uow, cmd.actor, request, cp, clock.now())
    await uow.commit()
    return cp


@dataclass(frozen=True, slots=True)
class CreateForRegistration:
    actor: Actor
    request_id: int
    fields: NewCounterparty
    confirmed_new: bool = False


async def create_for_registration(
    cmd: CreateForRegistration, uow: UnitOfWork, clock: Clock
) -> CreateResult:
    """A new counterparty for the applicant, through the duplicate check, then the link."""
    request = await pending_request(cmd.actor, cmd.request_id, uow)
    matches = await check_duplicates(uow, cmd.fields, cmd.confirmed_new)
    if matches:
        return CreateResult(None, matches)
    now = clock.now()
    cp = await add_counterparty(uow, cmd.fields, cmd.actor, now)
    audit.record(uow, cmd.actor, "counterparty_created", f"counterparty:{cp.id}", at=now)
    await _decide_link(uow, cmd.actor, request, cp, now)
    await uow.commit()
    return CreateResult(cp)


async def _decide_link(
    uow: UnitOfWork, actor: Actor, request: RegistrationRequest, cp: Counterparty, now: datetime
) -> None:
    if request.tg_user_id is None or await uow.users.by_tg_id(request.tg_user_id) is not None:
        raise Conflict("registration-user-exists")
    people = await uow.counterparties.people_by_phone(request.phone_e164 or "")
    free = [p for p in people if p.counterparty_id == cp.id and p.user_id is None]
    who = _Who(request.tg_user_id, request.full_name, request.username, request.phone_e164)
    user = await _link(uow, cp, free[0] if free else None, who, now)
    request.status, request.counterparty_id, request.user_id = LINKED, cp.id, user.id
    request.decided_by_id, request.decided_at = actor.user_id, now
    audit.record(uow, actor, "registration_linked", f"registration:{request.id}", at=now)
    await _close_request_cards(uow, request, actor, cp, now)
    manager = await _tell_staff_registered(uow, cp, user, now, skip=actor.user_id)
    await outbox.send(
        uow,
        chat_id=request.tg_user_id,
        view="client_registration_linked",
        params={"counterparty": cp.name, "manager": manager or ""},
        at=now,
        dedupe_key=f"registration-decided:{request.id}",
    )


async def decline_registration(
    actor: Actor, request_id: int, uow: UnitOfWork, clock: Clock
) -> RegistrationRequest:
    request = await pending_request(actor, request_id, uow)
    now = clock.now()
    request.status, request.decided_by_id, request.decided_at = DECLINED, actor.user_id, now
    audit.record(uow, actor, "registration_declined", f"registration:{request.id}", at=now)
    await _close_request_cards(uow, request, actor, None, now)
    if request.tg_user_id is not None:
        await outbox.send(
            uow,
            chat_id=request.tg_user_id,
            view="client_registration_declined",
            at=now,
            dedupe_key=f"registration-decided:{request.id}",
        )
    await uow.commit()
    return request


async def _close_request_cards(
    uow: UnitOfWork,
    request: RegistrationRequest,
    actor: Actor,
    cp: Counterparty | None,
    now: datetime,
) -> None:
    """Every head's copy of the request now says how it was decided and by whom, without
    buttons; a press on a copy that was not edited yet still gets "already decided"."""
    params = {
        **_request_params(request),
        "outcome": request.status,
        "by": actor.full_name,
        "counterparty": cp.name if cp else "",
    }
    for head in await heads_or_admins(uow):
        assert head.tg_user_id is not None
        await outbox.edit_card(
            uow,
            card_key=request_card_key(request.id, head.id),
            chat_id=head.tg_user_id,
            view="registration_request",
            params=params,
            at=now,
            priority=Priority.INTERACTIVE if head.id == actor.user_id else Priority.NOTICE,
        )


# --- /forget ------------------------------------------------------------------------------


def require_client(actor: Actor) -> None:
    require(actor, Action.USE_CLIENT_PORTAL)


async def forget(actor: Actor, uow: UnitOfWork, clock: Clock) -> None:
    """Unlink and anonymise the client's Telegram identity; business records stay."""
    require_client(actor)
    if actor.user_id is None:
        raise InvalidInput()
    user = await uow.users.get(actor.user_id)
    if user is None or user.tg_user_id is None:
        raise NotFound("portal-not-linked")
    now = clock.now()
    person = await uow.counterparties.person_of_user(user.id)
    cp = await uow.counterparties.get(person.counterparty_id) if person else None
    if person is not None:
        person.user_id = None
    for request in await uow.registrations.of_tg_user(user.tg_user_id):
        request.tg_user_id, request.full_name, request.username = None, FORGOTTEN_NAME, None
    chat_id = user.tg_user_id
    user.tg_user_id, user.full_name, user.username = None, FORGOTTEN_NAME, None
    user.is_active, user.updated_at = False, now
    await outbox.set_commands(uow, chat_id=chat_id, role=None, at=now)
    audit.record(uow, actor, "client_forgotten", f"user:{user.id}", at=now)
    if cp is not None and person is not None:
        manager = await uow.users.get(cp.manager_id) if cp.manager_id else None
        if manager is not None and manager.is_active and manager.tg_user_id:
            await outbox.send(
                uow,
                chat_id=manager.tg_user_id,
                view="manager_client_forgot",
                params={"person": person.full_name, "counterparty": cp.name},
                at=now,
            )
    await uow.commit()
    log.info("client_forgotten", user_id=user.id)
