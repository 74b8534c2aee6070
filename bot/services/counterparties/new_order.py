"""The card's «Новая заявка»: an order draft with the card's counterparty already chosen."""

from __future__ import annotations

from dataclasses import dataclass, replace

import structlog

from bot.clock import Clock
from bot.domain.orders.draft_edits import set_client
from bot.domain.roles import Action, Actor, require
from bot.services.catalog import CatalogCache
from bot.services.orders import intake as order_intake
from bot.services.orders.intake import Step
from storage.uow import UnitOfWork

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class BeginOrderFor:
    actor: Actor
    counterparty_id: int
    draft_id: str


async def begin_order_for(
    cmd: BeginOrderFor, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    """A bare /order whose client is set: the order text (positions) is awaited next."""
    require(cmd.actor, Action.VIEW_COUNTERPARTIES)
    cp = await uow.counterparties.get(cmd.counterparty_id)
    step = await order_intake.begin_order(cmd.actor, cmd.draft_id, uow, clock, cache)
    log.info("order_draft_for_counterparty", counterparty_id=cp.id)
    return replace(step, draft=set_client(step.draft, cp.id, cp.name))
