"""Writing an order: the Order and OrderPosition rows, its interaction, its summary for views.

Shared by placing and a client's order (client_orders); nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.domain.catalog import Catalog
from bot.domain.company import CompanyConfig
from bot.domain.errors import TryAgain
from bot.domain.orders.draft import Draft
from bot.domain.orders.parsed import ParsedOrder, ParsedPosition
from bot.domain.orders.placing import Placement
from bot.domain.tasks.flow import OrderStatus as OrderStatus  # noqa: PLC0414 - re-exported
from storage.models import Interaction, Order, OrderPosition
from storage.uow import UnitOfWork

MAX_TOPIC = 1000


class OrderEvent(StrEnum):
    """Interaction forms of order events in the client's timeline."""

    SUBMITTED = "order_submitted"  # a client sent an order for the manager to confirm
    CREATED = "order_created"
    REJECTED = "order_rejected"


async def flush_numbered(uow: UnitOfWork) -> None:
    """Write a new order row. Numbers are max + 1: when another process took the same number
    a moment ago the insert fails, and the whole update is handled again (a fresh number)."""
    try:
        await uow.flush()
    except IntegrityError as exc:
        raise TryAgain from exc


async def write_order(
    uow: UnitOfWork, order: Order, placed: Placement, catalog: Catalog, now: datetime
) -> list[OrderPosition]:
    """The order row (new, or a client's order being replaced) as the draft says, and its
    positions priced from the catalog; flushed, so both have ids."""
    draft = placed.draft
    fill_order(order, draft.order, draft, now)
    order.text_hash = placed.text_hash
    uow.orders.add(order)
    await flush_numbered(uow)
    positions = position_rows(order.id, draft.order.positions, catalog, order.price_category)
    uow.orders.add_positions(positions)
    await uow.flush()
    return positions


def fill_order(order: Order, parsed: ParsedOrder, draft: Draft, now: datetime) -> None:
    delivery = parsed.delivery
    order.price_category = parsed.price_category
    order.delivery_kind = delivery.kind.value if delivery else None
    order.carrier = delivery.carrier if delivery else None
    order.city = delivery.city if delivery else None
    order.address = delivery.address[:300] if delivery and delivery.address else None
    order.deadline_on = parsed.deadline
    order.is_urgent = parsed.urgent
    order.payment = parsed.payment.to_dict() if parsed.payment else None
    order.source_text = draft.text
    order.updated_at = now


def position_rows(
    order_id: int,
    positions: Sequence[ParsedPosition],
    catalog: Catalog,
    price_category: str | None,
) -> list[OrderPosition]:
    rows = []
    for line_no, p in enumerate(positions, start=1):
        item = catalog.get(p.sku) if p.sku else None
        price = (
            item.prices_kopecks.get(price_category)
            if item is not None and price_category
            else None
        )
        assert p.qty is not None  # a complete draft has every quantity
        rows.append(
            OrderPosition(
                order_id=order_id,
                line_no=line_no,
                sku=p.sku,
                model=p.model[:200],
                colour=p.colour,
                size=p.size,
                height=p.height,
                qty=p.qty,
                unit=p.unit,
                work=[str(w) for w in p.work],
                price_kopecks=price,
            )
        )
    return rows


def log_event(
    uow: UnitOfWork,
    order: Order,
    positions: Sequence[OrderPosition],
    event: OrderEvent,
    *,
    author_id: int | None,
    at: datetime,
    contact_person_id: int | None = None,
) -> Interaction:
    interaction = Interaction(
        counterparty_id=order.counterparty_id,
        contact_person_id=contact_person_id,
        author_id=author_id,
        form=event.value,
        topic=summary_line(order.number, positions)[:MAX_TOPIC],
        order_id=order.id,
        occurred_at=at,
        created_at=at,
    )
    uow.interactions.add(interaction)
    return interaction


def summary_line(number: int, positions: Sequence[OrderPosition]) -> str:
    """ "№12: Костюм «Технолог» серый/красный 52-54/182-188 ×10 компл.; …" (data only)."""
    parts = []
    for p in positions:
        variant = "/".join(v for v in (p.size, p.height) if v)
        words = " ".join(w for w in (p.model, p.colour or "", variant) if w)
        parts.append(f"{words} ×{p.qty} {p.unit}")
    return f"№{number}: " + "; ".join(parts)


def positions_params(positions: Sequence[OrderPosition]) -> list[dict[str, Any]]:
    """What an outbox view needs to draw the positions."""
    return [
        {
            "model": p.model,
            "sku": p.sku,
            "colour": p.colour,
            "size": p.size,
            "height": p.height,
            "qty": p.qty,
            "unit": p.unit,
            "work": list(p.work),
        }
        for p in positions
    ]


def order_params(
    order: Order, positions: Sequence[OrderPosition], client: str, company: CompanyConfig
) -> dict[str, Any]:
    labels = {c.id: c.label for c in company.price_categories}
    return {
        "order_id": order.id,
        "number": order.number,
        "client": client,
        "price": labels.get(order.price_category or "", ""),
        "positions": positions_params(positions),
        "delivery": order.delivery_kind or "",
        "carrier": order.carrier or "",
        "address": ", ".join(v for v in (order.city, order.address) if v),
        "deadline": order.deadline_on.isoformat() if order.deadline_on else "",
        "urgent": order.is_urgent,
        "payment": dict(order.payment) if order.payment else None,
    }
