"""Order intake: from a manager's (or a client's) message to a confirmed order.

The dialogue state is a `Draft` (order_drafts) kept by the caller in the FSM data; every call
here takes the draft and returns the next `Step` (a question with its choices, or the preview).
Only `place_order` writes business rows, and it commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import structlog

from bot.clock import Clock
from bot.domain.catalog import Catalog, ModelMatch
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.orders.draft import (
    TYPED,
    Ask,
    Draft,
    Field,
    NewClient,
    model_choices,
    new_draft,
    next_ask,
    search_models,
)
from bot.domain.orders.draft_edits import (
    parse_deadline,
    parse_qty,
    remove_position,
    set_address,
    set_client,
    set_deadline,
    set_delivery,
    set_model,
    set_new_client,
    set_payment,
    set_price,
    set_qty,
    set_variant,
    toggle_urgent,
)
from bot.domain.orders.parsed import ParsedOrder
from bot.domain.roles import Action, Actor, Role, require
from bot.services.catalog import CatalogCache
from bot.services.counterparties import directory as clients
from bot.services.orders import client_orders
from bot.services.orders.records import (
    local_today,
    recent_duplicate,
)
from storage.models import Counterparty
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_CLIENT_CHOICES = 6


@dataclass(frozen=True, slots=True)
class ClientChoice:
    counterparty_id: int
    name: str
    inn: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """What to show next: `ask` (with its choices), or the preview when `ask` is None."""

    draft: Draft
    ask: Ask | None
    catalog: Catalog
    today: date
    models: tuple[ModelMatch, ...] = ()
    clients: tuple[ClientChoice, ...] = ()
    new_client: str | None = None  # a name the person may create a client card with
    look_alikes: bool = False  # "create" found possible duplicates: pressing again creates


@dataclass(frozen=True, slots=True)
class StartOrder:
    actor: Actor
    text: str
    draft_id: str
    counterparty_id: int | None = None  # preset (a card's "new order"): if the text names none


@dataclass(frozen=True, slots=True)
class Answer:
    """Text typed while a draft is open."""

    actor: Actor
    draft: Draft
    text: str
    new_draft_id: str  # if the text is a new order rather than an answer


@dataclass(frozen=True, slots=True)
class Choose:
    """A button pressed in the dialogue; `value` is the option's id."""

    actor: Actor
    draft: Draft
    action: str
    position: int = -1
    value: str = ""


# --- starting -----------------------------------------------------------------------------


