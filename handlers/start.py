"""/start (with an invitation code or without) and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.services.staff import people
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import client_portal as portal_views
from bot.views import commands
from bot.views import people as views
from handlers.filters import PRIVATE
from storage.uow import UnitOfWork


async def cmd_start(
    message: Message,
    command: CommandObject,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    reply: Replies,
) -> None:
    assert message.from_user is not None
    user = message.from_user
    code = (command.args or "").strip() or None
    cmd = people.Start(user.id, user.full_name, user.username, code)
    result = await people.start(cmd, uow, clock)
    if result.user is None:
        text, share_phone = portal_views.stranger_offer(texts)
        await reply.answer(text, keyboard=share_phone)
        return
    await reply.answer(views.started(texts, result))


async def cmd_help(message: Message, actor: Actor, texts: Texts, reply: Replies) -> None:
    if message.chat.type == "private":
        await reply.answer(commands.help_text(texts, actor.role))
    else:
        await reply.answer(texts("help-group"))


def build_router() -> Router:
    router = Router(name="start")
    router.message.register(cmd_start, CommandStart(), PRIVATE)
    router.message.register(cmd_help, Command("help"))
    return router
