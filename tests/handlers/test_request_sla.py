"""A client request nobody answers, on both databases: after 60 working minutes the client's
manager is reminded, after 120 the head; the first answer stops it; a deactivated manager's
reminder goes to the head."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.views.callbacks import RequestCb
from storage.models import Reminder, User
from tests.builders import Person
from tests.handlers.test_client_portal import CLIENT, registered_client
from tests.harness import TestApp

MSK = ZoneInfo("Europe/Moscow")


def msk(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=MSK).astimezone(UTC)


async def fire(app: TestApp) -> int:
    report = await app.app.reminders.tick()
    await app.app.sender.drain()
    return report.sent


def nudges(app: TestApp, who: Person) -> list[str]:
    return [t for t in app.texts_to(who) if t.startswith("💬 Обращение клиента")]


async def test_unanswered_request_reminds_the_manager_then_the_head(app: TestApp) -> None:
    await registered_client(app)
    app.clock.set(msk(27, 12, 30))  # Friday; lunch 13:00-14:00 does not count
    await app.say(CLIENT, "Нужны 10 костюмов к пятнице")
    app.clock.set(msk(27, 14, 29))
    assert await fire(app) == 0
    app.clock.set(msk(27, 14, 30))
    assert await fire(app) == 1
    [text] = nudges(app, app.people.manager)
    assert "«ООО «Ромашка»»" in text
    assert "60 рабочих минут" in text
    assert "Нужны 10 костюмов к пятнице" in text
    assert nudges(app, app.people.head) == []
    app.clock.set(msk(27, 15, 30))
    assert await fire(app) == 1
    [text] = nudges(app, app.people.head)
    assert "120 рабочих минут" in text


async def test_the_first_answer_stops_the_reminders(app: TestApp) -> None:
    await registered_client(app)
    app.clock.set(msk(27, 10))
    await app.say(CLIENT, "Вопрос")
    app.clock.set(msk(27, 10, 30))
    await app.press(app.people.manager, RequestCb(request=1).pack())
    await app.say(app.people.manager, "Ответ")
    rows = await app.read(lambda uow: uow.session.scalars(select(Reminder)))
    assert sorted((r.step, r.status, r.reason) for r in rows) == [
        ("answer_escalate", "cancelled", "answered"),
        ("answer_reminder", "cancelled", "answered"),
    ]
    app.clock.set(msk(27, 17))
    assert await fire(app) == 0
    assert nudges(app, app.people.manager) == []


async def test_a_deactivated_managers_reminder_goes_to_the_head(app: TestApp) -> None:
    await registered_client(app)
    app.clock.set(msk(27, 10))
    await app.say(CLIENT, "Вопрос")
    async with app.app.make_uow() as uow:
        manager = await uow.users.by_tg_id(app.people.manager.tg_user_id)
        assert isinstance(manager, User)
        manager.is_active = False
        await uow.commit()
    app.clock.set(msk(27, 11))
    assert await fire(app) == 1
    assert nudges(app, app.people.manager) == []
    assert len(nudges(app, app.people.head)) == 1
