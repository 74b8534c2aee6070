"""Requests to departments as use cases on SQLite and PostgreSQL: numbering, a department
without a chat, who may act (nothing changes when refused), the answer read from text, the
proposal's markup, and the SLA reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.domain.asks.rules import AskAction, AskSettings
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.roles import Actor, Role
from bot.services.asks import intake, manager, work
from bot.services.asks.cards import AskFile
from storage.models import DeptRequest, OutboxMessage, Reminder
from tests.harness import TestApp
from tests.orders_seed import actor_of, bind, staff

SETTINGS = AskSettings(markup_percent=25, max_files=10)
QUESTION = "Цена и срок: костюм сварщика брезентовый, 20 шт"


async def submit(
    app: TestApp, who: Actor, department: str = "supply", files: list[AskFile] | None = None
) -> int:
    cmd = intake.SubmitAsk(
        actor=who, department_id=department, question=QUESTION, files=files or []
    )
    async with app.app.make_uow() as uow:
        done = await intake.submit_ask(cmd, uow, app.clock, app.app.calendar, SETTINGS)
    return done.request_id


async def load(app: TestApp, request_id: int) -> DeptRequest:
    return await app.read(lambda uow: uow.dept_requests.get(request_id))


async def test_requests_are_numbered_and_posted_to_the_departments_chat(app: TestApp) -> None:
    await staff(app)
    await bind(app, "supply", app.chats.supply)
    manager_actor = await actor_of(app, app.people.manager)
    first = await submit(app, manager_actor)
    second = await submit(app, manager_actor, files=[AskFile("photo", "f1", None)])
    assert [(await load(app, i)).number for i in (first, second)] == [1, 2]
    req = await load(app, second)
    assert (req.status, req.is_posted, req.tg_chat_id) == ("new", True, app.chats.supply.chat_id)
    rows = await app.read(
        lambda uow: uow.session.scalars(
            select(OutboxMessage.method).where(OutboxMessage.dedupe_key.like(f"ask-%:{second}:%"))
        )
    )
    assert sorted(rows) == ["photo", "send"]


async def test_department_without_chat_keeps_the_request_waiting(app: TestApp) -> None:
    await staff(app)
    request_id = await submit(app, await actor_of(app, app.people.manager))
    req = await load(app, request_id)
    assert (req.is_posted, req.tg_chat_id) == (False, None)


async def test_bad_input_changes_nothing(app: TestApp) -> None:
    await staff(app)
    who = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidInput):
            await intake.suggest(who, "  ", SETTINGS, uow)
    too_many = [AskFile("photo", f"p{i}", "album") for i in range(20)]
    with pytest.raises(InvalidInput, match="ask-too-many-files"):
        await submit(app, who, files=too_many)
    with pytest.raises(InvalidInput, match="ask-unknown-department"):
        await submit(app, who, department="sales")
    supplier = await actor_of(app, app.people.supplier)
    with pytest.raises(Forbidden):
        await submit(app, supplier)
    assert await app.read(lambda uow: uow.dept_requests.next_number()) == 1


async def test_only_the_department_acts_and_a_refusal_changes_nothing(app: TestApp) -> None:
    await staff(app)
    await bind(app, "supply", app.chats.supply)
    request_id = await submit(app, await actor_of(app, app.people.manager))
    storekeeper = await actor_of(app, app.people.storekeeper)
    for action in (AskAction.TAKE, AskAction.ANSWER):
        press = work.PressAsk(storekeeper, request_id, action)
        async with app.app.make_uow() as uow:
            with pytest.raises(Forbidden, match="ask-not-your-department"):
                await work.press_ask(press, uow, app.clock, app.app.calendar)
    supplier = await actor_of(app, app.people.supplier)
    async with app.app.make_uow() as uow:
        with pytest.raises(Forbidden, match="ask-not-your-request"):
            await manager.press_manager(
                work.PressAsk(supplier, request_id, AskAction.CLOSE), uow, app.clock
            )
    req = await load(app, request_id)
    assert (req.status, req.version) == ("new", 1)


async def test_answer_text_gives_price_and_term_and_the_proposal_adds_the_markup(
    app: TestApp,
) -> None:
    await staff(app)
    await bind(app, "supply", app.chats.supply)
    manager_actor = await actor_of(app, app.people.manager)
    request_id = await submit(app, manager_actor)
    supplier = await actor_of(app, app.people.supplier)
    typed = work.TypedAsk(supplier, request_id, AskAction.ANSWER, "1 250,50 руб, 7 рабочих дней")
    async with app.app.make_uow() as uow:
        await work.submit_typed(typed, uow, app.clock, app.app.calendar)
    req = await load(app, request_id)
    assert (req.status, req.price_kopecks, req.term_days) == ("answered", 125050, 7)
    async with app.app.make_uow() as uow:
        offer = await manager.make_offer(
            work.PressAsk(manager_actor, request_id, AskAction.OFFER), uow, app.clock, SETTINGS
        )
    assert (offer.price_kopecks, offer.term_days) == (156313, 7)  # 1 250,50 * 1.25
    press = work.PressAsk(supplier, request_id, AskAction.TAKE)
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidTransition):
            await work.press_ask(press, uow, app.clock, app.app.calendar)


async def reminders(app: TestApp) -> list[tuple[str, str]]:
    rows = await app.read(lambda uow: uow.session.scalars(select(Reminder).order_by(Reminder.id)))
    return [(r.step or "", r.status) for r in rows]


async def test_sla_not_taken_reminds_the_chat_then_the_head(app: TestApp) -> None:
    await staff(app)
    await bind(app, "supply", app.chats.supply)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await submit(app, await actor_of(app, app.people.manager))
    assert await reminders(app) == [("take_reminder", "pending"), ("take_escalate", "pending")]
    app.clock.advance(timedelta(minutes=31))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    assert "нажмите «Взять»" in app.last_to(app.chats.supply)
    app.clock.advance(timedelta(minutes=60))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    assert "долго никто не берёт" in app.last_to(app.people.head)


async def test_sla_taken_cancels_and_an_unclosed_answer_reminds_the_manager(
    app: TestApp,
) -> None:
    await staff(app)
    await bind(app, "supply", app.chats.supply)
    request_id = await submit(app, await actor_of(app, app.people.manager))
    supplier = await actor_of(app, app.people.supplier)
    async with app.app.make_uow() as uow:
        await work.press_ask(
            work.PressAsk(supplier, request_id, AskAction.TAKE), uow, app.clock, app.app.calendar
        )
    typed = work.TypedAsk(supplier, request_id, AskAction.ANSWER, "Есть, 900 ₽, 3 дня")
    async with app.app.make_uow() as uow:
        await work.submit_typed(typed, uow, app.clock, app.app.calendar)
    steps = dict(await reminders(app))
    assert steps["take_reminder"] == "cancelled"
    assert steps["close_reminder"] == "pending"
    app.clock.advance(timedelta(days=3))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    assert "не закрыт" in app.last_to(app.people.manager)
