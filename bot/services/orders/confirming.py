"""A confirmed draft, checked before it is written: against the catalog as it is now, and
against an order with the same text placed a moment ago (domain/orders/placing decides).

Shared by the manager's `placing.place_order` and a client's `client_orders.submit_order`;
nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.catalog import Catalog
from bot.domain.orders.draft import Draft
from bot.domain.orders.placing import DUPLICATE_WINDOW, Placement, placement, text_hash
from bot.domain.roles import Actor
from bot.domain.tasks.flow import OrderStatus
from bot.services.catalog import CatalogCache
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    actor: Actor
    draft: Draft
    draft_key: str | None = None  # the stored draft (order_drafts), closed with the order


async def close_draft(uow: UnitOfWork, cmd: PlaceOrder, number: int, now: datetime) -> None:
    """The stored draft became order `number` (written in the order's commit)."""
    if cmd.draft_key is None or cmd.actor.user_id is None:
        return
    row = await uow.order_drafts.find(cmd.actor.user_id, cmd.draft_key)
    if row is not None:
        row.status, row.order_number, row.awaiting, row.updated_at = "placed", number, None, now


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


@dataclass(frozen=True, slots=True)
class Checked:
    placed: Placement
    catalog: Catalog
    now: datetime


async def check_draft(draft: Draft, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Checked:
    """Raises InvalidInput when the draft cannot be placed now; `placed.repeats` says the
    same text became an order a moment ago (and the person was not warned yet)."""
    catalog = await cache.catalog(uow)
    now = clock.now()
    same = await uow.orders.find_same_text(
        text_hash(draft.text), since=now - DUPLICATE_WINDOW, exclude_id=draft.pending_order_id
    )
    same_text = same.number if same is not None else None
    placed = placement(draft, catalog, now, cache.company.timezone, same_text)
    return Checked(placed, catalog, now)
