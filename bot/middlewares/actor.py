"""Who is acting: a registered person, a stranger, or someone whose access was revoked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject, Update

from bot.services.staff import people
from bot.telegram.replies import Replies, answer_callback
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
            return await self._refuse(event, data, "anonymous-ignored")
        user = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        found = await people.resolve_actor(data["uow"], user.id, user.full_name)
        if found.is_deactivated:
            state: FSMContext | None = data.get("state")
            if state is not None:
                await state.clear()
            return await self._refuse(event, data, "error-access-revoked")
        data["actor"] = found.actor
        if message is not None and len(message.text or message.caption or "") > MAX_TEXT:
            return await self._refuse(
                event,
                data,
                "error-too-long",
                length=len(message.text or message.caption or ""),
                limit=MAX_TEXT,
            )
        return await handler(event, data)

    async def _refuse(self, event: Update, data: dict[str, Any], key: str, **params: Any) -> None:
        """Tell the person why nothing happens: an alert on a press; otherwise a reply in the
        update's own unit of work (committed: the refusal is the update's whole work)."""
        text = self.texts(key, **params)
        target: Message | CallbackQuery | None = event.message or event.callback_query
        reply: Replies | None = data.get("reply")
        if isinstance(target, CallbackQuery):
            await answer_callback(target, text, show_alert=True)
        elif reply is None or not isinstance(target, Message):
            return
        elif target.chat.type == "private":
            await reply.answer(text)
        elif key == "anonymous-ignored" and _is_command(target):
            await reply.answer(text, quote=True)


def _is_command(message: Message) -> bool:
    return bool(message.text and message.text.startswith("/"))
