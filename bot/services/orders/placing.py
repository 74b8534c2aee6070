"""Placing an order: the confirmed draft becomes an Order with its positions, the client's
timeline gets the event, the departments get their tasks (order_tasks); one commit.

A client's draft becomes an order awaiting their manager instead (client_orders).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import structlog

from bot.clock import Clock
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.orders.draft import Draft
from bot.domain.roles import Action, Actor, Role, require
from bot.domain.tasks.flow import OrderStatus, confirm_order, parse_order_status
from bot.services import outbox
from bot.services.catalog import CatalogCache
from bot.services.counterparties import directory as clients
from bot.services.orders import client_orders
from bot.services.orders.records import (
    OrderEvent,
    fill_order,
    flush_numbered,
    local_today,
    log_event,
    order_params,
    position_rows,
    ready_draft,
    recent_duplicate,
)
from bot.services.outbox import Priority
from bot.services.tasks import dispatch as order_tasks
from storage.models import Counterparty, Order
from storage.uow import UnitOfWork

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    actor: Actor
    draft: Draft


@dataclass(frozen=True, slots=True)
class OrderPlaced:
    order_id: int
    number: int
    status: OrderStatus
    confirmer: str | None = None  # a client's order: who will confirm it


@dataclass(frozen=True, slots=True)
class DuplicateSuspected:
    """The same text became an order a moment ago: nothing written, the person is asked."""

    number: int
    draft: Draft


async def place_order(
    cmd: PlaceOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> OrderPlaced | DuplicateSuspected:
    """Write the order and its positions, log it, hand it to the departments; one commit.

    A client's draft becomes an order awaiting their manager (client_orders) instead.
    """
    require(cmd.actor, Action.PLACE_ORDER)
    catalog = await cache.catalog(uow)
    now = clock.now()
    draft = ready_draft(cmd.draft, catalog, local_today(clock, cache.company))
    duplicate = await recent_duplicate(uow, draft, now, exclude_id=draft.pending_order_id)
    if duplicate is not None and duplicate.number != draft.duplicate:
        return DuplicateSuspected(duplicate.number, replace(draft, duplicate=duplicate.number))
    if draft.for_client:
        order, confirmer = await client_orders.submit(cmd.actor, draft, uow, clock, cache)
        await uow.commit()
        return OrderPlaced(order.id, order.number, OrderStatus.AWAITING_MANAGER, confirmer)
    cp = await _counterparty(cmd.actor, draft, uow, clock)
    if draft.pending_order_id is not None:  # a client's order the manager changed
        order = await client_orders.pending_for_manager(cmd.actor, draft.pending_order_id, uow)
        confirm_order(parse_order_status(order.status), order.number)
        await uow.orders.drop_positions(order.id)
    else:
        order = Order(
            number=await uow.orders.next_number(),
            counterparty_id=cp.id,
            created_by_id=cmd.actor.user_id,
            created_at=now,
        )
        uow.orders.add(order)
    fill_order(order, draft.order, draft, now)
    order.status, order.manager_id = OrderStatus.NEW.value, cmd.actor.user_id
    await flush_numbered(uow)
    positions = position_rows(order.id, draft.order.positions, catalog, order.price_category)
    uow.orders.add_positions(positions)
    await uow.flush()
    log_event(uow, order, positions, OrderEvent.CREATED, author_id=cmd.actor.user_id, at=now)
    await order_tasks.dispatch_order(uow, order, positions, actor=cmd.actor, clock=clock)
    params = order_params(order, positions, cp.name, cache.company)
    await outbox.send(
        uow,
        chat_id=cmd.actor.tg_user_id,
        view="order_placed",
        params=params,
        at=now,
        priority=Priority.INTERACTIVE,
        dedupe_key=f"order-placed:{order.id}",
    )
    if draft.pending_order_id is not None:
        await client_orders.tell_confirmed(uow, order, positions, cp, cmd.actor, now, cache)
    await uow.commit()
    log.info("order_placed", order_id=order.id, number=order.number, positions=len(positions))
    return OrderPlaced(order.id, order.number, OrderStatus.NEW)


async def _counterparty(actor: Actor, draft: Draft, uow: UnitOfWork, clock: Clock) -> Counterparty:
    if draft.counterparty_id is not None:
        cp = await uow.counterparties.find(draft.counterparty_id)
        if cp is None:
            raise NotFound("order-client-gone")
        return cp
    if draft.new_client is None:
        raise InvalidInput("order-incomplete")
    require(actor, Action.EDIT_COUNTERPARTY)
    fields = clients.validate_new(draft.new_client.name, draft.new_client.inn or "")
    await clients.check_duplicates(uow, fields, confirmed_new=True)  # an INN on file: Conflict
    if actor.role is Role.MANAGER:
        fields = replace(fields, manager_id=actor.user_id)
    cp = await clients.add_counterparty(uow, fields, actor, clock.now())
    log.info("order_client_created", counterparty_id=cp.id)
    return cp
