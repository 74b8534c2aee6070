"""Department tasks watched by the clock, on both databases: a card not accepted within 30
working minutes of reaching its chat → a reminder in that chat, 60 → the head (lunch,
evenings and weekends do not count); accepting stops them; a card posted late starts its
clock then; an order's deadline and supply's expected date are watched the same way."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.domain.roles import Role
from storage.models import Reminder
from tests.builders import Group, Person
from tests.harness import TestApp
from tests.orders_seed import Line, bind, seed_order, staff, tasks_of
from tests.services.test_order_tasks import press

MSK = ZoneInfo("Europe/Moscow")
SUIT = Line("Костюм «Технолог»", 10, ("stock",), sku="KS-101", colour="серый")
GLOVES = Line("Перчатки х/б", 40, ("procure",), unit="пар")


def msk(d: int, h: int, mi: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, d, h, mi, tzinfo=MSK).astimezone(UTC)


async def fire(app: TestApp) -> int:
    report = await app.app.reminders.tick()
    await app.app.sender.drain()
    return report.sent


def nudges(app: TestApp, who: Person | Group) -> list[str]:
    return [t for t in app.texts_to(who) if t.startswith(("⏱", "⌛", "📅"))]


async def rows(app: TestApp) -> list[Reminder]:
    found = await app.read(lambda uow: uow.session.scalars(select(Reminder).order_by(Reminder.id)))
    return list(found)


async def setup(app: TestApp) -> None:
    await staff(app)
    await app.add_person(app.people.head, Role.HEAD)


async def press_accept(app: TestApp, task_id: int) -> None:
    await press(app, app.people.storekeeper, task_id, "accept")


async def test_unaccepted_card_reminds_its_chat_then_the_head_in_working_minutes(
    app: TestApp,
) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    app.clock.set(msk(27, 12, 45))  # Friday; lunch 13:00-14:00
    seeded = await seed_order(app, [SUIT])
    task = (await tasks_of(app, seeded.order_id))["warehouse"]
    assert task.posted_at == msk(27, 12, 45)

    app.clock.set(msk(27, 14, 14))
    assert await fire(app) == 0
    app.clock.set(msk(27, 14, 15))  # 15 minutes before lunch + 15 after
    assert await fire(app) == 1
    [text] = nudges(app, app.chats.warehouse)
    assert f"Заявка №{seeded.number} (ООО «Ромашка»)" in text
    assert "30 рабочих минут" in text
    assert nudges(app, app.people.head) == []

    app.clock.set(msk(27, 14, 44))
    assert await fire(app) == 0
    app.clock.set(msk(27, 14, 45))
    assert await fire(app) == 1
    [text] = nudges(app, app.people.head)
    assert "не принята подразделением «Склад»" in text or "не принята" in text


async def test_card_posted_in_the_evening_waits_for_monday_morning(app: TestApp) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    app.clock.set(msk(27, 17, 50))  # Friday, 10 minutes before the end of the day
    await seed_order(app, [SUIT])
    app.clock.set(msk(29, 12))  # Sunday
    assert await fire(app) == 0
    app.clock.set(msk(30, 9, 19))
    assert await fire(app) == 0
    app.clock.set(msk(30, 9, 20))  # 10 minutes on Friday + 20 on Monday
    assert await fire(app) == 1
    assert len(nudges(app, app.chats.warehouse)) == 1


async def test_accepting_cancels_the_pending_reminders(app: TestApp) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    app.clock.set(msk(27, 10))
    seeded = await seed_order(app, [SUIT])
    task = (await tasks_of(app, seeded.order_id))["warehouse"]
    app.clock.set(msk(27, 10, 20))
    await press_accept(app, task.id)
    acks = [r for r in await rows(app) if r.policy == "tasks"]
    assert sorted((r.step, r.status, r.reason) for r in acks) == [
        ("ack_escalate", "cancelled", "accepted"),
        ("ack_reminder", "cancelled", "accepted"),
    ]
    app.clock.set(msk(27, 12))
    assert await fire(app) == 0
    assert nudges(app, app.chats.warehouse) == []
    assert nudges(app, app.people.head) == []


async def test_a_card_posted_late_starts_its_clock_when_the_chat_is_bound(app: TestApp) -> None:
    await setup(app)
    app.clock.set(msk(27, 10))
    seeded = await seed_order(app, [SUIT])  # the warehouse has no chat yet
    assert (await tasks_of(app, seeded.order_id))["warehouse"].posted_at is None
    app.clock.set(msk(27, 15))
    await bind(app, "warehouse", app.chats.warehouse)
    assert (await tasks_of(app, seeded.order_id))["warehouse"].posted_at == msk(27, 15)
    app.clock.set(msk(27, 15, 29))
    assert await fire(app) == 0
    app.clock.set(msk(27, 15, 30))
    assert await fire(app) == 1
    assert len(nudges(app, app.chats.warehouse)) == 1


async def test_a_passed_order_deadline_reaches_the_manager_next_working_morning(
    app: TestApp,
) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    app.clock.set(msk(26, 10))
    seeded = await seed_order(app, [SUIT], deadline=date(2026, 11, 27))
    task = (await tasks_of(app, seeded.order_id))["warehouse"]
    await press_accept(app, task.id)
    app.clock.set(msk(30, 8, 59))
    assert await fire(app) == 0
    app.clock.set(msk(30, 9))  # Friday's deadline passed; Monday morning
    assert await fire(app) == 1
    [text] = nudges(app, app.people.manager)
    assert f"Срок заявки №{seeded.number}" in text
    assert "27.11.2026" in text


async def test_supply_expected_date_passed_reminds_supply(app: TestApp) -> None:
    await setup(app)
    await bind(app, "supply", app.chats.supply)
    app.clock.set(msk(26, 10))
    seeded = await seed_order(app, [GLOVES])
    task = (await tasks_of(app, seeded.order_id))["supply"]
    await press(app, app.people.supplier, task.id, "accept")
    task = (await tasks_of(app, seeded.order_id))["supply"]
    await press(app, app.people.supplier, task.id, "order", text="27.11")
    task = (await tasks_of(app, seeded.order_id))["supply"]
    assert task.details.get("expected_on") == "2026-11-27"
    app.clock.set(msk(30, 9))
    assert await fire(app) == 1
    [text] = nudges(app, app.chats.supply)
    assert "товар ждали 27.11.2026" in text
