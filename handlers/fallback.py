"""Whatever nothing else handled: never silence in a private chat, never noise in a group."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.texts import Texts


async def on_private_message(message: Message, actor: Actor, texts: Texts) -> None:
    if not actor.is_registered:
        await message.answer(texts("stranger-hint"))
    elif message.text and message.text.startswith("/"):
        await message.answer(texts("unknown-command", command=message.text.split()[0][:64]))
    else:
        await message.answer(texts("unsupported-content"))


async def on_edited_private(message: Message, texts: Texts) -> None:
    await message.answer(texts("edited-ignored"))


async def on_stale_button(
    query: CallbackQuery, texts: Texts, callback_reply: CallbackReply
) -> None:
    callback_reply.text, callback_reply.show_alert = texts("error-invalid-transition"), True


def build_router() -> Router:
    router = Router(name="fallback")
    router.message.register(on_private_message, F.chat.type == "private")
    router.edited_message.register(on_edited_private, F.chat.type == "private")
    router.callback_query.register(on_stale_button)
    return router
