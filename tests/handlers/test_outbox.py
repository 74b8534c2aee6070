from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage

from bot.domain.roles import Role
from bot.views.callbacks import OutboxCb, StaffCb
from tests.harness import TestApp


async def test_outbox_shows_failures_and_retries_them(app: TestApp) -> None:
    manager = await app.add_person(app.people.manager, Role.MANAGER, "sales")
    bad = TelegramBadRequest(method=SendMessage(chat_id=1, text="x"), message="Bad Request: wat")
    app.telegram.fail_next("SendMessage", bad)  # Telegram refuses the manager's notice for good
    await app.press(
        app.people.admin, StaffCb(action="set", user_id=manager.id, role="supply").pack()
    )
    assert app.texts_to(app.people.manager) == []

    await app.say(app.people.admin, "/outbox")
    report = app.last_to(app.people.admin)
    assert "Не доставлено за сутки: 1" in report
    assert "Bad Request: wat" in report

    await app.press(app.people.admin, OutboxCb(action="retry").pack())
    assert "Повторно поставлено в очередь: 1" in app.alerts()[-1]
    assert "Ваша роль изменена: снабжение" in app.last_to(app.people.manager)


async def test_outbox_is_for_admins_only(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/outbox")
    assert "нет прав" in app.last_to(app.people.manager)
