from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy import select

from bot.domain.roles import Role
from storage.models import InboxUpdate
from tests.harness import TestApp


async def test_message_over_limit_is_refused_politely(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "я" * 5000)
    assert "Сообщение слишком длинное (5000 символов)" in app.last_to(app.people.manager)


async def test_unknown_command_is_named(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/teleport now")
    assert "Не знаю команды /teleport" in app.last_to(app.people.manager)


async def test_sticker_gets_an_explanation(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.feed(app.updates.sticker(app.people.manager))
    assert "Такие сообщения я не обрабатываю" in app.last_to(app.people.manager)


async def test_edited_message_is_not_acted_on(app: TestApp) -> None:
    await app.feed(app.updates.edited(app.people.admin, "/invite manager"))
    assert (
        app.last_to(app.people.admin)
        == "Исправленное сообщение я не обрабатываю — отправьте новое."
    )


async def test_command_from_channel_identity_is_refused(app: TestApp) -> None:
    group = app.chats.warehouse
    await app.feed(app.updates.from_channel(group, "/bind warehouse"))
    assert "от имени канала" in app.last_to(group)
    assert await app.read(lambda uow: uow.department_chats.active()) == []


async def test_plain_group_chatter_gets_no_answer(app: TestApp) -> None:
    await app.say(app.people.storekeeper, "коллеги, кто на складе?", group=app.chats.warehouse)
    assert app.texts_to(app.chats.warehouse) == []


async def test_same_update_twice_is_handled_once(app: TestApp) -> None:
    update = app.updates.message(app.people.admin, "/invite manager")
    await app.feed(update)
    await app.feed(update)
    invites = await app.read(lambda uow: uow.invites.session.scalars(select(InboxUpdate)))
    assert [i.update_id for i in invites] == [update["update_id"]]
    assert len(app.texts_to(app.people.admin)) == 1


async def test_crash_in_a_handler_is_answered_and_bot_goes_on(app: TestApp) -> None:
    boom = Router(name="boom")

    async def explode(message: Message) -> None:
        raise RuntimeError("disk on fire")

    boom.message.register(explode, Command("boom"))
    app.app.dp.sub_routers.insert(1, boom)
    boom._parent_router = app.app.dp  # a test-only router injected in front

    await app.say(app.people.admin, "/boom")
    assert "Что-то пошло не так" in app.last_to(app.people.admin)
    rows = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate)))
    assert [r.error for r in rows] == [None]  # handled: the error router answered it

    await app.say(app.people.admin, "/help")
    assert "/invite" in app.last_to(app.people.admin)


async def test_busy_database_retries_the_whole_update_once_more(app: TestApp) -> None:
    from sqlalchemy.exc import OperationalError  # noqa: PLC0415

    calls = []
    flaky = Router(name="flaky")

    async def locked_once(message: Message) -> None:
        calls.append(message.message_id)
        if len(calls) == 1:
            raise OperationalError("UPDATE x", {}, Exception("database is locked"))
        await message.answer("готово")

    flaky.message.register(locked_once, Command("flaky"))
    app.app.dp.sub_routers.insert(1, flaky)
    flaky._parent_router = app.app.dp

    await app.say(app.people.admin, "/flaky")

    assert len(calls) == 2
    assert app.texts_to(app.people.admin) == ["готово"]
    rows = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate)))
    assert [r.error for r in rows] == [None]


async def test_a_refusal_rolls_back_the_work_but_the_dialogue_moves_on(app: TestApp) -> None:
    """The dialogue state a handler set before a refusal stays (the person's next message
    continues from there); the data it wrote is rolled back with the rest."""
    from aiogram.fsm.context import FSMContext  # noqa: PLC0415
    from aiogram.fsm.state import State, StatesGroup  # noqa: PLC0415

    from bot.domain.errors import InvalidInput  # noqa: PLC0415
    from bot.services import audit  # noqa: PLC0415
    from storage.models import AuditEntry  # noqa: PLC0415
    from storage.uow import UnitOfWork  # noqa: PLC0415

    class Step(StatesGroup):
        next = State()

    router = Router(name="refusing")

    async def refuse(message: Message, state: FSMContext, uow: UnitOfWork) -> None:
        await state.set_state(Step.next)
        audit.record(uow, None, "half_done", "x", at=app.clock.now())
        raise InvalidInput()

    async def continued(message: Message) -> None:
        await message.answer("продолжаем")

    router.message.register(refuse, Command("refuse"))
    router.message.register(continued, Step.next)
    app.app.dp.sub_routers.insert(1, router)
    router._parent_router = app.app.dp

    await app.say(app.people.admin, "/refuse")
    assert app.last_to(app.people.admin) == app.app.texts("error-invalid-input")
    await app.say(app.people.admin, "дальше")

    assert app.last_to(app.people.admin) == "продолжаем"
    written = await app.read(lambda uow: uow.session.scalars(select(AuditEntry)))
    assert [e.action for e in written if e.action == "half_done"] == []
