from __future__ import annotations

from bot.domain.roles import Role
from tests.harness import TestApp


async def test_stranger_start_explains_how_to_get_access(app: TestApp) -> None:
    await app.say(app.people.stranger, "/start")
    assert "приглашение" in app.last_to(app.people.stranger)


async def test_stranger_text_gets_hint_not_silence(app: TestApp) -> None:
    await app.say(app.people.stranger, "привет, хочу заказать костюмы")
    assert "Я вас пока не знаю" in app.last_to(app.people.stranger)


async def test_admin_from_settings_gets_admin_help(app: TestApp) -> None:
    await app.say(app.people.admin, "/help")
    text = app.last_to(app.people.admin)
    assert "администратор" in text
    assert "/invite" in text
    assert "/bind" not in text or "/staff" in text


async def test_registered_user_start_greets_by_role(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/start")
    assert "менеджер" in app.last_to(app.people.manager)
