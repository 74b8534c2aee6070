"""The order dialogue decided: from a draft and what the use case loaded to the next step.

Pure. A use case (services/orders/intake.py) loads what a step needs first: the catalog and
today's date, the parse of a text, the client card a text or a button names, the look-alikes
of a new client. One function here then builds or changes the draft and decides what is asked
next (domain/orders/steps). When that is the client, the use case adds the cards to offer
(`Step.asks_client`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bot.domain.errors import InvalidInput, NotFound
from bot.domain.orders.draft import (
    Ask,
    Draft,
    Field,
    NewClient,
    as_clients_own,
    new_draft,
    next_ask,
    set_client,
    set_new_client,
)
from bot.domain.orders.draft_edits import (
    parse_deadline,
    parse_qty,
    remove_position,
    set_address,
    set_deadline,
    set_delivery,
    set_model,
    set_payment,
    set_price,
    set_qty,
    set_variant,
    toggle_urgent,
)
from bot.domain.orders.parsed import ParsedOrder
from bot.domain.orders.steps import ClientChoice, Known, Step, search_models, step

MAX_CLIENT_QUERY = 200
# typed answers to these questions are read by the order parser first (a SKU, "костюм ...")
READ_BY_PARSER = frozenset({Field.MODEL, Field.POSITIONS})


class Choice(StrEnum):
    """What a button of the dialogue does. The values are in buttons already sent: keep them."""

    ASK = "ask"  # open a question; `value` is its Field
    PREVIEW = "preview"
    NEXT = "next"  # the first question still open (or the preview)
    COLOUR = "colour"  # `value`: the index in the model's list
    SIZE = "size"
    HEIGHT = "height"
    MODEL = "model"  # `value`: the SKU; position -1 adds a position
    REMOVE = "remove"
    PRICE = "price"  # `value`: a price category id
    CLIENT = "client"  # `value`: a counterparty id
    NEW_CLIENT = "new_client"  # `value` "sure": create it despite the look-alikes
    DELIVERY = "delivery"  # `value`: a delivery kind or "none"
    CARRIER = "carrier"  # `value`: the index of a transport company
    DEADLINE = "deadline"  # `value`: an ISO date or "none"
    PAYMENT = "payment"  # `value`: a payment preset
    URGENT = "urgent"


@dataclass(frozen=True, slots=True)
class Pick:
    """A pressed button with what the use case found for it."""

    choice: Choice
    position: int = -1
    value: str = ""
    client: ClientChoice | None = None  # CLIENT: the card `value` names, if it still exists
    new_client: NewClient | None = None  # NEW_CLIENT: the card to create, checked
    new_client_name: str | None = None  # NEW_CLIENT: the name as typed or written
    look_alikes: tuple[ClientChoice, ...] = ()  # NEW_CLIENT: cards that may be the same


# --- starting -----------------------------------------------------------------------------


def begin(
    draft_id: str, known: Known, client: ClientChoice | None = None, *, for_client: bool = False
) -> Step:
    """A bare /order (the client chosen, from a card; `for_client`: a client's own order,
    `client` their company): the order text is awaited."""
    empty = ParsedOrder(None, None, None, (), None, (), None, None, False, None, ())
    draft = Draft(draft_id, "", empty)
    if client is not None and for_client:
        draft = as_clients_own(draft, client.counterparty_id, client.name)
    elif client is not None:
        draft = set_client(draft, client.counterparty_id, client.name)
    return step(draft, Ask(Field.TEXT), known)


@dataclass(frozen=True, slots=True)
class TextClient:
    """Who an order text is for, as the use case found it."""

    card: ClientChoice | None  # the card the text (or the person, or a preset) names
    for_client: bool  # a client's own order
    choices: tuple[ClientChoice, ...] = ()  # cards to offer when `card` is None
    new_client: str | None = None  # the name a new card would get


def start(
    draft_id: str,
    text: str,
    parsed: ParsedOrder,
    client: TextClient,
    duplicate: int | None,
    known: Known,
) -> Step:
    """The draft of an order text; the step is its first question or its preview.
    `duplicate`: the number of an order with the same text placed a moment ago."""
    card = client.card
    draft = new_draft(
        draft_id,
        text,
        parsed,
        known.catalog,
        known.today,
        client=(card.counterparty_id, card.name) if card is not None else None,
        for_client=client.for_client,
        duplicate=duplicate,
    )
    ask = next_ask(draft)
    first = step(draft, ask, known)
    if first.asks_client:
        first = replace(first, clients=client.choices, new_client=client.new_client)
    if not parsed.positions:  # "nothing found": the next text is an order text again
        return replace(first, draft=replace(first.draft, awaiting=Field.TEXT, position=None))
    return first


def resume(draft: Draft, known: Known) -> Step:
    """The first question still open in the draft, or its preview."""
    return step(draft, next_ask(draft), known)


def amend(draft: Draft, text: str, parsed: ParsedOrder, known: Known) -> Step:
    """A reply to a draft's preview with more of the order: the positions it names are added,
    the terms it names (price, delivery, deadline, payment, urgency) replace the draft's; the
    client stays. The step is the first question still open, or the preview."""
    order = draft.order
    terms = (parsed.price_category, parsed.delivery, parsed.deadline, parsed.payment)
    if not parsed.positions and not parsed.urgent and all(t is None for t in terms):
        raise InvalidInput("order-use-buttons")
    merged = replace(
        order,
        positions=order.positions + parsed.positions,
        unknown_models=order.unknown_models + parsed.unknown_models,
        price_category=parsed.price_category or order.price_category,
        delivery=parsed.delivery or order.delivery,
        deadline=parsed.deadline or order.deadline,
        payment=parsed.payment or order.payment,
        urgent=order.urgent or parsed.urgent,
    )
    fresh = new_draft(draft.id, f"{draft.text}\n{text}", merged, known.catalog, known.today)
    kept = tuple(p for p in draft.problems if p.field == "client")
    problems = (
        () if draft.for_client else kept + tuple(p for p in fresh.problems if p.field != "client")
    )
    amended = replace(draft, text=fresh.text, order=fresh.order, problems=problems, duplicate=None)
    return resume(amended, known)


# --- typed answers ------------------------------------------------------------------------

Answering = Callable[[Draft, str, int, Known, ParsedOrder | None], Step]


def _qty(draft: Draft, text: str, index: int, known: Known, _: ParsedOrder | None) -> Step:
    return resume(set_qty(draft, index, parse_qty(text), known.catalog), known)


def _deadline(draft: Draft, text: str, _: int, known: Known, __: ParsedOrder | None) -> Step:
    return resume(set_deadline(draft, parse_deadline(text, known.today), known.today), known)


def _address(draft: Draft, text: str, _: int, known: Known, __: ParsedOrder | None) -> Step:
    return resume(set_address(draft, text), known)


def _model(draft: Draft, text: str, index: int, known: Known, parsed: ParsedOrder | None) -> Step:
    assert draft.awaiting is not None
    shown = step(draft, Ask(draft.awaiting, index), known)
    return replace(shown, models=search_models(text, known.catalog, parsed))


def _client_query(draft: Draft, text: str, _: int, known: Known, __: ParsedOrder | None) -> Step:
    _client_may_change(draft)
    if len(text) > MAX_CLIENT_QUERY:
        raise InvalidInput("order-client-query-long", limit=MAX_CLIENT_QUERY)
    draft = replace(draft, client_query=" ".join(text.split()))
    return step(draft, Ask(Field.CLIENT), known)


_ANSWERS: Mapping[Field, Answering] = {
    Field.QTY: _qty,
    Field.DEADLINE: _deadline,
    Field.ADDRESS: _address,
    Field.MODEL: _model,
    Field.POSITIONS: _model,
    Field.CLIENT: _client_query,
}


def answer(draft: Draft, text: str, known: Known, parsed: ParsedOrder | None = None) -> Step:
    """Typed text as the answer to the question asked (`draft.awaiting`; not TEXT: a text
    that is an order is started anew). `parsed`: the text read by the parser (READ_BY_PARSER)."""
    assert draft.awaiting not in (None, Field.TEXT)
    index = draft.position if draft.position is not None else -1
    answering = _ANSWERS.get(draft.awaiting)
    if answering is None:
        return resume(draft, known)
    return answering(draft, text, index, known, parsed)


# --- buttons ------------------------------------------------------------------------------

Choosing = Callable[[Draft, Pick, Known], Step]


def _ask(draft: Draft, pick: Pick, known: Known) -> Step:
    field = _field(pick.value)
    if field is Field.CLIENT:
        _client_may_change(draft)
    return step(draft, Ask(field, pick.position), known)


def _preview(draft: Draft, _: Pick, known: Known) -> Step:
    return step(draft, None, known)


def _next(draft: Draft, _: Pick, known: Known) -> Step:
    return resume(draft, known)


def _variant(draft: Draft, pick: Pick, known: Known) -> Step:
    field = Field(pick.choice.value)
    return resume(set_variant(draft, pick.position, field, _int(pick.value), known.catalog), known)


def _catalog_model(draft: Draft, pick: Pick, known: Known) -> Step:
    return resume(set_model(draft, pick.position, pick.value, known.catalog), known)


def _remove(draft: Draft, pick: Pick, known: Known) -> Step:
    return resume(remove_position(draft, pick.position, known.catalog), known)


def _price(draft: Draft, pick: Pick, known: Known) -> Step:
    ids = frozenset(c.id for c in known.company.price_categories)
    return resume(set_price(draft, pick.value, ids, known.catalog), known)


def _client(draft: Draft, pick: Pick, known: Known) -> Step:
    _client_may_change(draft)
    _int(pick.value)
    if pick.client is None:
        raise NotFound("client-not-found")
    return resume(set_client(draft, pick.client.counterparty_id, pick.client.name), known)


def _new_client(draft: Draft, pick: Pick, known: Known) -> Step:
    """A new card for the client (made when the order is placed), unless it may be a card
    already on file: then those are offered, and pressing "create" again creates it."""
    _client_may_change(draft)
    if pick.look_alikes:
        shown = step(draft, Ask(Field.CLIENT), known)
        return replace(
            shown, clients=pick.look_alikes, new_client=pick.new_client_name, look_alikes=True
        )
    if pick.new_client is None:
        raise InvalidInput("order-client-name-needed")
    return resume(set_new_client(draft, pick.new_client), known)


def _delivery(draft: Draft, pick: Pick, known: Known) -> Step:
    return resume(set_delivery(draft, pick.value, None), known)


def _carrier(draft: Draft, pick: Pick, known: Known) -> Step:
    carriers, index = known.company.transport_companies, _int(pick.value)
    if not 0 <= index < len(carriers):
        raise InvalidInput("order-choice-gone")
    return resume(set_delivery(draft, "transport_company", carriers[index].name), known)


def _deadline_day(draft: Draft, pick: Pick, known: Known) -> Step:
    deadline = None if pick.value == "none" else _date(pick.value)
    return resume(set_deadline(draft, deadline, known.today), known)


def _payment(draft: Draft, pick: Pick, known: Known) -> Step:
    return resume(set_payment(draft, pick.value), known)


def _urgent(draft: Draft, _: Pick, known: Known) -> Step:
    return resume(toggle_urgent(draft), known)


_CHOICES: Mapping[Choice, Choosing] = {
    Choice.ASK: _ask,
    Choice.PREVIEW: _preview,
    Choice.NEXT: _next,
    Choice.COLOUR: _variant,
    Choice.SIZE: _variant,
    Choice.HEIGHT: _variant,
    Choice.MODEL: _catalog_model,
    Choice.REMOVE: _remove,
    Choice.PRICE: _price,
    Choice.CLIENT: _client,
    Choice.NEW_CLIENT: _new_client,
    Choice.DELIVERY: _delivery,
    Choice.CARRIER: _carrier,
    Choice.DEADLINE: _deadline_day,
    Choice.PAYMENT: _payment,
    Choice.URGENT: _urgent,
}


def choose(draft: Draft, pick: Pick, known: Known) -> Step:
    """A button: set a value and go on, or open a question / the preview."""
    return _CHOICES[pick.choice](draft, pick, known)


# --- checks -------------------------------------------------------------------------------


def _client_may_change(draft: Draft) -> None:
    """A client's own order (theirs, or one a manager completes) stays that client's."""
    if draft.client_is_fixed:
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
