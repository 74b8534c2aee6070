"""The follow-up call after delivery, end to end through the engine on both databases:
planned when the order closes, sent to the client's manager the next working day at 10:00,
skipped when a contact was logged since, its outcome an interaction; and the rows written
before the engine existed (kind "follow_up_call") fire after the migration."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from bot.domain.roles import Role
from bot.services import interactions
from bot.services.reminders import actions
from bot.services.tasks.closing import close_order
from storage import migrate
from storage.models import Reminder
from tests.builders import Person
from tests.harness import TestApp
from tests.orders_seed import actor_of, seed_order

MSK = ZoneInfo("Europe/Moscow")
OTHER_MANAGER = Person(900030, "Павел", "Кудрявцев")


def msk(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=MSK).astimezone(UTC)


async def delivered(app: TestApp) -> tuple[int, int, int]:
    """An order of the manager's client, delivered on Friday 27 Nov at 12:00: (order id,
    number, counterparty id)."""
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    seeded = await seed_order(app)
    app.clock.set(msk(27, 12))
    async with app.app.make_uow() as uow:
        order = await uow.orders.get(seeded.order_id)
        assert order is not None
        await close_order(uow, order, app.clock.now(), app.app.calendar, event="deliver")
        await uow.commit()
    return seeded.order_id, seeded.number, seeded.counterparty_id


def calls_to(app: TestApp, who: Person) -> list[str]:
    """The follow-up messages a person got (they get the order's news too)."""
    return [t for t in app.texts_to(who) if "Звонок после доставки" in t]


async def fire(app: TestApp) -> int:
    report = await app.app.reminders.tick()
    await app.app.sender.drain()
    return report.sent


async def follow_ups(app: TestApp) -> list[Reminder]:
    query = select(Reminder).where(Reminder.policy == "follow_up_after_delivery")
    found = await app.read(lambda uow: uow.session.scalars(query.order_by(Reminder.id)))
    return list(found)


async def press(app: TestApp, reminder_id: int, action: str) -> None:
    actor = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        await actions.act_on_reminder(
            actions.ActOnReminder(actor, reminder_id, action),
            uow,
            app.clock,
            app.app.calendar,
            app.app.reminders.kinds,
        )
    await app.app.sender.drain()


async def test_follow_up_reaches_the_manager_next_working_day_and_done_is_the_call(
    app: TestApp,
) -> None:
    _, number, cp = await delivered(app)
    app.clock.set(msk(30, 9, 59))
    assert await fire(app) == 0
    app.clock.set(msk(30, 10))  # Monday 10:00
    assert await fire(app) == 1

    [sent] = [
        c
        for c in app.telegram.sent_to(app.people.manager.tg_user_id)
        if "Звонок после доставки" in (c.text or "")
    ]
    assert f"заявка №{number}, клиент «ООО «Ромашка»»" in (sent.text or "")
    assert sent.buttons == ["✅ Сделано", "⏰ Через час", "🌅 Завтра утром", "📵 Не дозвонился"]

    [row] = await follow_ups(app)
    await press(app, row.id, "done")
    lines = await app.read(lambda uow: uow.interactions.timeline(cp, 1))
    assert [(i.form, i.outcome, i.topic) for i in lines] == [
        ("call_out", "follow_up_done", f"№{number}")
    ]
    assert (await follow_ups(app))[0].status == "done"


async def test_follow_up_is_skipped_when_a_contact_was_logged_since_the_order_closed(
    app: TestApp,
) -> None:
    _, _, cp = await delivered(app)
    app.clock.set(msk(27, 15))
    manager = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = interactions.LogInteraction(manager, cp, "call_out", "agreed", "всё доставили")
        await interactions.log_interaction(cmd, uow, app.clock, app.app.calendar)
    app.clock.set(msk(30, 10))
    assert await fire(app) == 0
    [row] = await follow_ups(app)
    assert (row.status, row.reason) == ("cancelled", "stale:contact_logged")
    assert calls_to(app, app.people.manager) == []


async def test_no_answer_is_logged_and_the_call_comes_back_next_morning(app: TestApp) -> None:
    _, _, cp = await delivered(app)
    app.clock.set(msk(30, 10))
    await fire(app)
    [row] = await follow_ups(app)
    await press(app, row.id, "no_answer")
    lines = await app.read(lambda uow: uow.interactions.timeline(cp, 1))
    assert [(i.form, i.outcome) for i in lines] == [("call_out", "no_answer")]

    app.clock.set(datetime(2026, 12, 1, 9, tzinfo=MSK).astimezone(UTC))  # Tuesday morning
    assert await fire(app) == 1  # a failed attempt is not a contact: asked again
    assert len(calls_to(app, app.people.manager)) == 2


async def test_follow_up_goes_to_the_clients_manager_as_of_when_it_fires(app: TestApp) -> None:
    _, _, cp = await delivered(app)
    other = await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    async with app.app.make_uow() as uow:
        card = await uow.counterparties.get(cp)
        assert card is not None
        card.manager_id = other.id
        await uow.commit()
    app.clock.set(msk(30, 10))
    await fire(app)
    assert len(calls_to(app, OTHER_MANAGER)) == 1
    assert calls_to(app, app.people.manager) == []


async def test_follow_up_rows_written_before_the_engine_fire_after_the_migration(
    app: TestApp,
) -> None:
    """A row as the code before revision 0004 wrote it: picked up, sent once, to the manager."""
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    seeded = await seed_order(app)
    engine = app.app.engine
    await migrate.downgrade(engine, "0003")
    async with engine.begin() as db:
        manager_id = await db.scalar(
            text("SELECT manager_id FROM orders WHERE id = :id"), {"id": seeded.order_id}
        )
        await db.execute(
            text(
                "INSERT INTO reminders (kind, due_at, recipient_user_id, recipient_chat_id, "
                "subject_type, subject_id, payload, status, dedupe_key, created_at) VALUES "
                "('follow_up_call', :due, :uid, :chat, 'order', :oid, :payload, 'pending', "
                ":key, :created)"
            ),
            {
                "due": _stored(msk(24, 10), engine.dialect.name),
                "uid": manager_id,
                "chat": app.people.manager.tg_user_id,
                "oid": seeded.order_id,
                "payload": json.dumps({"number": seeded.number}),
                "key": f"follow_up_call:order:{seeded.order_id}",
                "created": _stored(msk(23, 9), engine.dialect.name),
            },
        )
        await db.execute(
            text("UPDATE orders SET status = 'closed', closed_at = :at WHERE id = :id"),
            {"at": _stored(msk(23, 9), engine.dialect.name), "id": seeded.order_id},
        )
    await migrate.upgrade(engine)  # the new version starts: migrations, then prepare
    await engine.dispose()
    await app.app.prepare()

    [row] = await follow_ups(app)
    assert (row.key, row.subject_kind, row.subject_id, row.status) == (
        "follow_up_after_delivery.call", "order", str(seeded.order_id), "pending",
    )  # fmt: skip
    assert row.dedupe_key == f"follow_up_after_delivery.call|order|{seeded.order_id}|"
    app.clock.set(msk(24, 10))
    assert await fire(app) == 1
    assert await fire(app) == 0
    [call] = calls_to(app, app.people.manager)
    assert f"заявка №{seeded.number}" in call


def _stored(at: datetime, dialect: str) -> object:
    """How UtcDateTime stores a moment: naive UTC on SQLite, aware on PostgreSQL."""
    return at.replace(tzinfo=None) if dialect == "sqlite" else at
