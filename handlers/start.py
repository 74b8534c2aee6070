"""/start (with an invitation code or without) and /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.services.staff import people
from bot.texts import Texts
from bot.views import client_portal as portal_views
from bot.views import commands
from bot.views.rendered import role_name
from storage.uow import UnitOfWork


async def cmd_start(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
) -> None:
    assert message.from_user is not None
    code = (command.args or "").strip() or None
    result = await people.start(
        people.Start(
            message.from_user.id, message.from_user.full_name, message.from_user.username, code
        ),
        uow,
        clock,
    )
    if result.user is None:
        text, share_phone = portal_views.stranger_offer(texts)
        await message.answer(text, reply_markup=share_phone)
    elif result.registered:
        await message.answer(
            texts(
                "registered",
                name=result.user.full_name,
                role=role_name(texts, result.user.role),
                department=result.department_title or "none",
            )
        )
    else:
        await message.answer(
            texts(
                "welcome-back", name=result.user.full_name, role=role_name(texts, result.user.role)
            )
        )


async def cmd_help(message: Message, actor: Actor, texts: Texts) -> None:
    if message.chat.type == "private":
        await message.answer(commands.help_text(texts, actor.role))
    else:
        await message.answer(texts("help-group"))


def build_router() -> Router:
    router = Router(name="start")
    router.message.register(cmd_start, CommandStart(), F.chat.type == "private")
    router.message.register(cmd_help, Command("help"))
    return router
