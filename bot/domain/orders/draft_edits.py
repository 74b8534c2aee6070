"""Changes to a draft: every value a person picks or types, checked, then `recomplete`d.

Pure, like order_drafts: a change returns a new draft or raises `InvalidInput`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.errors import InvalidInput
from bot.domain.orders.dates import find_deadline
from bot.domain.orders.draft import (
    POSITION_FIELD,
    Draft,
    Field,
    recomplete,
    with_value,
)
from bot.domain.orders.lexicon import NUMBER_PHRASE_RE, fold, number_phrase_value
from bot.domain.orders.parsed import (
    Delivery,
    DeliveryKind,
    ParsedPosition,
    Payment,
    PaymentKind,
    Service,
)
from bot.domain.orders.rules import MAX_QTY

MAX_ADDRESS = 300
MAX_POSITIONS = 60
_QTY_RE = re.compile(r"^\s*([+-]?\d[\d \u00a0]*)\s*(?:шт\w*|пар\w*|компл\w*|ед\w*)?\.?\s*$")


# --- changes ------------------------------------------------------------------------------


def _position(draft: Draft, index: int) -> ParsedPosition:
    if not 0 <= index < len(draft.order.positions):
        raise InvalidInput("order-position-gone")
    return draft.order.positions[index]


def _item(draft: Draft, index: int, catalog: Catalog) -> CatalogItem:
    p = _position(draft, index)
    item = catalog.get(p.sku) if p.sku else None
    if item is None:
        raise InvalidInput("order-position-not-in-catalog", position=index + 1)
    return item


def _with_position(
    draft: Draft, index: int, position: ParsedPosition, catalog: Catalog, *fields: str
) -> Draft:
    positions = list(draft.order.positions)
    positions[index] = position
    solved = {f"positions[{index}].{f}" for f in fields}
    problems = tuple(p for p in draft.problems if p.field not in solved)
    order = replace(draft.order, positions=tuple(positions))
    return recomplete(replace(draft, order=order, problems=problems), catalog)


def _pick(values: tuple[str, ...], choice: int) -> str:
    if not 0 <= choice < len(values):
        raise InvalidInput("order-choice-gone")
    return values[choice]


def set_variant(draft: Draft, index: int, field: Field, choice: int, catalog: Catalog) -> Draft:
    """Colour, size or height by its place in the model's catalog list."""
    item = _item(draft, index, catalog)
    values = {Field.COLOUR: item.colours, Field.SIZE: item.sizes, Field.HEIGHT: item.heights}
    if field not in values:
        raise InvalidInput("order-choice-gone")
    value = _pick(values[field], choice)
    position = with_value(_position(draft, index), str(field), value)
    return _with_position(draft, index, position, catalog, str(field))


def parse_qty(text: str) -> int:
    low = fold(text.strip())
    m = _QTY_RE.match(low)
    if m is not None:
        qty = int(re.sub(r"\D", "", m.group(1)) or "0") * (-1 if "-" in m.group(1) else 1)
    else:
        phrase = NUMBER_PHRASE_RE.fullmatch(low.removesuffix(" шт").strip())
        value = number_phrase_value(phrase.group(0)) if phrase else None
        if value is None:
            raise InvalidInput("order-qty-not-number")
        qty = value
    if qty <= 0:
        raise InvalidInput("order-qty-not-positive")
    if qty > MAX_QTY:
        raise InvalidInput("order-qty-too-large", qty=qty, limit=MAX_QTY)
    return qty


def set_qty(draft: Draft, index: int, qty: int, catalog: Catalog) -> Draft:
    position = replace(_position(draft, index), qty=qty)
    return _with_position(draft, index, position, catalog, "qty")


def _fitted(position: ParsedPosition, item: CatalogItem) -> ParsedPosition:
    """The position moved to another model: keep what the new model has, drop the rest."""
    colour = position.colour if position.colour in item.colours else None
    if colour is None and len(item.colours) == 1:
        colour = item.colours[0]
    return replace(
        position,
        model=item.model,
        sku=item.sku,
        unit=item.unit,
        colour=colour,
        size=position.size if position.size in item.sizes else None,
        height=position.height if position.height in item.heights else None,
        is_model_unclear=False,
        service=None if position.service is Service.MANUFACTURE else position.service,
        is_logo_requested=position.is_logo_requested and item.is_logo_possible,
    )


