"""Clients in Telegram: self-registration by a shared phone (linked at once when the phone is
known and free, otherwise a request every head can decide on), and linking itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.client_portal.registration import (
    PersonOnPhone,
    RequestStatus,
    link_at_once,
    own_phone,
)
from bot.domain.errors import Conflict
from bot.domain.interactions import Form
from bot.domain.roles import Actor, Role
from bot.services import audit, outbox
from bot.services.counterparties.directory import heads_or_admins
from bot.services.interactions import add_event
from storage.models import ContactPerson, Counterparty, RegistrationRequest, User
from storage.uow import UnitOfWork

log = structlog.get_logger()

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
    actor: Actor
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


async def register_by_contact(cmd: ShareContact, uow: UnitOfWork, clock: Clock) -> Registration:
    """A stranger shared their own phone: link them to their counterparty, or ask the head."""
    if cmd.actor.is_registered:
        raise Conflict("portal-already-registered")
    phone = own_phone(cmd.tg_user_id, cmd.contact_user_id, cmd.phone)
    if await uow.users.by_tg_id(cmd.tg_user_id) is not None:
        raise Conflict("portal-already-registered")
    if await uow.registrations.pending_of(cmd.tg_user_id) is not None:
        return Registration(RegistrationOutcome.ALREADY_PENDING)
    now = clock.now()
    owners = await uow.counterparties.ids_by_phone(phone.e164)
    people = await people_on_phone(uow, phone.e164)
    link = link_at_once(owners, people)
    if link is not None:
        cp = await uow.counterparties.get(link.counterparty_id)
        person = await uow.counterparties.person(link.person_id) if link.person_id else None
        who = Applicant(cmd.tg_user_id, cmd.full_name[:200], cmd.username, phone.e164)
        user = await link_client(uow, cp, person, who, now)
        audit.record(uow, None, "client_registered", f"user:{user.id}", at=now)
        manager = await tell_staff_registered(uow, cp, user, now)
        await uow.commit()
        log.info("client_registered", counterparty_id=cp.id)
        return Registration(RegistrationOutcome.LINKED, cp.name, manager)
    request = RegistrationRequest(
        tg_user_id=cmd.tg_user_id,
        full_name=cmd.full_name[:200],
        username=cmd.username,
        phone_e164=phone.e164,
        status=RequestStatus.PENDING.value,
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
            params={**request_params(request), "candidates": len(owners)},
            at=now,
            card_key=key,
            dedupe_key=key,
        )
    await uow.commit()
    log.info("registration_requested", registration_id=request.id)
    return Registration(RegistrationOutcome.PENDING)


def request_params(request: RegistrationRequest) -> dict[str, Any]:
    return {
        "request_id": request.id,
        "name": request.full_name,
        "username": request.username or "",
        "phone": request.phone_e164 or "",
    }


async def people_on_phone(uow: UnitOfWork, e164: str) -> list[PersonOnPhone]:
    return [
        PersonOnPhone(p.id, p.counterparty_id, p.user_id)
        for p in await uow.counterparties.people_by_phone(e164)
    ]


# --- linking ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Applicant:
    """The Telegram user who becomes a client."""

    tg_user_id: int
    full_name: str
    username: str | None
    phone: str | None


async def link_client(
    uow: UnitOfWork, cp: Counterparty, person: ContactPerson | None, who: Applicant, now: datetime
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


async def tell_staff_registered(
    uow: UnitOfWork, cp: Counterparty, user: User, now: datetime, skip: int | None = None
) -> str | None:
    """Tell the responsible manager (or, without one, the heads); return the manager's name."""
    manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
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
