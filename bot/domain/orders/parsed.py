"""What an order message says, as parsed: the shape of `expected` in orders.jsonl.

`to_dict()` gives exactly that shape (plus `unknown_models`), so a parse can be compared with
the sample data and stored as JSON in an FSM state or a draft row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from bot.domain.catalog import ModelMatch


class WorkKind(StrEnum):
    STOCK = "stock"
    PROCURE = "procure"
    LOGO = "logo"
    TAILORING = "tailoring"
    MANUFACTURE = "manufacture"


WORK_ORDER: tuple[WorkKind, ...] = tuple(WorkKind)


class Service(StrEnum):
    """Workshop service asked for a position."""

    MADE_TO_MEASURE = "made_to_measure"  # пошив по меркам: tailoring only, nothing from stock
    ALTERATION = "alteration"  # укоротить, подогнать: stock rule + tailoring
    MANUFACTURE = "manufacture"  # сшить, изготовить по образцу


class DeliveryKind(StrEnum):
    OWN_DRIVER = "own_driver"
    TRANSPORT_COMPANY = "transport_company"
    PICKUP = "pickup"


class PaymentKind(StrEnum):
    PREPAYMENT = "prepayment"
    DEFERRAL = "deferral"
    ON_DELIVERY = "on_delivery"


@dataclass(frozen=True, slots=True)
class SlotChoice:
    """A slot the parser could not fill with confidence and the values that would fit it.

    `field` is a position field ("model", "colour", "size", "height"); `values` are catalog
    values (SKUs for "model"), best first: the dialogue can offer one button per value.
    """

    field: str
    values: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "values": list(self.values)}


@dataclass(frozen=True, slots=True)
class ParsedPosition:
    model: str
    sku: str | None
    colour: str | None
    size: str | None
    height: str | None
    qty: int | None
    unit: str
    work: tuple[WorkKind, ...] = ()
    service: Service | None = None
    is_logo_requested: bool = False
    is_model_unclear: bool = False  # several catalog models fit ("сапоги"): ask which
    # Fields whose value the parser inferred rather than read ("синий" → the model's only blue
    # "тёмно-синий/васильковый"): the preview shows them as assumed. Metadata about how a value
    # was obtained, so it takes no part in equality.
    assumed: tuple[str, ...] = field(default=(), compare=False)
    # Slots left empty because several values fit, with those values (a button per value).
    candidates: tuple[SlotChoice, ...] = field(default=(), compare=False)

    @property
    def is_made(self) -> bool:
        """Made to measure or manufactured: not taken from stock, no sizes to ask for."""
        return self.service in (Service.MADE_TO_MEASURE, Service.MANUFACTURE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "sku": self.sku,
            "colour": self.colour,
            "size": self.size,
            "height": self.height,
            "qty": self.qty,
            "unit": self.unit,
            "work": [str(w) for w in self.work],
            "assumed": list(self.assumed),
            "candidates": [c.to_dict() for c in self.candidates],
        }

    def choices(self, name: str) -> tuple[str, ...]:
        """The candidate values recorded for a slot (empty when none)."""
        return next((c.values for c in self.candidates if c.field == name), ())


@dataclass(frozen=True, slots=True)
class Delivery:
    kind: DeliveryKind
    carrier: str | None = None
    city: str | None = None
    address: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "carrier": self.carrier,
            "city": self.city,
            "address": self.address,
        }


@dataclass(frozen=True, slots=True)
class Payment:
    kind: PaymentKind
    days: int | None = None
    percent: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "days": self.days, "percent": self.percent}


@dataclass(frozen=True, slots=True)
class UnknownModel:
    """Words that looked like a position but name no catalog model, with the closest models."""

    text: str
    suggestions: tuple[ModelMatch, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "suggestions": [
                {"sku": s.sku, "model": s.model, "score": s.score} for s in self.suggestions
            ],
        }


@dataclass(frozen=True, slots=True)
class ParsedOrder:
    client: str | None
    client_id: str | None
    inn: str | None
    positions: tuple[ParsedPosition, ...]
    price_category: str | None
    work: tuple[WorkKind, ...]
    delivery: Delivery | None
    deadline: date | None
    urgent: bool
    payment: Payment | None
    missing: tuple[str, ...]
    unknown_models: tuple[UnknownModel, ...] = field(default=())

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "client_id": self.client_id,
            "inn": self.inn,
            "positions": [p.to_dict() for p in self.positions],
            "price_category": self.price_category,
            "work": [str(w) for w in self.work],
            "delivery": self.delivery.to_dict() if self.delivery else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "urgent": self.urgent,
            "payment": self.payment.to_dict() if self.payment else None,
            "missing": list(self.missing),
            "unknown_models": [u.to_dict() for u in self.unknown_models],
        }
