"""A registered client's own order: it waits for their manager, who confirms, completes or
declines it; the client is told either way (the cards and messages: approvals).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.orders.draft import Draft, recomplete
from bot.domain.orders.parsed import (
    Delivery,
    DeliveryKind,
    ParsedOrder,
    ParsedPosition,
    Payment,
    PaymentKind,
    WorkKind,
)
from bot.domain.roles import Action, Actor, Role, require
from bot.services.catalog import CatalogCache
from bot.services.orders import approvals
from bot.services.orders.client_cards import card_of, held_draft, own_card
from bot.services.orders.confirming import (
    DuplicateSuspected,
    OrderPlaced,
    PlaceOrder,
    check_draft,
    close_draft,
)
from bot.services.orders.records import (
    OrderEvent,
    OrderStatus,
    log_event,
    order_params,
    write_order,
)
from bot.services.tasks import dispatch as order_tasks
from storage.models import Counterparty, Order, OrderPosition
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def submit_order(
    cmd: PlaceOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> OrderPlaced | DuplicateSuspected:
    """The client's confirmed draft becomes an order awaiting their manager, for their own
    company whatever the draft says; one commit."""
    require(cmd.actor, Action.USE_CLIENT_PORTAL)
    draft = await held_draft(uow, cmd.actor, cmd.draft)
    checked = await check_draft(draft, uow, clock, cache)
    placed, now = checked.placed, checked.now
    if placed.repeats is not None:
        return DuplicateSuspected(placed.repeats, placed.draft)
    person, cp = await own_card(uow, cmd.actor)
    order = Order(
        number=await uow.orders.next_number(),
        counterparty_id=cp.id,
        manager_id=cp.manager_id,
        created_by_id=cmd.actor.user_id,
        status=OrderStatus.AWAITING_MANAGER.value,
        created_at=now,
    )
    positions = await write_order(uow, order, placed, checked.catalog, now)
    log_event(uow, order, positions, OrderEvent.SUBMITTED, author_id=cmd.actor.user_id, at=now,
              contact_person_id=person.id)  # fmt: skip
    params = order_params(order, positions, cp.name, cache.company) | {"from": person.full_name}
    confirmer = await approvals.ask_approval(uow, order, cp, params, cmd.actor, now)
    await close_draft(uow, cmd, order.number, now)
    await uow.commit()
    log.info("client_order_submitted", order_id=order.id, counterparty_id=cp.id)
    return OrderPlaced(order.id, order.number, OrderStatus.AWAITING_MANAGER, confirmer)


async def pending_for_manager(actor: Actor, order_id: int, uow: UnitOfWork) -> Order:
    """The client's order `actor` may decide on (their client, or they are head / admin)."""
    require(actor, Action.CONFIRM_CLIENT_ORDER)
    order = await uow.orders.get(order_id, for_update=True)
    if order.status != OrderStatus.AWAITING_MANAGER:
        raise InvalidTransition("order-already-decided", number=order.number)
    cp = await uow.counterparties.find(order.counterparty_id)
    if (
        actor.role is Role.MANAGER
        and cp is not None
        and cp.manager_id not in (None, actor.user_id)
    ):
        raise Forbidden("order-not-your-client")
    return order


async def decide(uow: UnitOfWork, order: Order, to: OrderStatus, **values: Any) -> None:
    """The decision on a client's order, taken once: a conditional update from
    `awaiting_manager`, the first write of the use case. Whoever comes second is told it was
    already decided, and nothing of theirs is written."""
    if not await uow.claim(order, OrderStatus.AWAITING_MANAGER.value, to.value, **values):
        raise InvalidTransition("order-already-decided", number=order.number)


@dataclass(frozen=True, slots=True)
class DecideClientOrder:
    actor: Actor
    order_id: int


@dataclass(frozen=True, slots=True)
class _Pending:
    """A client's order awaiting the manager, with what deciding on it needs."""

    order: Order
    client: Counterparty
    positions: Sequence[OrderPosition]


async def _pending(cmd: DecideClientOrder, uow: UnitOfWork) -> _Pending:
    order = await pending_for_manager(cmd.actor, cmd.order_id, uow)
    cp = await card_of(uow, order.counterparty_id)
    return _Pending(order, cp, await uow.orders.positions(order.id))


async def confirm_client_order(
    cmd: DecideClientOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Order:
    """Placed as if the manager sent it: tasks go out, the client is told."""
    pending = await _pending(cmd, uow)
    order, positions = pending.order, pending.positions
    if order.price_category is None:
        raise InvalidInput("order-approval-needs-price", number=order.number)
    now = clock.now()
    await decide(uow, order, OrderStatus.NEW, updated_at=now, manager_id=cmd.actor.user_id)
    log_event(uow, order, positions, OrderEvent.CREATED, author_id=cmd.actor.user_id, at=now)
    params = order_params(order, positions, pending.client.name, cache.company)
    await order_tasks.dispatch_order(uow, order, positions, actor=cmd.actor, clock=clock)
    await approvals.tell_decided(
        uow, order, pending.client, params, cmd.actor, now, confirmed=True
    )
    await uow.commit()
    log.info("client_order_confirmed", order_id=order.id)
    return order


async def reject_client_order(
    cmd: DecideClientOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Order:
    pending = await _pending(cmd, uow)
    order, positions = pending.order, pending.positions
    now = clock.now()
    await decide(uow, order, OrderStatus.CANCELLED, cancelled_at=now, updated_at=now)
    log_event(uow, order, positions, OrderEvent.REJECTED, author_id=cmd.actor.user_id, at=now)
    params = order_params(order, positions, pending.client.name, cache.company)
    await approvals.tell_decided(
        uow, order, pending.client, params, cmd.actor, now, confirmed=False
    )
    await uow.commit()
    log.info("client_order_rejected", order_id=order.id)
    return order


async def edit_client_order(cmd: DecideClientOrder, uow: UnitOfWork, cache: CatalogCache) -> Draft:
    """The client's order as a draft in the manager's dialogue; confirming it places it."""
    pending = await _pending(cmd, uow)
    order, cp = pending.order, pending.client
    catalog = await cache.catalog(uow)
    parsed = ParsedOrder(
        client=cp.name,
        client_id=str(cp.id),
        inn=cp.inn,
        positions=tuple(
            ParsedPosition(
                p.model,
                p.sku,
                p.colour,
                p.size,
                p.height,
                p.qty,
                p.unit,
                tuple(WorkKind(w) for w in p.work),
            )
            for p in pending.positions
        ),
        price_category=order.price_category,
        work=(),
        delivery=None,
        deadline=order.deadline_on,
        urgent=order.is_urgent,
        payment=None,
        missing=(),
    )
    draft = Draft(
        id=secrets.token_hex(3),
        text=order.source_text,
        order=parsed,
        counterparty_id=cp.id,
        client_name=cp.name,
        pending_order_id=order.id,
    )
    return recomplete(_with_terms(draft, order), catalog)


def _with_terms(draft: Draft, order: Order) -> Draft:
    """Delivery and payment as the order row has them."""
    delivery = (
        Delivery(DeliveryKind(order.delivery_kind), order.carrier, order.city, order.address)
        if order.delivery_kind
        else None
    )
    payment = None
    if order.payment:
        p = order.payment
        payment = Payment(PaymentKind(p["kind"]), p.get("days"), p.get("percent"))
    return replace(draft, order=replace(draft.order, delivery=delivery, payment=payment))