def set_model(draft: Draft, index: int, sku: str, catalog: Catalog) -> Draft:
    """The catalog model for a position; index -1 adds a new position with it."""
    item = catalog.get(sku)
    if item is None:
        raise InvalidInput("order-choice-gone")
    if index < 0:
        if len(draft.order.positions) >= MAX_POSITIONS:
            raise InvalidInput("order-too-many-positions", limit=MAX_POSITIONS)
        blank = ParsedPosition(item.model, item.sku, None, None, None, None, item.unit)
        order = replace(draft.order, positions=(*draft.order.positions, _fitted(blank, item)))
        return recomplete(replace(draft, order=order), catalog)
    position = _fitted(_position(draft, index), item)
    fields = ("model", "colour", "size", "height", "logo")
    return _with_position(draft, index, position, catalog, *fields)


def remove_position(draft: Draft, index: int, catalog: Catalog) -> Draft:
    _position(draft, index)
    positions = tuple(p for i, p in enumerate(draft.order.positions) if i != index)
    problems = []
    for problem in draft.problems:
        m = POSITION_FIELD.match(problem.field)
        if m is None:
            problems.append(problem)
        elif int(m.group(1)) != index:
            shifted = int(m.group(1)) - (int(m.group(1)) > index)
            problems.append(replace(problem, field=f"positions[{shifted}].{m.group(2)}"))
    order = replace(draft.order, positions=positions)
    return recomplete(replace(draft, order=order, problems=tuple(problems)), catalog)


def set_price(draft: Draft, category: str, known: frozenset[str], catalog: Catalog) -> Draft:
    if category not in known:
        raise InvalidInput("order-choice-gone")
    return recomplete(replace(draft, order=replace(draft.order, price_category=category)), catalog)


def set_delivery(draft: Draft, kind: str, carrier: str | None) -> Draft:
    if kind == "none":
        delivery = None
    else:
        try:
            delivery_kind = DeliveryKind(kind)
        except ValueError:
            raise InvalidInput("order-choice-gone") from None
        old = draft.order.delivery
        delivery = Delivery(
            delivery_kind,
            carrier if delivery_kind is DeliveryKind.TRANSPORT_COMPANY else None,
            old.city if old and delivery_kind is not DeliveryKind.PICKUP else None,
            old.address if old and delivery_kind is not DeliveryKind.PICKUP else None,
        )
    return replace(draft, order=replace(draft.order, delivery=delivery))


def set_address(draft: Draft, text: str) -> Draft:
    address = " ".join(text.split())
    if not address:
        raise InvalidInput("order-address-empty")
    if len(address) > MAX_ADDRESS:
        raise InvalidInput("order-address-too-long", limit=MAX_ADDRESS)
    old = draft.order.delivery
    if old is None or old.kind is DeliveryKind.PICKUP:
        delivery = Delivery(DeliveryKind.OWN_DRIVER, None, None, address)
    else:
        delivery = replace(old, address=address)
    return replace(draft, order=replace(draft.order, delivery=delivery))


def parse_deadline(text: str, today: date) -> date:
    found = find_deadline(fold(text.strip()), today, [])
    if found is None:
        raise InvalidInput("order-deadline-unreadable")
    if found < today:
        raise InvalidInput("order-deadline-past-typed", deadline=found.strftime("%d.%m.%Y"))
    return found


def set_deadline(draft: Draft, deadline: date | None, today: date) -> Draft:
    if deadline is not None and deadline < today:
        raise InvalidInput("order-deadline-past-typed", deadline=deadline.strftime("%d.%m.%Y"))
    problems = tuple(p for p in draft.problems if p.field != "deadline")
    return replace(draft, order=replace(draft.order, deadline=deadline), problems=problems)


PAYMENT_PRESETS: Mapping[str, Payment | None] = {
    "none": None,
    "pre100": Payment(PaymentKind.PREPAYMENT, percent=100),
    "pre50": Payment(PaymentKind.PREPAYMENT, percent=50),
    "fact": Payment(PaymentKind.ON_DELIVERY),
    "d7": Payment(PaymentKind.DEFERRAL, days=7),
    "d14": Payment(PaymentKind.DEFERRAL, days=14),
    "d30": Payment(PaymentKind.DEFERRAL, days=30),
}


def set_payment(draft: Draft, preset: str) -> Draft:
    if preset not in PAYMENT_PRESETS:
        raise InvalidInput("order-choice-gone")
    return replace(draft, order=replace(draft.order, payment=PAYMENT_PRESETS[preset]))


def toggle_urgent(draft: Draft) -> Draft:
    return replace(draft, order=replace(draft.order, urgent=not draft.order.urgent))
