from __future__ import annotations

from bot.domain.roles import Role
from tests.harness import TestApp


async def _bindings(app: TestApp) -> list[tuple[str, int, int | None, bool]]:
    chats = await app.read(lambda uow: uow.department_chats.active())
    return [(c.department_id, c.tg_chat_id, c.thread_id, c.is_active) for c in chats]


async def test_admin_binds_group_to_department(app: TestApp) -> None:
    group = app.chats.warehouse
    await app.say(app.people.admin, "/bind warehouse", group=group)
    assert "привязан к подразделению «Склад»" in app.last_to(group)
    assert await _bindings(app) == [("warehouse", group.chat_id, None, True)]


async def test_bind_forum_topic_binds_only_that_topic(app: TestApp) -> None:
    forum = app.chats.forum
    await app.say(app.people.admin, "/bind logo", group=forum, thread_id=77)
    assert "(тема)" in app.last_to(forum)
    assert await _bindings(app) == [("logo", forum.chat_id, 77, True)]


async def test_rebinding_moves_department_to_new_chat(app: TestApp) -> None:
    await app.say(app.people.admin, "/bind supply", group=app.chats.warehouse)
    await app.say(app.people.admin, "/bind supply", group=app.chats.supply)
    assert "раньше: Заявки на склад" in app.last_to(app.chats.supply)
    assert await _bindings(app) == [("supply", app.chats.supply.chat_id, None, True)]


async def test_bind_in_private_chat_is_refused(app: TestApp) -> None:
    await app.say(app.people.admin, "/bind warehouse")
    assert "нужно отправить в группе" in app.last_to(app.people.admin)
    assert await _bindings(app) == []


async def test_bind_by_non_admin_is_refused(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/bind warehouse", group=app.chats.warehouse)
    assert "нет прав" in app.last_to(app.chats.warehouse)
    assert await _bindings(app) == []


async def test_bind_unknown_department_lists_known_ones(app: TestApp) -> None:
    await app.say(app.people.admin, "/bind kitchen", group=app.chats.warehouse)
    text = app.last_to(app.chats.warehouse)
    assert "Подразделения «kitchen» нет" in text
    assert "warehouse" in text
    assert await _bindings(app) == []


async def test_unbind_and_chats_listing(app: TestApp) -> None:
    await app.say(app.people.admin, "/bind warehouse", group=app.chats.warehouse)
    await app.say(app.people.admin, "/chats")
    listing = app.last_to(app.people.admin)
    assert "Склад → Заявки на склад" in listing
    assert "Без чата:" in listing
    assert "Отдел обеспечения (снабжение) (supply)" in listing

    await app.say(app.people.admin, "/unbind", group=app.chats.warehouse)
    assert "отвязан от «Склад»" in app.last_to(app.chats.warehouse)
    assert await _bindings(app) == []


async def test_group_migrated_to_supergroup_keeps_binding(app: TestApp) -> None:
    small = app.chats.small
    await app.say(app.people.admin, "/bind delivery", group=small)
    await app.feed(app.updates.migrated(small, -1002000000001, by=app.people.admin))
    assert await _bindings(app) == [("delivery", -1002000000001, None, True)]


async def test_bot_removed_from_bound_chat_deactivates_and_tells_admins(app: TestApp) -> None:
    await app.say(app.people.admin, "/bind warehouse", group=app.chats.warehouse)
    await app.feed(
        app.updates.bot_membership(app.chats.warehouse, "kicked", by=app.people.manager)
    )
    await app.app.sender.drain()
    assert await _bindings(app) == []
    told = app.last_to(app.people.admin)
    assert "Бота удалили из чата «Заявки на склад»" in told
    assert "/bind warehouse" in told


async def test_admin_adds_department_in_one_command(app: TestApp) -> None:
    await app.say(app.people.admin, "/department embroidery Вышивка")
    assert "Подразделение «Вышивка» (embroidery) добавлено" in app.last_to(app.people.admin)
    await app.say(app.people.admin, "/bind embroidery", group=app.chats.forum, thread_id=5)
    assert await _bindings(app) == [("embroidery", app.chats.forum.chat_id, 5, True)]


async def test_department_dialogue_survives_restart(app: TestApp, database_url: str) -> None:
    await app.say(app.people.admin, "/department")
    await app.say(app.people.admin, "embroidery")
    assert "Название подразделения «embroidery»" in app.last_to(app.people.admin)
    await app.close()

    restarted = await TestApp.start(database_url, app.clock)
    restarted.updates = app.updates  # Telegram's update ids go on after a restart
    try:
        await restarted.say(restarted.people.admin, "Вышивка")
        assert "добавлено" in restarted.last_to(restarted.people.admin)
        departments = await restarted.read(lambda uow: uow.departments.get("embroidery"))
        assert departments is not None
        assert departments.title == "Вышивка"
    finally:
        await restarted.close()


async def test_cancel_leaves_dialogue_from_any_step(app: TestApp) -> None:
    await app.say(app.people.admin, "/department")
    await app.say(app.people.admin, "embroidery")
    await app.say(app.people.admin, "/cancel")
    assert app.last_to(app.people.admin) == "Действие отменено."
    await app.say(app.people.admin, "Вышивка")
    assert await app.read(lambda uow: uow.departments.find("embroidery")) is None


async def test_bad_department_code_is_explained(app: TestApp) -> None:
    await app.say(app.people.admin, "/department")
    await app.say(app.people.admin, "Вышивка!")
    assert "Код подразделения — латиница" in app.last_to(app.people.admin)
