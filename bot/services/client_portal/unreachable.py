"""A client blocked the bot: the responsible manager (or, without one, the heads) is told.

A listener of the sender (`Sender.on_user_unreachable`): it runs after the sender has marked
the user unreachable, in its own unit of work, and commits it.
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from bot.clock import Clock
from bot.domain.roles import Role
from bot.services import outbox
from bot.services.counterparties.directory import heads_or_admins
from storage.models import Counterparty, User
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def tell_manager(tg_user_id: int, uow: UnitOfWork, clock: Clock) -> None:
    """Once per blocking (the dedupe key names the moment the client became unreachable)."""
    user = await uow.users.by_tg_id(tg_user_id)
    if user is None or user.role != Role.CLIENT or user.is_reachable:
        return
    person = await uow.counterparties.person_of_user(user.id)
    cp = await uow.counterparties.get(person.counterparty_id) if person else None
    if person is None or cp is None:
        return
    since = user.updated_at.isoformat()
    now = clock.now()
    for target in await _who_is_told(uow, cp):
        assert target.tg_user_id is not None
        await outbox.send(
            uow,
            chat_id=target.tg_user_id,
            view="manager_client_unreachable",
            params={
                "person": person.full_name,
                "counterparty": cp.name,
                "counterparty_id": cp.id,
                "assigned": "yes" if target.id == cp.manager_id else "no",
            },
            at=now,
            dedupe_key=f"client-unreachable:{user.id}:{since}:{target.id}",
        )
    await uow.commit()
    log.info("client_unreachable_told", counterparty_id=cp.id, user_id=user.id)


async def _who_is_told(uow: UnitOfWork, cp: Counterparty) -> Sequence[User]:
    manager = await uow.users.get(cp.manager_id) if cp.manager_id else None
    if manager is not None and manager.is_active and manager.is_reachable and manager.tg_user_id:
        return [manager]
    return await heads_or_admins(uow)
