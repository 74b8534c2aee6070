"""Merging two counterparty cards into one (admin, head)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.counterparties.merging import CardFacts, managers_to_tell, merged_facts
from bot.domain.errors import InvalidInput
from bot.domain.roles import Action, Actor, require
from bot.services import audit, outbox
from bot.services.counterparties.directory import search
from storage.models import Counterparty
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def begin_merge(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> Counterparty:
    require(actor, Action.MERGE_COUNTERPARTIES)
    return await uow.counterparties.get(counterparty_id)


async def merge_candidates(
    actor: Actor, counterparty_id: int, query: str, uow: UnitOfWork
) -> Sequence[Counterparty]:
    """Cards to merge `counterparty_id` with, found by /find rules (itself left out)."""
    await begin_merge(actor, counterparty_id, uow)
    return [cp for cp in await search(uow, query) if cp.id != counterparty_id]


async def merge_preview(
    actor: Actor, first_id: int, second_id: int, uow: UnitOfWork
) -> tuple[Counterparty, Counterparty]:
    require(actor, Action.MERGE_COUNTERPARTIES)
    if first_id == second_id:
        raise InvalidInput("merge-same")
    return await uow.counterparties.get(first_id), await uow.counterparties.get(second_id)


@dataclass(frozen=True, slots=True)
class MergeCounterparties:
    actor: Actor
    keep_id: int
    drop_id: int


@dataclass(frozen=True, slots=True)
class Merged:
    kept: Counterparty
    dropped_name: str
    moved: dict[str, int]


async def merge_counterparties(cmd: MergeCounterparties, uow: UnitOfWork, clock: Clock) -> Merged:
    """Two cards become one: every row pointing at the dropped card moves to the kept one."""
    require(cmd.actor, Action.MERGE_COUNTERPARTIES)
    if cmd.keep_id == cmd.drop_id:
        raise InvalidInput("merge-same")
    keep = await uow.counterparties.get(cmd.keep_id, for_update=True)
    drop = await uow.counterparties.get(cmd.drop_id, for_update=True)
    kept, dropped = CardFacts.of(keep), CardFacts.of(drop)
    now = clock.now()
    moved = await uow.counterparties.move_references(drop.id, keep.id)
    await uow.counterparties.drop_repeated_contacts(keep.id)
    await uow.counterparties.delete(drop)
    await uow.flush()  # the dropped card's unique values (INN, id) are free for the kept one
    for name, value in asdict(merged_facts(kept, dropped)).items():
        setattr(keep, name, value)
    keep.updated_at = now
    audit.record(
        uow,
        cmd.actor,
        "counterparty_merged",
        f"counterparty:{keep.id}",
        at=now,
        dropped_id=cmd.drop_id,
        dropped_name=dropped.name,
        moved=moved,
    )
    for manager_id in managers_to_tell(keep.manager_id, dropped.manager_id, cmd.actor.user_id):
        await _tell_manager(uow, manager_id, cmd.actor, keep, dropped.name, now)
    await uow.commit()
    log.info("counterparty_merged", counterparty_id=keep.id, dropped_id=cmd.drop_id)
    return Merged(keep, dropped.name, moved)


async def _tell_manager(
    uow: UnitOfWork,
    manager_id: int,
    actor: Actor,
    keep: Counterparty,
    dropped_name: str,
    now: datetime,
) -> None:
    manager = await uow.users.find(manager_id)
    if manager is None or manager.tg_user_id is None or not manager.is_active:
        return
    await outbox.send(
        uow,
        chat_id=manager.tg_user_id,
        view="client_merged",
        params={
            "kept": keep.name,
            "kept_id": keep.id,
            "dropped": dropped_name,
            "by": actor.full_name,
        },
        at=now,
    )
