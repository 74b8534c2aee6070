"""The card's «Новая заявка»: an order draft with the card's counterparty already chosen."""

from __future__ import annotations

from dataclasses import replace

import structlog

from bot.clock import Clock
from bot.domain.orders.draft_edits import set_client
from bot.domain.roles import Action, Actor, require
from bot.services.catalog import CatalogCache
from bot.services.counterparties.directory import get_counterparty
from bot.services.orders import intake as order_intake
from bot.services.orders.intake import Step
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def begin_order_for(
    actor: Actor,
    counterparty_id: int,
    draft_id: str,
    uow: UnitOfWork,
    clock: Clock,
    cache: CatalogCache,
) -> Step:
    """A bare /order whose client is set: the order text (positions) is awaited next."""
    require(actor, Action.VIEW_COUNTERPARTIES)
    cp = await get_counterparty(uow, counterparty_id)
    step = await order_intake.begin_order(actor, draft_id, uow, clock, cache)
    log.info("order_draft_for_counterparty", counterparty_id=cp.id)
    return replace(step, draft=set_client(step.draft, cp.id, cp.name))
