"""Answer every callback query once: the handler's text, or nothing. Errors are answered
with an alert by the error router, so a failed press is never silent. The answer is direct
(immediate), cut to 200 characters, and never fails the handler (see answer_callback)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject

from bot.telegram.replies import answer_callback


@dataclass(slots=True)
class CallbackReply:
    text: str | None = None
    show_alert: bool = False


class CallbackAnswerMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, CallbackQuery)
        reply = data["callback_reply"] = CallbackReply()
        result = await handler(event, data)
        await answer_callback(event, reply.text, show_alert=reply.show_alert)
        return result
