"""A head decides on a registration request: link the applicant to a counterparty found by
search, to a new one (through the duplicate check), or decline. The first decision wins;
every head's copy of the request then says how it was decided."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.client_portal.registration import RequestStatus, free_person
from bot.domain.errors import Conflict, InvalidTransition
from bot.domain.roles import Action, Actor, require
from bot.services import audit, outbox
from bot.services.client_portal.registration import (
    Applicant,
    link_client,
    people_on_phone,
    request_card_key,
    request_params,
    tell_staff_registered,
)
from bot.services.counterparties.directory import (
    CreateResult,
    NewCounterparty,
    add_counterparty,
    check_duplicates,
    heads_or_admins,
    search,
)
from bot.services.outbox import Priority
from storage.models import Counterparty, RegistrationRequest
from storage.uow import UnitOfWork


async def pending_request(actor: Actor, request_id: int, uow: UnitOfWork) -> RegistrationRequest:
    """A registration request still waiting for a decision (checked before each step)."""
    require(actor, Action.REVIEW_REGISTRATIONS)
    request = await uow.registrations.get(request_id, for_update=True)
    if request.status != RequestStatus.PENDING:
        raise await _already_decided(uow, request)
    return request


async def _claim(
    uow: UnitOfWork, request: RegistrationRequest, to: RequestStatus, actor: Actor, now: datetime
) -> None:
    """The decision, taken once: a conditional update from `pending`, before any other write.
    A second head deciding at the same moment is told who decided first."""
    decided = {"decided_by_id": actor.user_id, "decided_at": now}
    if not await uow.claim(request, RequestStatus.PENDING.value, to.value, **decided):
        raise await _already_decided(uow, request)


async def _already_decided(uow: UnitOfWork, request: RegistrationRequest) -> InvalidTransition:
    """Says who decided the request and how: another head may have pressed first."""
    by = await uow.users.find(request.decided_by_id) if request.decided_by_id else None
    cp = (
        await uow.counterparties.find(request.counterparty_id) if request.counterparty_id else None
    )
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
    await _claim(uow, request, RequestStatus.LINKED, cmd.actor, clock.now())
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
    await _claim(uow, request, RequestStatus.LINKED, cmd.actor, now)
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
    person_id = free_person(await people_on_phone(uow, request.phone_e164 or ""), cp.id)
    person = await uow.counterparties.person(person_id) if person_id else None
    who = Applicant(request.tg_user_id, request.full_name, request.username, request.phone_e164)
    user = await link_client(uow, cp, person, who, now)
    request.counterparty_id, request.user_id = cp.id, user.id  # status: `_claim` set it
    audit.record(uow, actor, "registration_linked", f"registration:{request.id}", at=now)
    await _close_request_cards(uow, request, actor, cp, now)
    manager = await tell_staff_registered(uow, cp, user, now, skip=actor.user_id)
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
    await _claim(uow, request, RequestStatus.DECLINED, actor, now)
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
        **request_params(request),
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
