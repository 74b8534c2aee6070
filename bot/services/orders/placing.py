"""Placing a manager's order: the confirmed draft becomes an Order with its positions, the
client's timeline gets the event, the departments get their tasks; one commit.

The draft is checked first (confirming.check_draft), then written: a new order, or a
client's order the manager completed, its positions replaced and confirmed with them. A
client's own draft is submitted to their manager instead (client_orders.submit_order).
"""

from __future__ import annotations

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden
from bot.domain.roles import Action, require
from bot.domain.tasks.flow import OrderStatus, confirm_order, parse_order_status
from bot.services import outbox
from bot.services.catalog import CatalogCache
from bot.services.orders import approvals, client_cards, client_orders
from bot.services.orders.confirming import (
    DuplicateSuspected,
    OrderPlaced,
    PlaceOrder,
    check_draft,
    close_draft,
)
from bot.services.orders.records import OrderEvent, log_event, order_params, write_order
from bot.services.outbox import Priority
from bot.services.tasks import dispatch as order_tasks
from storage.models import Order
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def place_order(
    cmd: PlaceOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> OrderPlaced | DuplicateSuspected:
    """Write the order and its positions, log it, hand it to the departments; one commit."""
    require(cmd.actor, Action.PLACE_ORDER)  # staff only: a client's order goes to approval
    if cmd.draft.for_client:  # a client's own order is submitted, never placed directly
        raise Forbidden()
    actor, pending = cmd.actor, cmd.draft.pending_order_id
    checked = await check_draft(cmd.draft, uow, clock, cache)
    placed, now = checked.placed, checked.now
    if placed.repeats is not None:
        return DuplicateSuspected(placed.repeats, placed.draft)
    cp = await client_cards.card_to_place(uow, actor, placed.draft, now)
    if pending is not None:  # a client's order the manager changed
        order = await client_orders.pending_for_manager(actor, pending, uow)
        confirm_order(parse_order_status(order.status), order.number)
        await client_orders.decide(uow, order, OrderStatus.NEW, updated_at=now)
        await uow.orders.drop_positions(order.id)
    else:
        order = Order(number=await uow.orders.next_number(), counterparty_id=cp.id,
                      created_by_id=actor.user_id, created_at=now)  # fmt: skip
    order.status, order.manager_id = OrderStatus.NEW.value, actor.user_id
    positions = await write_order(uow, order, placed, checked.catalog, now)
    log_event(uow, order, positions, OrderEvent.CREATED, author_id=actor.user_id, at=now)
    params = order_params(order, positions, cp.name, cache.company)
    await order_tasks.dispatch_order(uow, order, positions, actor=actor, clock=clock)
    await outbox.send(
        uow,
        chat_id=actor.tg_user_id,
        view="order_placed",
        params=params,
        at=now,
        priority=Priority.INTERACTIVE,
        dedupe_key=f"order-placed:{order.id}",
    )
    if pending is not None:
        await approvals.tell_decided(uow, order, cp, params, actor, now, confirmed=True)
    await close_draft(uow, cmd, order.number, now)
    await uow.commit()
    log.info("order_placed", order_id=order.id, number=order.number, positions=len(positions))
    return OrderPlaced(order.id, order.number, OrderStatus.NEW)
