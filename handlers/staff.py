"""/invite and /staff: admitting people, changing roles, deactivating."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor, grantable_roles
from bot.middlewares.callbacks import CallbackReply
from bot.services.staff import people
from bot.texts import Texts
from bot.views import people as views
from bot.views.callbacks import InviteCb, StaffCb
from bot.views.rendered import role_name
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
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if not parts:
        people.require_inviter(actor)
        roles = sorted(grantable_roles(actor))
        usage = texts("invite-usage", roles=", ".join(roles))
        picker = views.invite_role_picker(texts, roles, usage)
        await message.answer(picker.text, reply_markup=picker.reply_markup)
        return
    created = await people.create_invite(
        people.CreateInvite(actor, parts[0], parts[1] if len(parts) > 1 else None), uow, clock
    )
    await message.answer(await _invite_text(created, texts, bot, settings))


async def on_invite_role(
    query: CallbackQuery,
    callback_data: InviteCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    bot: Bot,
    settings: Settings,
) -> None:
    created = await people.create_invite(
        people.CreateInvite(actor, callback_data.role), uow, clock
    )
    if isinstance(query.message, Message):
        await query.message.answer(await _invite_text(created, texts, bot, settings))


async def _invite_text(
    created: people.InviteCreated, texts: Texts, bot: Bot, settings: Settings
) -> str:
    me = await bot.me()
    return views.invite_created(
        texts,
        role=created.role,
        department=created.department_title,
        code=created.code,
        link=views.invite_link(me.username or "bot", created.code),
        expires_at=created.expires_at,
        zone=settings.zone,
    )


async def cmd_staff(message: Message, actor: Actor, uow: UnitOfWork, texts: Texts) -> None:
    users = await people.list_staff(actor, uow)
    departments = {d.id: d.title for d in await uow.departments.all()}
    rendered = views.staff_list(texts, users, departments)
    await message.answer(rendered.text, reply_markup=rendered.reply_markup)


async def on_staff_action(
    query: CallbackQuery,
    callback_data: StaffCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
) -> None:
    if callback_data.action == "role":
        user = await people.staff_member(actor, callback_data.user_id, uow)
        picker = views.role_picker(texts, user, sorted(grantable_roles(actor)))
        if isinstance(query.message, Message):
            await query.message.answer(picker.text, reply_markup=picker.reply_markup)
    elif callback_data.action == "set":
        user = await people.change_role(
            people.ChangeRole(actor, callback_data.user_id, callback_data.role), uow, clock
        )
        callback_reply.text = texts(
            "staff-role-changed", name=user.full_name, role=role_name(texts, user.role)
        )
    elif callback_data.action == "off":
        user = await people.deactivate(people.Deactivate(actor, callback_data.user_id), uow, clock)
        callback_reply.text = texts("staff-deactivated", name=user.full_name)
    else:
        raise InvalidInput()


def build_router() -> Router:
    router = Router(name="staff")
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_invite, Command("invite"))
    router.message.register(cmd_staff, Command("staff"))
    router.callback_query.register(on_invite_role, InviteCb.filter())
    router.callback_query.register(on_staff_action, StaffCb.filter())
    return router
