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
from bot.texts import Texts
from bot.views import departments as views
from bot.views.rendered import cancel_row, keyboard
from storage.uow import UnitOfWork

LEFT_STATUSES = frozenset({"left", "kicked"})


class NewDepartment(StatesGroup):
    code = State()
    title = State()


async def cmd_bind(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
) -> None:
    chat = message.chat
    topic = message.message_thread_id if message.is_topic_message else None
    result = await departments.bind_chat(
        departments.BindChat(
            actor,
            command.args or "",
            chat.id,
            topic,
            chat.type,
            chat.title or chat.full_name,
            bool(chat.is_forum),
        ),
        uow,
        clock,
    )
    if result.already:
        await message.reply(texts("bind-already", department=result.department.title))
        return
    text = texts("bind-done", department=result.department.title, topic="yes" if topic else "no")
    if result.previous_title:
        text += "\n" + texts(
            "bind-moved", department=result.department.title, previous=result.previous_title
        )
    await message.reply(text)


async def cmd_unbind(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    topic = message.message_thread_id if message.is_topic_message else None
    titles = await departments.unbind_chat(actor, message.chat.id, topic, uow, clock)
    if titles:
        await message.reply(texts("unbind-done", department=", ".join(titles)))
    else:
        await message.reply(texts("unbind-nothing"))


async def cmd_chats(message: Message, actor: Actor, uow: UnitOfWork, texts: Texts) -> None:
    await message.answer(views.chats(texts, await departments.list_chats(actor, uow)))


async def cmd_department(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if len(parts) == 2:  # noqa: PLR2004 - code and title
        department = await departments.add_department(actor, parts[0], parts[1], uow, clock)
        await message.answer(
            texts("department-created", title=department.title, department=department.id)
        )
        return
    departments.require_department_admin(actor)
    await state.set_state(NewDepartment.code)
    await message.answer(texts("department-ask-code"), reply_markup=keyboard([cancel_row(texts)]))


async def on_department_code(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, state: FSMContext
) -> None:
    code = (message.text or "").strip().lower()
    await departments.check_new_code(actor, code, uow)
    await state.update_data(code=code)
    await state.set_state(NewDepartment.title)
    await message.answer(
        texts("department-ask-title", department=code), reply_markup=keyboard([cancel_row(texts)])
    )


async def on_department_title(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    department = await departments.add_department(
        actor, str(data.get("code", "")), message.text or "", uow, clock
    )
    await state.clear()
    await message.answer(
        texts("department-created", title=department.title, department=department.id)
    )


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
    groups = F.chat.type.in_({"group", "supergroup"})
    router.message.register(on_migrated, F.migrate_to_chat_id | F.migrate_from_chat_id)
    router.message.register(cmd_bind, Command("bind"))
    router.message.register(cmd_unbind, Command("unbind"), groups)
    router.message.register(cmd_chats, Command("chats"))
    router.message.register(cmd_department, Command("department"), F.chat.type == "private")
    router.message.register(on_department_code, StateFilter(NewDepartment.code), F.text)
    router.message.register(on_department_title, StateFilter(NewDepartment.title), F.text)
    router.my_chat_member.register(on_bot_membership)
    return router
