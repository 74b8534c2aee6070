"""Outermost of ours: bind update_id, user, chat and handler into the log context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update


class LogContextMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        user = data.get("event_from_user")
        chat = data.get("event_chat")
        with structlog.contextvars.bound_contextvars(
            update_id=event.update_id,
            tg_user_id=user.id if user else None,
            tg_chat_id=chat.id if chat else None,
        ):
            return await handler(event, data)
