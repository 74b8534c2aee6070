"""A counterparty's open orders, as its card lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.roles import Action, Actor, can
from bot.domain.tasks.flow import FINISHED_ORDERS, OrderStatus
from storage.uow import UnitOfWork

# a client's order from "awaiting the manager" to "out for delivery" (not closed, not cancelled)
OPEN_ORDER_STATUSES: tuple[str, ...] = tuple(
    status.value for status in OrderStatus if status not in FINISHED_ORDERS
)
CARD_ORDERS = 10


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """One open order on the card."""

    order_id: int
    number: int
    status: str
    positions: int
    deadline_on: date | None
    can_open: bool  # the actor may open its card (their own order, or head/admin)


async def open_orders(
    actor: Actor, uow: UnitOfWork, counterparty_id: int
) -> tuple[Sequence[OrderSummary], int]:
    """The counterparty's open orders for its card: the newest CARD_ORDERS, oldest first, and
    how many older open orders there are besides."""
    orders = await uow.orders.of_counterparty(counterparty_id, OPEN_ORDER_STATUSES)
    any_order = can(actor, Action.MANAGE_ANY_ORDER)
    listed = orders[-CARD_ORDERS:]
    positions = await uow.orders.position_counts([o.id for o in listed])
    shown = [
        OrderSummary(
            order_id=o.id,
            number=o.number,
            status=o.status,
            positions=positions.get(o.id, 0),
            deadline_on=o.deadline_on,
            can_open=can(actor, Action.FOLLOW_ORDERS)
            and (any_order or o.manager_id == actor.user_id),
        )
        for o in listed
    ]
    return shown, len(orders) - len(shown)
