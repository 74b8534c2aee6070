"""One unit of work per update, held here: one commit for all the update did.

The service's `commit()` completes its use case (storage/uow.py); the real commit happens
here once the handler has returned, so what the handler adds after the service (its replies)
lands in the same transaction, and so does the inbox mark: the update is handled exactly
when its work is written. A handler that raises writes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy.exc import DBAPIError

from bot.clock import Clock
from bot.domain.errors import TryAgain
from bot.telegram.fsm_storage import within
from bot.telegram.intake import IntakeTicket
from storage.db import is_retryable
from storage.uow import UnitOfWork, UnitOfWorkFactory


class UnitOfWorkMiddleware(BaseMiddleware):
    def __init__(
        self, make_uow: UnitOfWorkFactory, clock: Clock, on_outbox: Callable[[], None]
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.on_outbox = on_outbox

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        ticket: IntakeTicket | None = data.get("intake_ticket")
        async with self.make_uow() as uow:
            uow.hold()
            data["uow"] = uow
            try:
                with within(uow):
                    result = await handler(event, data)
                if ticket is not None:
                    await self._mark_handled(uow, ticket)
                await uow.commit_held()
            except Exception as exc:
                if isinstance(exc, DBAPIError) and is_retryable(exc):
                    raise TryAgain from exc  # all of it is done again, the dialogue too
                await self._keep_dialogue(uow)
                raise
            if ticket is not None:
                ticket.handled = True
            if uow.outbox.added:
                self.on_outbox()
            return result

    async def _mark_handled(self, uow: UnitOfWork, ticket: IntakeTicket) -> None:
        await uow.inbox.mark_handled(ticket.update_id, at=self.clock.now())

    async def _keep_dialogue(self, failed: UnitOfWork) -> None:
        """The update failed (a refusal the person is told about, or a crash) and its work is
        rolled back, but where the dialogue went stays: the person's next message continues
        from there (as if the dialogue state were kept apart from the data)."""
        if not failed.fsm.written:
            return
        await failed.session.rollback()  # give up its connection (and SQLite's writer turn)
        async with self.make_uow() as uow:
            for key, at, values in failed.fsm.written:
                await uow.fsm.put(key, at=at, **values)
            await uow.commit()
