"""Whatever nothing else handled: never silence in a private chat, never noise in a group."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.telegram.replies import Replies
from bot.texts import Texts
from handlers.filters import PRIVATE


async def on_private_message(message: Message, actor: Actor, texts: Texts, reply: Replies) -> None:
    if not actor.is_registered:
        await reply.answer(texts("stranger-hint"))
    elif message.text and message.text.startswith("/"):
        await reply.answer(texts("unknown-command", command=message.text.split()[0][:64]))
    else:
        await reply.answer(texts("unsupported-content"))


async def on_edited_private(message: Message, texts: Texts, reply: Replies) -> None:
    await reply.answer(texts("edited-ignored"))


async def on_stale_button(
    query: CallbackQuery, texts: Texts, callback_reply: CallbackReply
) -> None:
    callback_reply.text, callback_reply.show_alert = texts("error-invalid-transition"), True


def build_router() -> Router:
    router = Router(name="fallback")
    router.message.register(on_private_message, PRIVATE)
    router.edited_message.register(on_edited_private, PRIVATE)
    router.callback_query.register(on_stale_button)
    return router
