"""Which counterparty card an order is for, read before the dialogue decides anything: the
client's own card, the card a text names (by id or INN) or a button presets, the cards to
offer for the client question, and the check a new card goes through; when the order is
placed, the card it is for (created, if it asks for a new one).

The counterparties feature is reached through its public functions (directory: search,
check_duplicates, validate_new, add_counterparty).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import structlog

from bot.domain.errors import Forbidden, InvalidInput, NotFound
from bot.domain.ids import parse_id
from bot.domain.orders.dialogue import TextClient
from bot.domain.orders.draft import Draft, NewClient, as_clients_own
from bot.domain.orders.parsed import ParsedOrder
from bot.domain.orders.steps import ClientChoice
from bot.domain.roles import Action, Actor, Role, can, require
from bot.services.counterparties import directory
from storage.models import ContactPerson, Counterparty
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_CLIENT_CHOICES = 6
MAX_NAME = 200


def choice_of(cp: Counterparty) -> ClientChoice:
    return ClientChoice(cp.id, cp.name, cp.inn)


async def own_card(uow: UnitOfWork, actor: Actor) -> tuple[ContactPerson, Counterparty]:
    """A registered client's contact person and counterparty."""
    person = await uow.counterparties.person_of_user(actor.user_id) if actor.user_id else None
    cp = await uow.counterparties.find(person.counterparty_id) if person else None
    if person is None or cp is None:
        raise NotFound("portal-not-linked")
    return person, cp


def require_order_writer(actor: Actor) -> None:
    """Staff who place orders, or a registered client writing their own (to approval)."""
    if not (can(actor, Action.PLACE_ORDER) or can(actor, Action.USE_CLIENT_PORTAL)):
        raise Forbidden("error-forbidden", action=Action.PLACE_ORDER.value)


async def held_draft(uow: UnitOfWork, actor: Actor, draft: Draft) -> Draft:
    """The draft as `actor` may hold it, checked on every step whatever button was pressed:
    a client's is always their own company's and goes to approval; staff never hold a
    client's own draft."""
    require_order_writer(actor)
    if actor.role is Role.CLIENT:
        _, cp = await own_card(uow, actor)
        return as_clients_own(draft, cp.id, cp.name)
    if draft.for_client:
        raise Forbidden()
    return draft


async def client_of_text(
    uow: UnitOfWork, actor: Actor, order: ParsedOrder, preset: int | None
) -> TextClient:
    """A client writes for themselves; staff name the client in the text (the parser found
    its id or INN), else the card a button preset; else the client question comes first."""
    if actor.role is Role.CLIENT:
        return TextClient(choice_of((await own_card(uow, actor))[1]), for_client=True)
    cp: Counterparty | None = None
    if order.client_id is not None and (cp_id := parse_id(order.client_id)) is not None:
        cp = await uow.counterparties.find(cp_id)
    if cp is None and order.inn:
        cp = await uow.counterparties.by_inn(order.inn)
    if cp is None and preset is not None:
        cp = await uow.counterparties.find(preset)
    if cp is not None:
        return TextClient(choice_of(cp), for_client=False)
    name = new_card_name(None, order.client)
    choices = await _choices(uow, name, order.inn, name)
    return TextClient(None, for_client=False, choices=choices, new_client=name)


async def client_choices(
    uow: UnitOfWork, draft: Draft
) -> tuple[tuple[ClientChoice, ...], str | None]:
    """The cards to offer for the draft's client question, and the name a new card would get."""
    name = new_card_name(draft.client_query, draft.order.client)
    return await _choices(uow, name, draft.order.inn, draft.client_query or name), name


async def preset_card(uow: UnitOfWork, actor: Actor, counterparty_id: int) -> ClientChoice:
    """The card a «Новая заявка» on it starts an order for."""
    require(actor, Action.VIEW_COUNTERPARTIES)
    return choice_of(await uow.counterparties.get(counterparty_id))


