"""/forget: a client unlinks their Telegram; the business records stay."""

from __future__ import annotations

import structlog

from bot.clock import Clock
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.roles import Action, Actor, require
from bot.services import audit, outbox
from storage.uow import UnitOfWork

log = structlog.get_logger()

FORGOTTEN_NAME = "—"


def require_client(actor: Actor) -> None:
    require(actor, Action.USE_CLIENT_PORTAL)


async def forget(actor: Actor, uow: UnitOfWork, clock: Clock) -> None:
    """Unlink and anonymise the client's Telegram identity; business records stay."""
    require_client(actor)
    if actor.user_id is None:
        raise InvalidInput()
    user = await uow.users.find(actor.user_id)
    if user is None or user.tg_user_id is None:
        raise NotFound("portal-not-linked")
    now = clock.now()
    person = await uow.counterparties.person_of_user(user.id)
    cp = await uow.counterparties.get(person.counterparty_id) if person else None
    if person is not None:
        person.user_id = None
    for request in await uow.registrations.of_tg_user(user.tg_user_id):
        request.tg_user_id, request.full_name, request.username = None, FORGOTTEN_NAME, None
    chat_id = user.tg_user_id
    user.tg_user_id, user.full_name, user.username = None, FORGOTTEN_NAME, None
    user.is_active, user.updated_at = False, now
    await outbox.set_commands(uow, chat_id=chat_id, role=None, at=now)
    audit.record(uow, actor, "client_forgotten", f"user:{user.id}", at=now)
    if cp is not None and person is not None:
        manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
        if manager is not None and manager.is_active and manager.tg_user_id:
            await outbox.send(
                uow,
                chat_id=manager.tg_user_id,
                view="manager_client_forgot",
                params={"person": person.full_name, "counterparty": cp.name},
                at=now,
            )
    await uow.commit()
    log.info("client_forgotten", user_id=user.id)