async def start_order(cmd: StartOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """Parse an order text into a draft; the step is its first question or its preview."""
    require(cmd.actor, Action.PLACE_ORDER)
    text = cmd.text.strip()
    if not text:
        raise InvalidInput("order-empty")
    parser = await cache.parser(uow)
    today = local_today(clock, cache.company)
    parsed = parser.parse(text, today=today)
    draft = new_draft(cmd.draft_id, text, parsed, parser.catalog, today)
    if cmd.actor.role is Role.CLIENT:
        cp = await client_orders.counterparty_of(uow, cmd.actor)
        draft = replace(set_client(draft, cp.id, cp.name), for_client=True, problems=())
    else:
        draft = await _resolve_client(uow, draft)
        if draft.counterparty_id is None and cmd.counterparty_id is not None:
            preset = await uow.counterparties.find(cmd.counterparty_id)
            draft = set_client(draft, preset.id, preset.name) if preset else draft
    duplicate = await recent_duplicate(uow, draft, clock.now())
    if duplicate is not None:
        draft = replace(draft, duplicate=duplicate.number)
    log.info("order_draft_started", positions=len(parsed.positions), missing=len(parsed.missing))
    step = await current_step(cmd.actor, draft, uow, clock, cache)
    if not parsed.positions:  # "nothing found": the next text is an order text again
        return replace(step, draft=replace(step.draft, awaiting=Field.TEXT, position=None))
    return step


async def begin_order(
    actor: Actor, draft_id: str, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    """A bare /order: nothing yet, the order text is awaited."""
    require(actor, Action.PLACE_ORDER)
    empty = ParsedOrder(None, None, None, (), None, (), None, None, False, None, ())
    return await _step(Draft(draft_id, "", empty), Ask(Field.TEXT), uow, clock, cache)


async def _resolve_client(uow: UnitOfWork, draft: Draft) -> Draft:
    order = draft.order
    cp: Counterparty | None = None
    if order.client_id is not None and order.client_id.isdigit():
        cp = await uow.counterparties.find(int(order.client_id))
    if cp is None and order.inn:
        cp = await uow.counterparties.by_inn(order.inn)
    return set_client(draft, cp.id, cp.name) if cp is not None else draft


def is_recognised(step: Step) -> bool:
    """Whether a text said anything order-like: at least one position."""
    return bool(step.draft.order.positions)


async def current_step(
    actor: Actor, draft: Draft, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    require(actor, Action.PLACE_ORDER)
    return await _step(draft, next_ask(draft), uow, clock, cache)


async def _step(
    draft: Draft,
    ask: Ask | None,
    uow: UnitOfWork,
    clock: Clock,
    cache: CatalogCache,
    *,
    look_alikes: tuple[ClientChoice, ...] = (),
) -> Step:
    catalog = await cache.catalog(uow)
    awaiting = ask.field if ask is not None and ask.field in TYPED else None
    draft = replace(draft, awaiting=awaiting, position=ask.position if ask else None)
    step = Step(draft, ask, catalog, local_today(clock, cache.company))
    if ask is None:
        return step
    if ask.field is Field.MODEL and ask.position is not None and ask.position >= 0:
        return replace(step, models=model_choices(draft, ask.position, catalog))
    if ask.field is Field.CLIENT:
        if look_alikes:
            return replace(step, clients=look_alikes, new_client=_client_name(draft),
                           look_alikes=True)  # fmt: skip
        return replace(
            step, clients=await _client_candidates(uow, draft), new_client=_client_name(draft)
        )
    return step


def _client_name(draft: Draft) -> str | None:
    """The name a new card would get: what was typed, else the client as the text names it."""
    for name in (draft.client_query, draft.order.client):
        if name and not name.replace(" ", "").isdigit():
            return " ".join(name.split())[:200]
    return None


async def _client_candidates(uow: UnitOfWork, draft: Draft) -> tuple[ClientChoice, ...]:
    found: dict[int, Counterparty] = {}
    if draft.order.inn:
        by_inn = await uow.counterparties.by_inn(draft.order.inn)
        if by_inn is not None:
            found[by_inn.id] = by_inn
    name = _client_name(draft)
    if name:
        fields = clients.NewCounterparty(name=name)
        for match in await clients.check_duplicates(uow, fields, confirmed_new=False):
            found.setdefault(match.counterparty.id, match.counterparty)
    query = draft.client_query or name
    if query and len(found) < MAX_CLIENT_CHOICES:
        try:
            for cp in await clients.search(uow, query):
                found.setdefault(cp.id, cp)
        except InvalidInput:  # too short or odd for /find: the duplicate check has spoken
            log.info("order_client_search_skipped")
    return tuple(
        ClientChoice(cp.id, cp.name, cp.inn) for cp in list(found.values())[:MAX_CLIENT_CHOICES]
    )


# --- answers and choices ------------------------------------------------------------------


async def answer(cmd: Answer, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """Typed text: the answer to the question asked, or (none asked) a new order text."""
    require(cmd.actor, Action.PLACE_ORDER)
    draft, text = cmd.draft, cmd.text.strip()
    if not text:
        raise InvalidInput("order-empty")
    catalog = await cache.catalog(uow)
    today = local_today(clock, cache.company)
    field, index = draft.awaiting, draft.position if draft.position is not None else -1
    if field is None or field is Field.TEXT:
        preset = draft.counterparty_id if field is Field.TEXT else None
        start = StartOrder(cmd.actor, text, cmd.new_draft_id, preset)
        step = await start_order(start, uow, clock, cache)
        if field is None and not is_recognised(step):
            raise InvalidInput("order-use-buttons")
        return step
    if field is Field.QTY:
        draft = set_qty(draft, index, parse_qty(text), catalog)
    elif field is Field.DEADLINE:
        draft = set_deadline(draft, parse_deadline(text, today), today)
    elif field is Field.ADDRESS:
        draft = set_address(draft, text)
    elif field in (Field.MODEL, Field.POSITIONS):
        parsed = (await cache.parser(uow)).parse(text, today=today)
        step = await _step(draft, Ask(field, index), uow, clock, cache)
        return replace(step, models=search_models(text, catalog, parsed))
    elif field is Field.CLIENT:
        if len(text) > 200:  # noqa: PLR2004
            raise InvalidInput("order-client-query-long", limit=200)
        draft = replace(draft, client_query=" ".join(text.split()))
        return await _step(draft, Ask(Field.CLIENT), uow, clock, cache)
    return await current_step(cmd.actor, draft, uow, clock, cache)


async def choose(cmd: Choose, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """A button: set a value and go on, or open a question / the edit menu."""
    require(cmd.actor, Action.PLACE_ORDER)
    draft, action, index, value = cmd.draft, cmd.action, cmd.position, cmd.value
    catalog = await cache.catalog(uow)
    today = local_today(clock, cache.company)
    if action == "ask":
        return await _step(draft, Ask(_field(value), index), uow, clock, cache)
    if action == "preview":
        return await _step(draft, None, uow, clock, cache)
    if action == "next":
        return await current_step(cmd.actor, draft, uow, clock, cache)
    if action in ("colour", "size", "height"):
        draft = set_variant(draft, index, Field(action), _int(value), catalog)
    elif action == "model":
        draft = set_model(draft, index, value, catalog)
    elif action == "remove":
        draft = remove_position(draft, index, catalog)
    elif action == "price":
        known = frozenset(c.id for c in cache.company.price_categories)
        draft = set_price(draft, value, known, catalog)
    elif action == "client":
        _client_may_change(draft)
        cp = await uow.counterparties.find(_int(value))
        if cp is None:
            raise NotFound("client-not-found")
        draft = set_client(draft, cp.id, cp.name)
    elif action == "new_client":
        _client_may_change(draft)
        return await _new_client(cmd, draft, uow, clock, cache)
    elif action == "delivery":
        draft = set_delivery(draft, value, None)
    elif action == "carrier":
        carriers = cache.company.transport_companies
        carrier = carriers[_int(value)].name if 0 <= _int(value) < len(carriers) else None
        if carrier is None:
            raise InvalidInput("order-choice-gone")
        draft = set_delivery(draft, "transport_company", carrier)
    elif action == "deadline":
        draft = set_deadline(draft, None if value == "none" else _date(value), today)
    elif action == "payment":
        draft = set_payment(draft, value)
    elif action == "urgent":
        draft = toggle_urgent(draft)
    else:
        raise InvalidInput("order-choice-gone")
    return await current_step(cmd.actor, draft, uow, clock, cache)


async def _new_client(
    cmd: Choose, draft: Draft, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    """A new card for the client (made when the order is placed), after the duplicate check."""
    require(cmd.actor, Action.EDIT_COUNTERPARTY)
    name = _client_name(draft)
    if name is None:
        raise InvalidInput("order-client-name-needed")
    inn = draft.order.inn
    fields = clients.validate_new(name, inn or "")
    matches = await clients.check_duplicates(uow, fields, confirmed_new=cmd.value == "sure")
    if matches:
        found = tuple(ClientChoice(m.counterparty.id, m.counterparty.name, m.counterparty.inn)
                      for m in matches[:MAX_CLIENT_CHOICES])  # fmt: skip
        return await _step(draft, Ask(Field.CLIENT), uow, clock, cache, look_alikes=found)
    draft = set_new_client(draft, NewClient(fields.name, fields.inn))
    return await current_step(cmd.actor, draft, uow, clock, cache)


def _client_may_change(draft: Draft) -> None:
    """A client's own order (theirs, or one a manager completes) stays that client's."""
    if draft.for_client or draft.pending_order_id is not None:
        raise InvalidInput("order-client-fixed")


def _field(value: str) -> Field:
    try:
        return Field(value)
    except ValueError:
        raise InvalidInput("order-choice-gone") from None


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput("order-choice-gone") from None


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("order-choice-gone") from None
