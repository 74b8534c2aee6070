"""/cancel and the «Отмена» button leave any dialogue from any step."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.middlewares.callbacks import CallbackReply
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views.callbacks import CancelCb


async def cmd_cancel(message: Message, state: FSMContext, texts: Texts, reply: Replies) -> None:
    had_state = await state.get_state() is not None
    await state.clear()
    await reply.answer(texts("cancelled" if had_state else "nothing-to-cancel"))


async def on_cancel_button(
    query: CallbackQuery,
    state: FSMContext,
    texts: Texts,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    await state.clear()
    callback_reply.text = texts("cancelled")
    await reply.drop_buttons()


def build_router() -> Router:
    router = Router(name="cancel")
    router.message.register(cmd_cancel, Command("cancel"))
    router.callback_query.register(on_cancel_button, CancelCb.filter())
    return router
