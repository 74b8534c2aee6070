"""An order being put together in a dialogue: the parse plus what the person chose since.

Pure (no database): the draft lives in the FSM data as JSON (`to_data` / `from_data`), so a
half-made order survives a restart. Every change goes through `recomplete`, which re-applies
the stock rule and recomputes what is still missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from bot.domain.catalog import Catalog, ModelMatch
from bot.domain.orders.parsed import (
    Delivery,
    DeliveryKind,
    ParsedOrder,
    ParsedPosition,
    Payment,
    PaymentKind,
    Service,
    UnknownModel,
    WorkKind,
)
from bot.domain.orders.rules import complete_order, validate_order

POSITION_FIELD = re.compile(r"^positions\[(\d+)\]\.(\w+)$")
# what a bad value written in the order is replaced by: nothing, then the question is asked
_CLEARS = {
    "error-order-qty": "qty",
    "error-order-colour": "colour",
    "error-order-size": "size",
    "error-order-height": "height",
}


class Field(StrEnum):
    CLIENT = "client"
    PRICE = "price"
    POSITIONS = "positions"  # there are none: ask for the first model
    MODEL = "model"
    COLOUR = "colour"
    SIZE = "size"
    HEIGHT = "height"
    QTY = "qty"
    DEADLINE = "deadline"
    DELIVERY = "delivery"
    ADDRESS = "address"
    PAYMENT = "payment"
    TEXT = "text"  # the order text itself (after a bare /order)


# fields a person answers by typing; the rest are buttons
TYPED = frozenset({Field.CLIENT, Field.MODEL, Field.POSITIONS, Field.QTY, Field.DEADLINE,
                   Field.ADDRESS, Field.TEXT})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in what was written: `field` like "positions[0].size" or "deadline"."""

    field: str
    key: str
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class NewClient:
    name: str
    inn: str | None = None


@dataclass(frozen=True, slots=True)
class Ask:
    field: Field
    position: int | None = None
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    text: str
    order: ParsedOrder
    counterparty_id: int | None = None
    client_name: str | None = None
    new_client: NewClient | None = None
    client_query: str | None = None  # what was typed to find the client
    for_client: bool = False  # a client's own order: no client and price questions
    pending_order_id: int | None = None  # a client's order the manager completes
    duplicate: int | None = None  # number of the same order placed a moment ago (warned)
    problems: tuple[Problem, ...] = ()
    awaiting: Field | None = None  # what typed text answers now
    position: int | None = None  # the position asked about / edited (-1: a new one)

    @property
    def has_client(self) -> bool:
        return self.counterparty_id is not None or self.new_client is not None

    @property
    def client_is_fixed(self) -> bool:
        """A client's own order (theirs, or one a manager completes) stays that client's."""
        return self.for_client or self.pending_order_id is not None

    def problem(self, field: str) -> Problem | None:
        return next((p for p in self.problems if p.field == field), None)


# --- questions ----------------------------------------------------------------------------


def next_ask(draft: Draft) -> Ask | None:
    """The first thing still to ask (order-level first, as `missing`), or None: preview."""
    if not draft.for_client and not draft.has_client:
        return Ask(Field.CLIENT, problem=draft.problem("client"))
    for entry in draft.order.missing:
        if entry == "client" or (entry == "price_category" and draft.for_client):
            continue
        if entry == "price_category":
            return Ask(Field.PRICE)
        m = POSITION_FIELD.match(entry)
        if m is not None:
            index, name = int(m.group(1)), m.group(2)
            return Ask(Field(name), index, draft.problem(entry))
    if not draft.order.positions:
        return Ask(Field.POSITIONS)
    if draft.problem("deadline") is not None:
        return Ask(Field.DEADLINE, problem=draft.problem("deadline"))
    return None


# --- building and completing --------------------------------------------------------------


def new_draft(
    draft_id: str,
    text: str,
    order: ParsedOrder,
    catalog: Catalog,
    today: date,
    *,
    client: tuple[int, str] | None = None,
    for_client: bool = False,
    duplicate: int | None = None,
) -> Draft:
    """A draft from a fresh parse: bad values written in the text become questions.
    `client`: the card (id, name) it is for; `for_client`: a client's own order (nothing
    written wrong is asked about then); `duplicate`: the number of the same text placed a
    moment ago."""
    draft = Draft(draft_id, text, order, duplicate=duplicate)
    problems: list[Problem] = []
    positions = list(order.positions)
    deadline = order.deadline
    for error in validate_order(order, catalog, today=today):
        params = dict(error.params)
        index = params.get("position")
        if error.key in _CLEARS and isinstance(index, int):
            positions[index] = with_value(positions[index], _CLEARS[error.key], None)
            problems.append(Problem(f"positions[{index}].{_CLEARS[error.key]}", error.key, params))
        elif error.key == "error-order-deadline-past":
            deadline = None
            problems.append(Problem("deadline", error.key, params))
        elif error.key == "error-order-logo-impossible" and isinstance(index, int):
            problems.append(Problem(f"positions[{index}].logo", error.key, params))
        elif error.key == "error-order-client-unknown":
            problems.append(Problem("client", error.key, params))
    order = replace(order, positions=tuple(positions), deadline=deadline)
    draft = recomplete(replace(draft, order=order, problems=tuple(problems)), catalog)
    if client is not None:
        draft = set_client(draft, *client)
    return replace(draft, for_client=True, problems=()) if for_client else draft


