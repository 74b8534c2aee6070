"""Merging two counterparty cards into one (admin, head)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.roles import Action, Actor, require
from bot.services import audit, outbox
from bot.services.counterparties.directory import get_counterparty, search
from storage.models import Counterparty
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def begin_merge(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> Counterparty:
    require(actor, Action.MERGE_COUNTERPARTIES)
    return await get_counterparty(uow, counterparty_id)


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
    return await get_counterparty(uow, first_id), await get_counterparty(uow, second_id)


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
    keep = await get_counterparty(uow, cmd.keep_id, for_update=True)
    drop = await get_counterparty(uow, cmd.drop_id, for_update=True)
    now = clock.now()
    snapshot = {
        "name": drop.name,
        "inn": drop.inn,
        "kpp": drop.kpp,
        "city": drop.city,
        "address": drop.address,
        "external_id": drop.external_id,
        "notes": drop.notes,
        "manager_id": drop.manager_id,
        "deferral_days": drop.deferral_days,
    }
    moved = await uow.counterparties.move_references(drop.id, keep.id)
    await uow.counterparties.drop_repeated_contacts(keep.id)
    await uow.counterparties.delete(drop)
    await uow.flush()
    for name in ("inn", "kpp", "city", "address", "external_id", "manager_id"):
        if getattr(keep, name) is None and snapshot[name] is not None:
            setattr(keep, name, snapshot[name])
    if not keep.deferral_days and snapshot["deferral_days"]:
        keep.deferral_days = int(str(snapshot["deferral_days"]))
    if snapshot["notes"]:
        keep.notes = "\n".join(filter(None, [keep.notes, str(snapshot["notes"])]))[:2000]
    keep.updated_at = now
    audit.record(
        uow,
        cmd.actor,
        "counterparty_merged",
        f"counterparty:{keep.id}",
        at=now,
        dropped_id=cmd.drop_id,
        dropped_name=snapshot["name"],
        moved=moved,
    )
    await _tell_merged(uow, cmd, keep, str(snapshot["name"]), snapshot["manager_id"], now)
    await uow.commit()
    log.info("counterparty_merged", counterparty_id=keep.id, dropped_id=cmd.drop_id)
    return Merged(keep, str(snapshot["name"]), moved)


async def _tell_merged(
    uow: UnitOfWork,
    cmd: MergeCounterparties,
    keep: Counterparty,
    dropped_name: str,
    dropped_manager_id: object,
    now: datetime,
) -> None:
    told: set[int] = set()
    for manager_id in (keep.manager_id, dropped_manager_id):
        if (
            not isinstance(manager_id, int)
            or manager_id in told
            or manager_id == cmd.actor.user_id
        ):
            continue
        told.add(manager_id)
        manager = await uow.users.get(manager_id)
        if manager is None or manager.tg_user_id is None or not manager.is_active:
            continue
        await outbox.send(
            uow,
            chat_id=manager.tg_user_id,
            view="client_merged",
            params={
                "kept": keep.name,
                "kept_id": keep.id,
                "dropped": dropped_name,
                "by": cmd.actor.full_name,
            },
            at=now,
        )
