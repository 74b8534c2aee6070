"""A client blocked the bot: the responsible manager (or, without one, the heads) is told.

A listener of the sender (`Sender.on_user_unreachable`): it runs after the sender has marked
the user unreachable, in its own unit of work, and commits it.
"""

from __future__ import annotations

import structlog

from bot.clock import Clock
from bot.domain.roles import Role
from bot.services import outbox
from bot.services.counterparties.directory import responsible_staff
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def tell_manager(tg_user_id: int, uow: UnitOfWork, clock: Clock) -> None:
    """Once per blocking (the dedupe key names the moment the client became unreachable)."""
    user = await uow.users.by_tg_id(tg_user_id)
    if user is None or user.role != Role.CLIENT or user.is_reachable:
        return
    person = await uow.counterparties.person_of_user(user.id)
    if person is None:
        return
    cp = await uow.counterparties.get(person.counterparty_id)
    since = user.updated_at.isoformat()
    now = clock.now()
    told, _ = await responsible_staff(uow, cp)
    for target in told:
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