def set_client(draft: Draft, counterparty_id: int, name: str) -> Draft:
    problems = tuple(p for p in draft.problems if p.field != "client")
    return replace(
        draft,
        counterparty_id=counterparty_id,
        client_name=name,
        new_client=None,
        problems=problems,
    )


def as_clients_own(draft: Draft, counterparty_id: int, name: str) -> Draft:
    """A client's draft: always theirs, for their own company, to be approved by a manager
    (whatever the draft said before)."""
    problems = tuple(p for p in draft.problems if p.field != "client")
    return replace(
        draft,
        for_client=True,
        counterparty_id=counterparty_id,
        client_name=name,
        new_client=None,
        client_query=None,
        pending_order_id=None,
        problems=problems,
    )


def set_new_client(draft: Draft, client: NewClient) -> Draft:
    problems = tuple(p for p in draft.problems if p.field != "client")
    return replace(
        draft,
        counterparty_id=None,
        client_name=client.name,
        new_client=client,
        problems=problems,
    )


def recomplete(draft: Draft, catalog: Catalog) -> Draft:
    return replace(draft, order=complete_order(draft.order, catalog))


def unknown_models(draft: Draft) -> list[tuple[int, UnknownModel]]:
    """Positions naming something outside the catalog (they go to supply), with look-alikes."""
    out = []
    for i, p in enumerate(draft.order.positions):
        if p.sku is not None or p.is_model_unclear or p.is_made:
            continue
        found = next((u for u in draft.order.unknown_models if u.text == p.model), None)
        if found is not None:
            out.append((i, found))
    return out


def with_value(p: ParsedPosition, name: str, value: str | None) -> ParsedPosition:
    """The position with one variant field set (or, for `qty`, cleared)."""
    if name == "colour":
        return replace(p, colour=value)
    if name == "size":
        return replace(p, size=value)
    if name == "height":
        return replace(p, height=value)
    if name == "qty":
        return replace(p, qty=None)
    raise ValueError(name)


# --- JSON ---------------------------------------------------------------------------------


def to_data(draft: Draft) -> dict[str, Any]:
    order = draft.order.to_dict()
    for data, p in zip(order["positions"], draft.order.positions, strict=True):
        data["service"] = p.service.value if p.service else None
        data["logo"] = p.is_logo_requested
        data["unclear"] = p.is_model_unclear
    return {
        "v": 1,
        "id": draft.id,
        "text": draft.text,
        "order": order,
        "counterparty_id": draft.counterparty_id,
        "client_name": draft.client_name,
        "new_client": (
            {"name": draft.new_client.name, "inn": draft.new_client.inn}
            if draft.new_client
            else None
        ),
        "client_query": draft.client_query,
        "for_client": draft.for_client,
        "pending_order_id": draft.pending_order_id,
        "duplicate": draft.duplicate,
        "problems": [
            {"field": p.field, "key": p.key, "params": dict(p.params)} for p in draft.problems
        ],
        "awaiting": draft.awaiting.value if draft.awaiting else None,
        "position": draft.position,
    }


def from_data(data: Mapping[str, Any]) -> Draft:
    o = data["order"]
    new_client = data.get("new_client")
    return Draft(
        id=str(data["id"]),
        text=str(data.get("text", "")),
        order=ParsedOrder(
            client=o["client"],
            client_id=o["client_id"],
            inn=o["inn"],
            positions=tuple(_position_from(p) for p in o["positions"]),
            price_category=o["price_category"],
            work=tuple(WorkKind(w) for w in o["work"]),
            delivery=Delivery(**{**o["delivery"], "kind": DeliveryKind(o["delivery"]["kind"])})
            if o["delivery"]
            else None,
            deadline=date.fromisoformat(o["deadline"]) if o["deadline"] else None,
            urgent=bool(o["urgent"]),
            payment=Payment(**{**o["payment"], "kind": PaymentKind(o["payment"]["kind"])})
            if o["payment"]
            else None,
            missing=tuple(o["missing"]),
            unknown_models=tuple(
                UnknownModel(
                    u["text"],
                    tuple(ModelMatch(s["sku"], s["model"], s["score"]) for s in u["suggestions"]),
                )
                for u in o.get("unknown_models", ())
            ),
        ),
        counterparty_id=data.get("counterparty_id"),
        client_name=data.get("client_name"),
        new_client=NewClient(new_client["name"], new_client.get("inn")) if new_client else None,
        client_query=data.get("client_query"),
        for_client=bool(data.get("for_client")),
        pending_order_id=data.get("pending_order_id"),
        duplicate=data.get("duplicate"),
        problems=tuple(
            Problem(p["field"], p["key"], p.get("params", {})) for p in data.get("problems", ())
        ),
        awaiting=Field(data["awaiting"]) if data.get("awaiting") else None,
        position=data.get("position"),
    )


def _position_from(p: Mapping[str, Any]) -> ParsedPosition:
    return ParsedPosition(
        model=p["model"],
        sku=p["sku"],
        colour=p["colour"],
        size=p["size"],
        height=p["height"],
        qty=p["qty"],
        unit=p["unit"],
        work=tuple(WorkKind(w) for w in p["work"]),
        service=Service(p["service"]) if p.get("service") else None,
        is_logo_requested=bool(p.get("logo")),
        is_model_unclear=bool(p.get("unclear")),
    )
