"""/outbox (admin): what is waiting, what failed, retry."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.staff import outbox_report as outbox_admin
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import outbox as views
from bot.views.callbacks import OutboxAction, OutboxCb
from handlers.filters import PRIVATE
from storage.uow import UnitOfWork


async def cmd_outbox(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    await reply.answer(
        views.outbox_report(texts, await outbox_admin.outbox_report(actor, uow, clock))
    )


async def on_retry(
    query: CallbackQuery,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
) -> None:
    count = await outbox_admin.retry_failed(actor, uow, clock)
    callback_reply.text = texts("outbox-retried", count=count)


def build_router() -> Router:
    router = Router(name="outbox")
    router.message.register(cmd_outbox, Command("outbox"), PRIVATE)
    router.callback_query.register(on_retry, OutboxCb.filter(F.action == OutboxAction.RETRY))
    return router
