"""A registered client's own order: it waits for their manager, who confirms, completes or
declines it; the client is told either way.

The manager (or, without one, the heads / admins) gets the order as a card with buttons through
the outbox; the card is edited in place once somebody decided.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
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
from bot.services import outbox
from bot.services.catalog import CatalogCache
from bot.services.counterparties import directory as clients
from bot.services.orders.records import (
    OrderEvent,
    OrderStatus,
    fill_order,
    flush_numbered,
    log_event,
    order_params,
    position_rows,
)
from bot.services.outbox import Priority
from bot.services.tasks import dispatch as order_tasks
from storage.models import ContactPerson, Counterparty, Order, OrderPosition, User
from storage.uow import UnitOfWork

log = structlog.get_logger()

APPROVAL_CARD = "order-approval:{order}:{user}"


async def counterparty_of(uow: UnitOfWork, actor: Actor) -> Counterparty:
    person = await _person(uow, actor)
    cp = await uow.counterparties.find(person.counterparty_id)
    if cp is None:
        raise NotFound("portal-not-linked")
    return cp


async def _person(uow: UnitOfWork, actor: Actor) -> ContactPerson:
    person = await uow.counterparties.person_of_user(actor.user_id) if actor.user_id else None
    if person is None:
        raise NotFound("portal-not-linked")
    return person


async def confirmers(uow: UnitOfWork, cp: Counterparty) -> list[User]:
    """Who decides on the client's order: their manager, else the heads (or admins)."""
    manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
    if manager is not None and manager.is_active and manager.tg_user_id is not None:
        return [manager]
    return [u for u in await clients.heads_or_admins(uow) if u.tg_user_id is not None]


async def submit(
    actor: Actor, draft: Draft, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> tuple[Order, str | None]:
    """The client's complete draft becomes an order awaiting the manager (no commit)."""
    require(actor, Action.USE_CLIENT_PORTAL)
    person = await _person(uow, actor)
    cp = await counterparty_of(uow, actor)
    catalog = await cache.catalog(uow)
    now = clock.now()
    order = Order(
        number=await uow.orders.next_number(),
        counterparty_id=cp.id,
        manager_id=cp.manager_id,
        created_by_id=actor.user_id,
        status=OrderStatus.AWAITING_MANAGER.value,
        created_at=now,
    )
    fill_order(order, draft.order, draft, now)
    uow.orders.add(order)
    await flush_numbered(uow)
    positions = position_rows(order.id, draft.order.positions, catalog, order.price_category)
    uow.orders.add_positions(positions)
    log_event(
        uow,
        order,
        positions,
        OrderEvent.SUBMITTED,
        author_id=actor.user_id,
        at=now,
        contact_person_id=person.id,
    )
    people = await confirmers(uow, cp)
    params = order_params(order, positions, cp.name, cache.company) | {"from": person.full_name}
    for user in people:
        assert user.tg_user_id is not None
        key = APPROVAL_CARD.format(order=order.id, user=user.id)
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view="order_for_approval",
            params=params,
            at=now,
            card_key=key,
            dedupe_key=key,
        )
    name = people[0].full_name if people else None
    await outbox.send(
        uow,
        chat_id=actor.tg_user_id,
        view="order_submitted",
        params={"number": order.number, "manager": name or ""},
        at=now,
        priority=Priority.INTERACTIVE,
        dedupe_key=f"order-submitted:{order.id}",
    )
    log.info("client_order_submitted", order_id=order.id, counterparty_id=cp.id)
    return order, name


async def pending_for_manager(actor: Actor, order_id: int, uow: UnitOfWork) -> Order:
    """The client's order `actor` may decide on (their client, or they are head / admin)."""
    require(actor, Action.CONFIRM_CLIENT_ORDER)
    order = await uow.orders.get(order_id, for_update=True)
    if order is None:
        raise NotFound("order-not-found")
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


@dataclass(frozen=True, slots=True)
class DecideClientOrder:
    actor: Actor
    order_id: int


async def confirm_client_order(
    cmd: DecideClientOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Order:
    """Placed as if the manager sent it: tasks go out, the client is told."""
    order = await pending_for_manager(cmd.actor, cmd.order_id, uow)
    if order.price_category is None:
        raise InvalidInput("order-approval-needs-price", number=order.number)
    now = clock.now()
    order.status, order.updated_at = OrderStatus.NEW.value, now
    order.manager_id = cmd.actor.user_id
    positions = await uow.orders.positions(order.id)
    cp = await _counterparty(uow, order)
    log_event(uow, order, positions, OrderEvent.CREATED, author_id=cmd.actor.user_id, at=now)
    await order_tasks.dispatch_order(uow, order, positions, actor=cmd.actor, clock=clock)
    await tell_confirmed(uow, order, positions, cp, cmd.actor, now, cache)
    await uow.commit()
    log.info("client_order_confirmed", order_id=order.id)
    return order


async def reject_client_order(
    cmd: DecideClientOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Order:
    order = await pending_for_manager(cmd.actor, cmd.order_id, uow)
    now = clock.now()
    order.status, order.cancelled_at, order.updated_at = OrderStatus.CANCELLED.value, now, now
    positions = await uow.orders.positions(order.id)
    cp = await _counterparty(uow, order)
    log_event(uow, order, positions, OrderEvent.REJECTED, author_id=cmd.actor.user_id, at=now)
    await _decided(uow, order, positions, cp, cmd.actor, now, cache, "order_client_rejected")
    await uow.commit()
    log.info("client_order_rejected", order_id=order.id)
    return order


async def edit_client_order(cmd: DecideClientOrder, uow: UnitOfWork, cache: CatalogCache) -> Draft:
    """The client's order as a draft in the manager's dialogue; confirming it places it."""
    order = await pending_for_manager(cmd.actor, cmd.order_id, uow)
    cp = await _counterparty(uow, order)
    catalog = await cache.catalog(uow)
    positions = await uow.orders.positions(order.id)
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
            for p in positions
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


async def tell_confirmed(
    uow: UnitOfWork,
    order: Order,
    positions: Sequence[OrderPosition],
    cp: Counterparty,
    actor: Actor,
    now: datetime,
    cache: CatalogCache,
) -> None:
    await _decided(uow, order, positions, cp, actor, now, cache, "order_client_confirmed")


async def _decided(
    uow: UnitOfWork,
    order: Order,
    positions: Sequence[OrderPosition],
    cp: Counterparty,
    actor: Actor,
    now: datetime,
    cache: CatalogCache,
    client_view: str,
) -> None:
    """Edit the approval cards to say who decided, and tell the client."""
    params = order_params(order, positions, cp.name, cache.company) | {
        "decided_by": actor.full_name,
        "status": order.status,
    }
    for user in await confirmers(uow, cp):
        assert user.tg_user_id is not None
        await outbox.edit_card(
            uow,
            card_key=APPROVAL_CARD.format(order=order.id, user=user.id),
            chat_id=user.tg_user_id,
            view="order_approval_decided",
            params=params,
            at=now,
        )
    client = await uow.users.find(order.created_by_id)
    if client is not None and client.tg_user_id is not None and client.role == Role.CLIENT:
        await outbox.send(
            uow,
            chat_id=client.tg_user_id,
            view=client_view,
            params=params,
            at=now,
            dedupe_key=f"{client_view}:{order.id}",
        )


async def _counterparty(uow: UnitOfWork, order: Order) -> Counterparty:
    cp = await uow.counterparties.find(order.counterparty_id)
    if cp is None:
        raise NotFound("order-client-gone")
    return cp
