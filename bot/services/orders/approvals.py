"""A client's order at the manager: who decides on it, the card with buttons they get
through the outbox, and that card edited in place once somebody decided (the client is told
either way). Nothing here commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.roles import Actor, Role
from bot.services import outbox
from bot.services.counterparties import directory
from bot.services.outbox import Priority
from storage.models import Counterparty, Order, User
from storage.uow import UnitOfWork

APPROVAL_CARD = "order-approval:{order}:{user}"


async def confirmers(uow: UnitOfWork, cp: Counterparty) -> list[User]:
    """Who decides on the client's order: their manager, else the heads (or admins)."""
    manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
    if manager is not None and manager.is_active and manager.tg_user_id is not None:
        return [manager]
    return [u for u in await directory.heads_or_admins(uow) if u.tg_user_id is not None]


async def ask_approval(
    uow: UnitOfWork,
    order: Order,
    cp: Counterparty,
    params: dict[str, Any],
    client: Actor,
    now: datetime,
) -> str | None:
    """The card goes to whoever decides; the client is told who that is (returned too).
    `params`: the order's (records.order_params)."""
    people = await confirmers(uow, cp)
    for user in people:
        assert user.tg_user_id is not None
        key = APPROVAL_CARD.format(order=order.id, user=user.id)
        await outbox.send(uow, chat_id=user.tg_user_id, view="order_for_approval",
                          params=params, at=now, card_key=key, dedupe_key=key)  # fmt: skip
    name = people[0].full_name if people else None
    await outbox.send(
        uow,
        chat_id=client.tg_user_id,
        view="order_submitted",
        params={"number": order.number, "manager": name or ""},
        at=now,
        priority=Priority.INTERACTIVE,
        dedupe_key=f"order-submitted:{order.id}",
    )
    return name


async def tell_decided(
    uow: UnitOfWork,
    order: Order,
    cp: Counterparty,
    params: dict[str, Any],
    actor: Actor,
    now: datetime,
    *,
    confirmed: bool,
) -> None:
    """Edit the approval cards to say who decided, and tell the client. `params`: the
    order's (records.order_params)."""
    params = params | {"decided_by": actor.full_name, "status": order.status}
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
    if client is None or client.tg_user_id is None or client.role != Role.CLIENT:
        return
    view = "order_client_confirmed" if confirmed else "order_client_rejected"
    await outbox.send(
        uow,
        chat_id=client.tg_user_id,
        view=view,
        params=params,
        at=now,
        dedupe_key=f"{view}:{order.id}",
    )
