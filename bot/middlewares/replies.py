"""Hands every handler `reply`: the one way it answers the person (bot/telegram/replies.py).
Inside the unit of work: replies are written in the update's own transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from bot.clock import Clock
from bot.telegram.replies import Replies, target_of
from storage.uow import UnitOfWorkFactory


class RepliesMiddleware(BaseMiddleware):
    def __init__(self, make_uow: UnitOfWorkFactory, clock: Clock, wake: Callable[[], None]):
        self.make_uow = make_uow
        self.clock = clock
        self.wake = wake

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        target = target_of(event.event)
        uow = data.get("uow")
        if target is not None and uow is not None:
            data["reply"] = Replies(
                target, uow, self.clock, make_uow=self.make_uow, wake=self.wake
            )
        return await handler(event, data)
