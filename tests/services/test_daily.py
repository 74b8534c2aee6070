"""The daily rhythm with the injected clock, on both databases: the 09:00 plan on working
days only and once after a restart, the 08:30 reconciliation in the warehouse's chat, and
the 17:45 report's round trip (prefilled → «Дополнить» → the head → «Ответить» → back)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.roles import Role
from bot.services import interactions
from bot.views.callbacks import DailyCb, ReminderCb
from storage.models import DailyReport, Reminder
from tests.fakes.clock import FakeClock
from tests.harness import TestApp
from tests.orders_seed import Line, actor_of, bind, seed_order, staff, tasks_of
from tests.services.test_follow_up import delivered
from tests.services.test_order_tasks import press

MSK = ZoneInfo("Europe/Moscow")
SUIT = Line("Костюм «Технолог»", 10, ("stock",), sku="KS-101", colour="серый")
GLOVES = Line("Перчатки х/б", 40, ("procure",), unit="пар")


def msk(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=MSK).astimezone(UTC)


@pytest.fixture
async def rhythm(database_url: str, clock: FakeClock) -> AsyncIterator[TestApp]:
    clock.set(msk(26, 10))  # Thursday
    app = await TestApp.start(database_url, clock, daily=True)
    yield app
    await app.close()


async def fire(app: TestApp) -> int:
    report = await app.app.reminders.tick()
    await app.app.sender.drain()
    return report.sent


def mornings(app: TestApp) -> list[str]:
    return [t for t in app.texts_to(app.people.manager) if t.startswith("☀️")]


async def log_contact(app: TestApp, cp_id: int, on: date | None, note: str) -> None:
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = interactions.LogInteraction(me, cp_id, "call_out", "agreed", note, on)
        await interactions.log_interaction(cmd, uow, app.clock, app.app.calendar)


async def test_morning_plan_on_working_days_only_and_once_after_a_restart(
    rhythm: TestApp, database_url: str, clock: FakeClock
) -> None:
    app = rhythm
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    cp = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    await log_contact(app, cp, date(2026, 11, 27), "КП; ; перезвонить по КП")
    assert await fire(app) == 0  # plans Thursday's evening and Friday

    app.clock.set(msk(27, 8, 59))
    await fire(app)
    assert mornings(app) == []
    app.clock.set(msk(27, 9))
    await fire(app)
    [text] = mornings(app)
    assert "План на 27.11.2026" in text
    assert "ООО «Ромашка»: перезвонить по КП" in text

    restarted = await TestApp.start(database_url, clock, daily=True)
    try:
        app.clock.set(msk(27, 9, 5))
        await fire(restarted)
        assert mornings(restarted) == []  # the restart sends nothing twice
        rows = await restarted.read(
            lambda uow: uow.session.scalars(
                select(Reminder).where(Reminder.step == "morning_plan")
            )
        )
        assert sorted(r.occurrence for r in rows) == ["2026-11-27", "2026-11-30"]

        for day in (28, 29):  # the weekend: nothing
            restarted.clock.set(msk(day, 9, 30))
            await fire(restarted)
        assert mornings(restarted) == []
        restarted.clock.set(msk(30, 9))  # Monday
        await fire(restarted)
        [monday] = mornings(restarted)
        assert "⚠️ просрочено 27.11.2026 ООО «Ромашка»" in monday
    finally:
        await restarted.close()


async def test_warehouse_reconciliation_at_8_30_in_the_warehouse_chat(rhythm: TestApp) -> None:
    app = rhythm
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    seeded = await seed_order(app, [SUIT], deadline=date(2026, 11, 30))
    await fire(app)
    app.clock.set(msk(27, 8, 29))
    await fire(app)
    assert not any(t.startswith("📋") for t in app.texts_to(app.chats.warehouse))
    app.clock.set(msk(27, 8, 30))  # before the working day: this step may
    await fire(app)
    [text] = [t for t in app.texts_to(app.chats.warehouse) if t.startswith("📋")]
    assert "Сверка со складом на 27.11.2026" in text
    assert "Собрать сегодня: 1" in text
    assert f"№{seeded.number} — ООО «Ромашка», срок 30.11.2026" in text
    assert "Поступило вчера от снабжения: ничего" in text


async def test_end_of_day_report_goes_to_the_head_and_the_answer_comes_back(
    rhythm: TestApp,
) -> None:
    app = rhythm
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    cp = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    await fire(app)
    app.clock.set(msk(26, 15))
    await log_contact(app, cp, None, "обсудили поставку")
    app.clock.set(msk(26, 17, 45))
    await fire(app)
    prompt = app.telegram.sent_to(app.people.manager.tg_user_id)[-1]
    assert "Отчёт за 26.11.2026" in (prompt.text or "")
    assert "Контактов записано: 1" in (prompt.text or "")
    assert "Клиенты: ООО «Ромашка»" in (prompt.text or "")
    assert "✍️ Дополнить" in prompt.buttons

    [row] = await app.read(
        lambda uow: uow.session.scalars(
            select(Reminder).where(
                Reminder.step == "end_of_day_report", Reminder.occurrence == "2026-11-26"
            )
        )
    )
    await app.press(app.people.manager, ReminderCb(id=row.id, a="eod_add").pack())
    assert "что добавить к отчёту" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "Подготовила КП для Прогресса")
    assert app.last_to(app.people.manager) == "Отчёт отправлен руководителю."
    report = app.telegram.sent_to(app.people.head.tg_user_id)[-1]
    assert "Отчёт менеджера Ирина Лебедева за 26.11.2026" in (report.text or "")
    assert "Менеджер добавил: Подготовила КП для Прогресса" in (report.text or "")
    assert report.buttons == ["↩️ Ответить"]

    [saved] = await app.read(lambda uow: uow.session.scalars(select(DailyReport)))
    await app.press(app.people.head, DailyCb(r=saved.id).pack())
    assert "Напишите ответ для Ирина Лебедева" in app.last_to(app.people.head)
    await app.say(app.people.head, "Спасибо, завтра обсудим цены")
    assert app.last_to(app.people.manager) == (
        "↩️ Руководитель Алина Кравцова ответил на ваш отчёт за 26.11.2026: "
        "Спасибо, завтра обсудим цены"
    )
    [saved] = await app.read(lambda uow: uow.session.scalars(select(DailyReport)))
    assert (saved.line, saved.answer) == (
        "Подготовила КП для Прогресса",
        "Спасибо, завтра обсудим цены",
    )


async def test_a_daily_message_switched_off_is_not_planned(rhythm: TestApp) -> None:
    app = rhythm
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    async with app.app.make_uow() as uow:
        policy = await uow.reminders.policy("daily.morning_plan")
        assert policy is not None
        policy.overrides = {"enabled": False}
        await uow.commit()
    await fire(app)
    app.clock.set(msk(27, 9))
    await fire(app)
    assert mornings(app) == []
    rows = await app.read(
        lambda uow: uow.session.scalars(select(Reminder).where(Reminder.step == "morning_plan"))
    )
    assert list(rows) == []


async def test_today_lists_the_reminders_still_waiting(app: TestApp) -> None:
    _, number, _ = await delivered(app)
    app.clock.set(msk(30, 10))  # the follow-up call goes out on Monday
    await fire(app)
    await app.say(app.people.manager, "/today")
    text = app.last_to(app.people.manager)
    assert "Напоминания, которые ждут:" in text
    assert f"• Звонок клиенту после доставки — №{number}" in text
    app.clock.set(msk(30, 10) + (msk(2, 10) - msk(1, 10)))  # Tuesday: still not done
    await app.say(app.people.manager, "/today")
    assert f"⚠️ просрочено: Звонок клиенту после доставки — №{number}" in app.last_to(
        app.people.manager
    )


async def test_a_morning_plan_due_while_the_bot_was_down_goes_out_late_once(
    rhythm: TestApp, database_url: str, clock: FakeClock
) -> None:
    app = rhythm
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await fire(app)  # Thursday: Friday's rows are planned
    clock.set(msk(27, 10))  # the bot was down from Thursday evening to Friday 10:00
    restarted = await TestApp.start(database_url, clock, daily=True)
    try:
        await fire(restarted)
        [text] = [t for t in restarted.texts_to(app.people.manager) if t.startswith("☀️")]
        assert "с опозданием" in text
        await fire(restarted)
        assert len([t for t in restarted.texts_to(app.people.manager) if "☀️" in t]) == 1
        clock.set(msk(30, 12))  # down over the weekend till Monday noon: too late, dropped
        again = await TestApp.start(database_url, clock, daily=True)
        try:
            await fire(again)
            assert [t for t in again.texts_to(app.people.manager) if "☀️" in t] == []
            [row] = await again.read(
                lambda uow: uow.session.scalars(
                    select(Reminder).where(
                        Reminder.step == "morning_plan", Reminder.occurrence == "2026-11-30"
                    )
                )
            )
            assert (row.status, row.reason) == ("cancelled", "too_late")
        finally:
            await again.close()
    finally:
        await restarted.close()


async def test_the_reconciliation_lists_yesterdays_arrivals(rhythm: TestApp) -> None:
    app = rhythm
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "supply", app.chats.supply)
    seeded = await seed_order(app, [GLOVES])
    supply = (await tasks_of(app, seeded.order_id))["supply"]
    await press(app, app.people.supplier, supply.id, "accept")
    await press(app, app.people.supplier, supply.id, "order", text="27.11")
    app.clock.set(msk(26, 16))
    await press(app, app.people.supplier, supply.id, "arrive")
    await fire(app)
    app.clock.set(msk(27, 8, 30))
    await fire(app)
    [text] = [t for t in app.texts_to(app.chats.warehouse) if t.startswith("📋")]
    assert "Поступило вчера от снабжения: 1" in text
    assert f"№{seeded.number} — ООО «Ромашка»" in text


async def test_on_a_short_day_the_report_prompt_comes_an_hour_earlier(
    database_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 2, 10, tzinfo=MSK).astimezone(UTC))  # the day before 3 Nov
    app = await TestApp.start(database_url, clock, daily=True)
    try:
        await app.add_person(app.people.manager, Role.MANAGER, "sales")
        await fire(app)
        rows = await app.read(
            lambda uow: uow.session.scalars(
                select(Reminder).where(Reminder.step == "end_of_day_report")
            )
        )
        due = {r.occurrence: r.due_at.astimezone(MSK).strftime("%H:%M") for r in rows}
        assert due == {"2026-11-02": "17:45", "2026-11-03": "16:45"}  # 3 Nov is short
    finally:
        await app.close()
