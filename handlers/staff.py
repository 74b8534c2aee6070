"""/invite and /staff: admitting people, changing roles, deactivating."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.roles import Actor, grantable_roles
from bot.middlewares.callbacks import CallbackReply
from bot.services.staff import people
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import people as views
from bot.views.callbacks import InviteCb, StaffAction, StaffCb
from bot.views.rendered import role_name
from handlers.filters import PRIVATE
from storage.uow import UnitOfWork


async def cmd_invite(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    bot: Bot,
    settings: Settings,
    reply: Replies,
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if not parts:
        people.require_inviter(actor)
        roles = sorted(grantable_roles(actor))
        usage = texts("invite-usage", roles=", ".join(roles))
        await reply.answer(views.invite_role_picker(texts, roles, usage))
        return
    cmd = people.CreateInvite(actor, parts[0], parts[1] if len(parts) > 1 else None)
    created = await people.create_invite(cmd, uow, clock)
    await reply.answer(await _invite_text(created, texts, bot, settings.zone))


async def on_invite_role(
    query: CallbackQuery,
    callback_data: InviteCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    bot: Bot,
    settings: Settings,
    reply: Replies,
) -> None:
    cmd = people.CreateInvite(actor, callback_data.role)
    created = await people.create_invite(cmd, uow, clock)
    await reply.answer(await _invite_text(created, texts, bot, settings.zone))


async def _invite_text(
    created: people.InviteCreated, texts: Texts, bot: Bot, zone: ZoneInfo
) -> str:
    me = await bot.me()
    return views.invite_created(texts, created, me.username or "bot", zone)


async def cmd_staff(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    found = await people.list_staff(actor, uow)
    await reply.answer(views.staff_list(texts, found.users, found.departments))


async def on_role_pick(
    query: CallbackQuery,
    callback_data: StaffCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    user = await people.staff_member(actor, callback_data.user_id, uow)
    await reply.answer(views.role_picker(texts, user, sorted(grantable_roles(actor))))


async def on_role_set(
    query: CallbackQuery,
    callback_data: StaffCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
) -> None:
    cmd = people.ChangeRole(actor, callback_data.user_id, callback_data.role)
    user = await people.change_role(cmd, uow, clock)
    role = role_name(texts, user.role)
    callback_reply.text = texts("staff-role-changed", name=user.full_name, role=role)


async def on_deactivate(
    query: CallbackQuery,
    callback_data: StaffCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
) -> None:
    user = await people.deactivate(people.Deactivate(actor, callback_data.user_id), uow, clock)
    callback_reply.text = texts("staff-deactivated", name=user.full_name)


def build_router() -> Router:
    router = Router(name="staff")
    router.message.filter(PRIVATE)
    router.message.register(cmd_invite, Command("invite"))
    router.message.register(cmd_staff, Command("staff"))
    router.callback_query.register(on_invite_role, InviteCb.filter())
    router.callback_query.register(on_role_pick, StaffCb.filter(F.action == StaffAction.ROLE))
    router.callback_query.register(on_role_set, StaffCb.filter(F.action == StaffAction.SET))
    router.callback_query.register(on_deactivate, StaffCb.filter(F.action == StaffAction.OFF))
    return router
