"""/bind, /unbind, /chats, /department, and what Telegram tells about bound chats."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import ChatMemberUpdated, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.services.staff import departments
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import departments as views
from handlers.filters import GROUPS, PRIVATE
from storage.uow import UnitOfWork

LEFT_STATUSES = frozenset({"left", "kicked"})


class NewDepartment(StatesGroup):
    code = State()
    title = State()


def _topic(message: Message) -> int | None:
    return message.message_thread_id if message.is_topic_message else None


async def cmd_bind(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    reply: Replies,
) -> None:
    chat = message.chat
    cmd = departments.BindChat(
        actor=actor,
        department=command.args or "",
        tg_chat_id=chat.id,
        thread_id=_topic(message),
        chat_type=chat.type,
        title=chat.title or chat.full_name,
        is_forum=bool(chat.is_forum),
    )
    result = await departments.bind_chat(cmd, uow, clock)
    await reply.answer(views.bound(texts, result, has_topic=cmd.thread_id is not None), quote=True)


async def cmd_unbind(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    cmd = departments.UnbindChat(actor, message.chat.id, _topic(message))
    titles = await departments.unbind_chat(cmd, uow, clock)
    await reply.answer(views.unbound(texts, titles), quote=True)


async def cmd_chats(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    await reply.answer(views.chats(texts, await departments.list_chats(actor, uow)))


async def cmd_department(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if len(parts) == 2:  # noqa: PLR2004 - code and title
        cmd = departments.AddDepartment(actor, parts[0], parts[1])
        await reply.answer(views.created(texts, await departments.add_department(cmd, uow, clock)))
        return
    departments.require_department_admin(actor)
    await state.set_state(NewDepartment.code)
    await reply.answer(views.ask_code(texts))


async def on_department_code(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    code = (message.text or "").strip().lower()
    await departments.check_new_code(actor, code, uow)
    await state.update_data(code=code)
    await state.set_state(NewDepartment.title)
    await reply.answer(views.ask_title(texts, code))


async def on_department_title(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    data = await state.get_data()
    cmd = departments.AddDepartment(actor, str(data.get("code", "")), message.text or "")
    department = await departments.add_department(cmd, uow, clock)
    await state.clear()
    await reply.answer(views.created(texts, department))


async def on_bot_membership(event: ChatMemberUpdated, uow: UnitOfWork, clock: Clock) -> None:
    if event.new_chat_member.status in LEFT_STATUSES:
        await departments.chat_lost(event.chat.id, "removed", uow, clock)


async def on_migrated(message: Message, uow: UnitOfWork) -> None:
    if message.migrate_to_chat_id:
        await departments.chat_migrated(message.chat.id, message.migrate_to_chat_id, uow)
    elif message.migrate_from_chat_id:
        await departments.chat_migrated(message.migrate_from_chat_id, message.chat.id, uow)


def build_router() -> Router:
    router = Router(name="departments")
    router.message.register(on_migrated, F.migrate_to_chat_id | F.migrate_from_chat_id)
    router.message.register(cmd_bind, Command("bind"))
    router.message.register(cmd_unbind, Command("unbind"), GROUPS)
    router.message.register(cmd_chats, Command("chats"))
    router.message.register(cmd_department, Command("department"), PRIVATE)
    router.message.register(on_department_code, StateFilter(NewDepartment.code), F.text)
    router.message.register(on_department_title, StateFilter(NewDepartment.title), F.text)
    router.my_chat_member.register(on_bot_membership)
    return router