async def picked_card(uow: UnitOfWork, draft: Draft, value: str) -> ClientChoice | None:
    """The card a client button names, if it still exists (and the client may change)."""
    if draft.client_is_fixed or (cp_id := parse_id(value)) is None:
        return None
    cp = await uow.counterparties.find(cp_id)
    return choice_of(cp) if cp is not None else None


async def card_of(uow: UnitOfWork, counterparty_id: int) -> Counterparty:
    """The card an order (or a draft) is for; NotFound when it is gone (merged away)."""
    cp = await uow.counterparties.find(counterparty_id)
    if cp is None:
        raise NotFound("order-client-gone")
    return cp


@dataclass(frozen=True, slots=True)
class NewCard:
    name: str | None  # as typed or written; None: there is no name to create a card with
    card: NewClient | None = None  # checked: no card on file is the same
    look_alikes: tuple[ClientChoice, ...] = ()


async def check_new_card(uow: UnitOfWork, actor: Actor, draft: Draft, sure: bool) -> NewCard:
    """A new card for the draft's client: its fields checked, and the cards it may be."""
    if draft.client_is_fixed:
        return NewCard(None)
    require(actor, Action.EDIT_COUNTERPARTY)
    name = new_card_name(draft.client_query, draft.order.client)
    if name is None:
        return NewCard(None)
    fields = directory.validate_new(name, draft.order.inn or "")
    matches = await directory.check_duplicates(uow, fields, confirmed_new=sure)
    if matches:
        found = tuple(choice_of(m.counterparty) for m in matches[:MAX_CLIENT_CHOICES])
        return NewCard(name, look_alikes=found)
    return NewCard(name, NewClient(fields.name, fields.inn))


def new_card_name(*names: str | None) -> str | None:
    """The name a new card would get: the first that is not a bare number (an INN, a phone)."""
    for name in names:
        if name and not name.replace(" ", "").isdigit():
            return " ".join(name.split())[:MAX_NAME]
    return None


async def _choices(
    uow: UnitOfWork, name: str | None, inn: str | None, query: str | None
) -> tuple[ClientChoice, ...]:
    """The card with the INN, the look-alikes of the name, then what the directory finds."""
    found: dict[int, Counterparty] = {}
    if inn:
        by_inn = await uow.counterparties.by_inn(inn)
        if by_inn is not None:
            found[by_inn.id] = by_inn
    if name:
        fields = directory.NewCounterparty(name=name)
        for match in await directory.check_duplicates(uow, fields, confirmed_new=False):
            found.setdefault(match.counterparty.id, match.counterparty)
    if query and len(found) < MAX_CLIENT_CHOICES:
        try:
            for cp in await directory.search(uow, query):
                found.setdefault(cp.id, cp)
        except InvalidInput:  # too short or odd for /find: the duplicate check has spoken
            log.info("order_client_search_skipped")
    return tuple(choice_of(cp) for cp in list(found.values())[:MAX_CLIENT_CHOICES])


async def card_to_place(
    uow: UnitOfWork, actor: Actor, draft: Draft, now: datetime
) -> Counterparty:
    """The draft's card, or the new card it asks for, created now (checked again: an INN
    on file refuses)."""
    if draft.counterparty_id is not None:
        return await card_of(uow, draft.counterparty_id)
    if draft.new_client is None:
        raise InvalidInput("order-incomplete")
    require(actor, Action.EDIT_COUNTERPARTY)
    fields = directory.validate_new(draft.new_client.name, draft.new_client.inn or "")
    await directory.check_duplicates(uow, fields, confirmed_new=True)  # an INN on file: Conflict
    if actor.role is Role.MANAGER:
        fields = replace(fields, manager_id=actor.user_id)
    cp = await directory.add_counterparty(uow, fields, actor, now)
    log.info("order_client_created", counterparty_id=cp.id)
    return cp
