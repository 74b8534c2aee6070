"""Who is acting: a registered person, a stranger, or someone whose access was revoked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject, Update

from bot.services.staff import people
from bot.texts import Texts

MAX_TEXT = 4096


class ActorMiddleware(BaseMiddleware):
    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        message = event.message
        if message is not None and message.sender_chat is not None:
            return await self._refuse(event, "anonymous-ignored")
        user = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        found = await people.resolve_actor(data["uow"], user.id, user.full_name)
        if found.is_deactivated:
            state: FSMContext | None = data.get("state")
            if state is not None:
                await state.clear()
            return await self._refuse(event, "error-access-revoked")
        data["actor"] = found.actor
        if message is not None and len(message.text or message.caption or "") > MAX_TEXT:
            return await self._refuse(
                event,
                "error-too-long",
                length=len(message.text or message.caption or ""),
                limit=MAX_TEXT,
            )
        return await handler(event, data)

    async def _refuse(self, event: Update, key: str, **params: Any) -> None:
        text = self.texts(key, **params)
        target: Message | CallbackQuery | None = event.message or event.callback_query
        if isinstance(target, CallbackQuery):
            await target.answer(text, show_alert=True)
        elif isinstance(target, Message) and target.chat.type == "private":
            await target.answer(text)
        elif isinstance(target, Message) and key == "anonymous-ignored" and _is_command(target):
            await target.reply(text)


def _is_command(message: Message) -> bool:
    return bool(message.text and message.text.startswith("/"))
