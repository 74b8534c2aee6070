"""Hands every handler `reply`: the one way it answers the person (bot/telegram/replies.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

from bot.telegram.replies import Replies, target_of


class RepliesMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        target = target_of(event.event)
        bot = data.get("bot")
        if target is not None and isinstance(bot, Bot):
            data["reply"] = Replies(bot, target)
        return await handler(event, data)
