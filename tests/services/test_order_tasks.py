"""Department tasks as services: dispatch, the status machines and what they set off, on
SQLite and PostgreSQL (the `app` fixture), asserted through what reached which chat and
what is in the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.domain.errors import Conflict, Forbidden, InvalidTransition
from bot.services.catalog import CatalogCache
from bot.services.orders import comments as order_comments
from bot.services.orders import my_orders, routing
from bot.services.tasks import actions as task_actions
from bot.services.tasks.actions import PressTask, SubmitTaskInput
from storage.models import Interaction, Reminder
from tests.builders import Group, Person
from tests.fakes.recording_session import Sent
from tests.harness import TestApp
from tests.orders_seed import (
    CLIENT,
    DELIVERY_CHAT,
    WORKSHOP_CHAT,
    Line,
    actor_of,
    bind,
    catalog_item,
    order_of,
    registered_client,
    seed_order,
    staff,
    tasks_of,
)

SUIT = Line("Костюм «Технолог»", 10, ("stock",), sku="KS-101", colour="серый", size="52-54")
GLOVES = Line("Перчатки х/б", 40, ("procure",), unit="пар")
LOGO_SUIT = Line("Куртка «Арктика»", 5, ("stock", "logo"), sku="KR-201")


def cards_in(app: TestApp, chat: Group, thread_id: int | None = None) -> list[Sent]:
    """Task cards sent or edited in a chat (or one of its topics), oldest first."""
    return [
        c
        for c in app.telegram.calls
        if c.chat_id == chat.chat_id
        and c.method in ("SendMessage", "EditMessageText")
        and "Статус:" in (c.text or "")
        and (thread_id is None or getattr(c.request, "message_thread_id", None) == thread_id)
    ]


def last_card(app: TestApp, chat: Group) -> Sent:
    cards = cards_in(app, chat)
    assert cards, f"no card in {chat.title}"
    return cards[-1]


async def press(app: TestApp, who: Person, task_id: int, step: str, **typed: str) -> None:
    """What the handler does: press, and answer the question if the step asks one."""
    actor = await actor_of(app, who)
    task = await app.read(lambda uow: uow.tasks.get(task_id))
    assert task is not None
    async with app.app.make_uow() as uow:
        pressed = await task_actions.press_task(
            PressTask(actor, task_id, step, task.version), uow, app.clock, app.app.calendar
        )
    if pressed.needs is not None:
        async with app.app.make_uow() as uow:
            await task_actions.submit_task_input(
                SubmitTaskInput(actor, task_id, step, task.version, typed["text"]),
                uow,
                app.clock,
                app.app.calendar,
            )
    await app.app.sender.drain()


async def news_to_manager(app: TestApp) -> list[str]:
    app.clock.advance(5)  # the news window
    await app.app.sender.drain()
    return [t for t in app.texts_to(app.people.manager) if t.startswith("📣")]


async def bound_staff(app: TestApp) -> None:
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "supply", app.chats.supply)
    await bind(app, "workshop", WORKSHOP_CHAT)
    await bind(app, "delivery", DELIVERY_CHAT)


async def test_each_department_gets_one_card_with_only_its_positions(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT, GLOVES, LOGO_SUIT], delivery_kind="own_driver")
    tasks = await tasks_of(app, seeded.order_id)
    assert sorted(tasks) == ["supply", "warehouse", "workshop"]  # delivery comes later
    warehouse = last_card(app, app.chats.warehouse).text or ""
    assert f"Заявка №{seeded.number} · Склад" in warehouse
    assert "Клиент: ООО «Ромашка»" in warehouse
    assert "Менеджер: Ирина Лебедева" in warehouse
    assert "Костюм «Технолог» — серый · 52-54 — 10 шт" in warehouse
    assert "Куртка «Арктика»" in warehouse
    assert "Перчатки" not in warehouse
    supply = last_card(app, app.chats.supply).text or ""
    assert "Перчатки х/б — 40 пар" in supply
    assert "Костюм" not in supply
    workshop = last_card(app, WORKSHOP_CHAT).text or ""
    assert "Куртка «Арктика» — 5 шт [логотип]" in workshop  # logo falls back to the workshop
    assert last_card(app, app.chats.warehouse).buttons == ["✅ Принято"]
    assert (await order_of(app, seeded.order_id)).status == "in_work"
    assert all(t.is_posted for t in tasks.values())


async def test_department_without_chat_waits_and_is_posted_when_bound(app: TestApp) -> None:
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    cancelled = await seed_order(app, [GLOVES])
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = my_orders.CancelOrder(me, cancelled.order_id)
        await my_orders.cancel_order(cmd, uow, app.clock, CatalogCache(app.app.company))
    seeded = await seed_order(app, [SUIT, GLOVES])
    told = "у подразделения «Отдел обеспечения (снабжение)» нет привязанного чата"
    assert told in app.last_to(app.people.manager)
    assert told in app.last_to(app.people.admin)
    supply = (await tasks_of(app, seeded.order_id))["supply"]
    assert not supply.is_posted
    assert cards_in(app, app.chats.supply) == []

    await bind(app, "supply", app.chats.supply)

    [card] = cards_in(app, app.chats.supply)  # the cancelled order's task stays unposted
    assert f"Заявка №{seeded.number}" in (card.text or "")
    assert "Перчатки х/б" in (card.text or "")
    supply = (await tasks_of(app, seeded.order_id))["supply"]
    assert (supply.is_posted, supply.tg_chat_id) == (True, app.chats.supply.chat_id)


async def test_logo_waits_for_the_workshop_when_neither_has_a_chat(app: TestApp) -> None:
    await staff(app)
    seeded = await seed_order(app, [Line("Куртка", 5, ("logo",))])
    assert (await tasks_of(app, seeded.order_id))["logo"].is_posted is False
    await bind(app, "workshop", WORKSHOP_CHAT)  # logo falls back to the workshop
    task = (await tasks_of(app, seeded.order_id))["workshop"]
    assert task.is_posted
    assert "Куртка — 5 шт [логотип]" in (last_card(app, WORKSHOP_CHAT).text or "")


async def test_forum_gets_a_topic_per_order_and_its_talk_joins_the_history(app: TestApp) -> None:
    await staff(app)
    forum = app.chats.forum
    await bind(app, "warehouse", forum)  # the whole forum, not one topic
    seeded = await seed_order(app, [SUIT])
    [topic_call] = app.telegram.of("CreateForumTopic")
    assert topic_call.request.name == f"Заявка №{seeded.number} · ООО «Ромашка»"
    topic = await app.read(lambda uow: uow.tasks.topic(seeded.order_id, forum.chat_id))
    assert topic is not None
    card = last_card(app, forum)
    assert card.request.message_thread_id == topic.thread_id

    await app.say(
        app.people.storekeeper, "Костюмов 52-54 только 8", group=forum, thread_id=topic.thread_id
    )
    await app.say(
        app.people.storekeeper, "не о заявке", group=forum, thread_id=topic.thread_id + 1
    )

    me = await actor_of(app, app.people.manager)
    card_view = await app.read(lambda uow: my_orders.order_card(me, seeded.order_id, uow))
    talk = [h for h in card_view.history if h.event == "message"]
    assert [(h.who, h.note) for h in talk] == [("Полина Рыжова", "Костюмов 52-54 только 8")]
    assert any("Костюмов 52-54 только 8" in t for t in await news_to_manager(app))


async def test_deleted_order_topic_is_recreated_with_the_orders_title(app: TestApp) -> None:
    await staff(app)
    forum = app.chats.forum
    await bind(app, "warehouse", forum)
    seeded = await seed_order(app, [SUIT])
    title = f"Заявка №{seeded.number} · ООО «Ромашка»"
    old = await app.read(lambda uow: uow.tasks.topic(seeded.order_id, forum.chat_id))
    assert old is not None
    gone = TelegramBadRequest(
        method=SendMessage(chat_id=forum.chat_id, text="x"),
        message="Bad Request: message thread not found",
    )
    app.telegram.fail_next("SendMessage", gone)  # somebody deleted the order's topic

    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = order_comments.CommentOrder(me, seeded.order_id, "Клиент ждёт к пятнице")
        await order_comments.comment_order(cmd, uow, app.clock)
    await app.app.sender.drain()

    made = [c.request.name for c in app.telegram.of("CreateForumTopic")]
    assert made == [title, title]  # reopened as the order's topic, not "Склад"
    topic = await app.read(lambda uow: uow.tasks.topic(seeded.order_id, forum.chat_id))
    assert topic is not None
    assert topic.thread_id != old.thread_id
    assert topic.name == title
    warehouse = (await tasks_of(app, seeded.order_id))["warehouse"]
    assert warehouse.thread_id == topic.thread_id
    [comment] = [c for c in app.telegram.sent_to(forum.chat_id) if "Клиент ждёт" in (c.text or "")]
    assert comment.request.message_thread_id == topic.thread_id
    bindings = await app.read(lambda uow: uow.department_chats.active())
    assert [(b.department_id, b.thread_id) for b in bindings] == [("warehouse", None)]

    async with app.app.make_uow() as uow:  # what comes later goes to the new topic at once
        cmd = order_comments.CommentOrder(me, seeded.order_id, "И упаковать по размерам")
        await order_comments.comment_order(cmd, uow, app.clock)
    await app.app.sender.drain()
    later = app.telegram.sent_to(forum.chat_id)[-1]
    assert "И упаковать по размерам" in (later.text or "")
    assert later.request.message_thread_id == topic.thread_id
    assert len(app.telegram.of("CreateForumTopic")) == 2


async def test_order_goes_from_warehouse_shortage_through_supply_to_delivered(
    app: TestApp,
) -> None:
    await bound_staff(app)
    cp_id = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    await registered_client(app, cp_id, CLIENT)
    seeded = await seed_order(app, [SUIT], counterparty_id=cp_id, delivery_kind="own_driver")
    warehouse_id = (await tasks_of(app, seeded.order_id))["warehouse"].id
    people = app.people

    await press(app, people.storekeeper, warehouse_id, "accept")
    await press(app, people.storekeeper, warehouse_id, "short", text="4")
    tasks = await tasks_of(app, seeded.order_id)
    assert tasks["warehouse"].status == "short"
    supply = tasks["supply"]
    assert "Костюм «Технолог» — серый · 52-54 — 4 шт" in (
        last_card(app, app.chats.supply).text or ""
    )

    await press(app, people.supplier, supply.id, "accept")
    await press(app, people.supplier, supply.id, "order", text="к пятнице")
    assert "Ожидается: 27.11.2026" in (last_card(app, app.chats.supply).text or "")
    await press(app, people.supplier, supply.id, "arrive")
    warehouse = (await tasks_of(app, seeded.order_id))["warehouse"]
    assert warehouse.status == "accepted"  # back to the warehouse, to collect
    assert "поступил товар от снабжения" in app.last_to(app.chats.warehouse)
    assert "delivery" not in await tasks_of(app, seeded.order_id)

    await press(app, people.storekeeper, warehouse_id, "collect")
    delivery = (await tasks_of(app, seeded.order_id))["delivery"]
    assert (await order_of(app, seeded.order_id)).status == "delivering"
    assert last_card(app, DELIVERY_CHAT).buttons == ["🙋 Беру"]

    app.clock.set(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))  # Friday afternoon
    for step in ("take", "pick_up", "deliver"):
        await press(app, people.driver, delivery.id, step)

    order = await order_of(app, seeded.order_id)
    assert order.status == "closed"
    assert order.closed_at is not None
    assert app.last_to(CLIENT) == f"Ваша заявка №{seeded.number} доставлена. Спасибо!"
    [follow_up] = await app.read(
        lambda uow: uow.session.scalars(
            select(Reminder).where(Reminder.policy == "follow_up_after_delivery")
        )
    )
    assert follow_up.key == "follow_up_after_delivery.call"
    assert follow_up.due_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 10:00 Moscow
    assert (follow_up.subject_kind, follow_up.subject_id) == ("order", str(seeded.order_id))
    outcomes = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction.outcome).where(Interaction.order_id == seeded.order_id)
        )
    )
    assert list(outcomes) == [
        "order_accept", "order_short", "order_accept", "order_order", "order_arrive",
        "order_collect", "order_take", "order_pick_up", "order_deliver",
    ]  # fmt: skip
    delivered_card = last_card(app, DELIVERY_CHAT)
    assert delivered_card.buttons == []
    assert "Статус: доставлено" in (delivered_card.text or "")


async def test_pickup_order_tells_the_client_and_closes_when_handed_over(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT], delivery_kind="pickup")
    task_id = (await tasks_of(app, seeded.order_id))["warehouse"].id
    await press(app, app.people.storekeeper, task_id, "accept")
    await press(app, app.people.storekeeper, task_id, "collect")
    assert (await order_of(app, seeded.order_id)).status == "ready"
    assert any("готова к выдаче" in t for t in await news_to_manager(app))

    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        await my_orders.hand_over(me, seeded.order_id, uow, app.clock, app.app.calendar)
    assert (await order_of(app, seeded.order_id)).status == "closed"
    reminders = await app.read(
        lambda uow: uow.session.scalars(
            select(Reminder).where(Reminder.policy == "follow_up_after_delivery")
        )
    )
    assert [r.subject_id for r in reminders] == [str(seeded.order_id)]


async def test_transport_company_shipment_closes_with_a_tracking_number(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(
        app, [Line("Перчатки", 5, ())], delivery_kind="transport_company", carrier="ПЭК"
    )
    delivery = (await tasks_of(app, seeded.order_id))["delivery"]  # nothing else to do
    assert "транспортная компания ПЭК" in (last_card(app, DELIVERY_CHAT).text or "")
    for step in ("take", "pick_up"):
        await press(app, app.people.driver, delivery.id, step)
    await press(app, app.people.driver, delivery.id, "ship", text="ПЭК 1234-5678")
    assert (await order_of(app, seeded.order_id)).status == "closed"
    assert "Трек-номер: ПЭК 1234-5678" in (last_card(app, DELIVERY_CHAT).text or "")


async def test_partial_stock_splits_and_returns_to_the_warehouse(app: TestApp) -> None:
    await bound_staff(app)
    await catalog_item(app, "KS-101", "Костюм «Технолог»", stock=7)
    seeded = await seed_order(
        app, [Line("Костюм «Технолог»", 10, ("stock", "procure"), sku="KS-101")]
    )
    tasks = await tasks_of(app, seeded.order_id)
    assert "— 7 шт" in (last_card(app, app.chats.warehouse).text or "")
    assert "— 3 шт" in (last_card(app, app.chats.supply).text or "")
    for step in ("accept", "collect"):
        await press(app, app.people.storekeeper, tasks["warehouse"].id, step)
    for step, typed in (("accept", ""), ("order", "завтра"), ("arrive", "")):
        await press(app, app.people.supplier, tasks["supply"].id, step, text=typed)
    warehouse = (await tasks_of(app, seeded.order_id))["warehouse"]
    assert warehouse.status == "accepted"  # collected what there was; now the rest
    assert "— 10 шт" in (last_card(app, app.chats.warehouse).text or "")


async def test_news_of_one_order_within_seconds_come_as_one_message(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT, GLOVES])
    tasks = await tasks_of(app, seeded.order_id)
    await press(app, app.people.storekeeper, tasks["warehouse"].id, "accept")
    app.clock.advance(1)
    await press(app, app.people.supplier, tasks["supply"].id, "accept")
    [news] = await news_to_manager(app)
    assert "Склад: принято (Полина Рыжова)" in news
    assert "Отдел обеспечения (снабжение): принято (Елизавета Ветрова)" in news

    await press(app, app.people.storekeeper, tasks["warehouse"].id, "collect")
    later = await news_to_manager(app)
    assert len(later) == 2
    assert "собрано" in later[-1]
    assert "принято" not in later[-1]


async def test_two_presses_at_once_one_wins(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT])
    task_id = (await tasks_of(app, seeded.order_id))["warehouse"].id
    async with app.app.make_uow() as first, app.app.make_uow() as second:
        assert await first.tasks.lock(task_id, 1)
        late = asyncio.ensure_future(second.tasks.lock(task_id, 1))
        await asyncio.wait({late}, timeout=0.3)  # the second waits for the first's row lock
        await first.commit()
        assert await late is False
    assert (await app.read(lambda uow: uow.tasks.get(task_id))).version == 2  # type: ignore[union-attr]


async def test_stale_card_and_wrong_department_change_nothing(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT, GLOVES])
    tasks = await tasks_of(app, seeded.order_id)
    storekeeper = await actor_of(app, app.people.storekeeper)
    async with app.app.make_uow() as uow:
        with pytest.raises(Forbidden):
            await task_actions.press_task(
                PressTask(storekeeper, tasks["supply"].id, "accept", 1),
                uow,
                app.clock,
                app.app.calendar,
            )
    await press(app, app.people.storekeeper, tasks["warehouse"].id, "accept")
    async with app.app.make_uow() as uow:
        with pytest.raises(Conflict) as stale:
            await task_actions.press_task(
                PressTask(storekeeper, tasks["warehouse"].id, "accept", 1),
                uow,
                app.clock,
                app.app.calendar,
            )
    assert stale.value.key == "task-stale"
    after = await tasks_of(app, seeded.order_id)
    assert (after["supply"].status, after["warehouse"].version) == ("new", 2)


async def test_cancel_marks_cards_tells_departments_and_stops_presses(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT, GLOVES])
    tasks = await tasks_of(app, seeded.order_id)
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = my_orders.CancelOrder(me, seeded.order_id)
        await my_orders.cancel_order(cmd, uow, app.clock, CatalogCache(app.app.company))
    await app.app.sender.drain()
    for chat in (app.chats.warehouse, app.chats.supply):
        card = last_card(app, chat)
        assert "Заявка отменена" in (card.text or "")
        assert card.buttons == []
        assert f"Заявка №{seeded.number} отменена (Ирина Лебедева)" in app.last_to(chat)
    storekeeper = await actor_of(app, app.people.storekeeper)
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidTransition) as refused:
            await task_actions.press_task(
                PressTask(storekeeper, tasks["warehouse"].id, "accept", 2),
                uow,
                app.clock,
                app.app.calendar,
            )
    assert refused.value.key == "task-cancelled"
    assert {t.status for t in (await tasks_of(app, seeded.order_id)).values()} == {"cancelled"}


async def test_positions_change_only_before_the_department_accepted(app: TestApp) -> None:
    await bound_staff(app)
    seeded = await seed_order(app, [SUIT, GLOVES])
    suit_id, gloves_id = seeded.position_ids
    tasks = await tasks_of(app, seeded.order_id)
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        await my_orders.change_position(
            my_orders.ChangePosition(me, seeded.order_id, gloves_id, "60"), uow, app.clock
        )
    await app.app.sender.drain()
    assert "Перчатки х/б — 60 пар" in (last_card(app, app.chats.supply).text or "")
    assert "40 → 60" in app.last_to(app.chats.supply)

    await press(app, app.people.storekeeper, tasks["warehouse"].id, "accept")
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidTransition) as locked:
            await my_orders.change_position(
                my_orders.ChangePosition(me, seeded.order_id, suit_id, "5"), uow, app.clock
            )
    assert locked.value.key == "my-order-position-locked"
    positions = await app.read(lambda uow: uow.tasks.positions(seeded.order_id))
    assert [p.qty for p in positions] == [10, 60]


async def test_admin_reroutes_a_kind_of_work_without_a_code_change(app: TestApp) -> None:
    await bound_staff(app)
    admin = await actor_of(app, app.people.admin)
    async with app.app.make_uow() as uow:
        await routing.change_route(
            routing.ChangeRoute(admin, "procure", "warehouse"), uow, app.clock
        )
    seeded = await seed_order(app, [GLOVES])
    assert list(await tasks_of(app, seeded.order_id)) == ["warehouse"]
    async with app.app.make_uow() as uow:
        line = await routing.change_route(
            routing.ChangeRoute(admin, "procure", "*"), uow, app.clock
        )
    assert (line.department_id, line.is_default) == ("supply", True)
    manager = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        with pytest.raises(Forbidden):
            await routing.change_route(
                routing.ChangeRoute(manager, "stock", "supply"), uow, app.clock
            )


async def test_defaults_follow_company_yaml_but_admin_changes_stay(app: TestApp) -> None:
    admin = await actor_of(app, app.people.admin)
    async with app.app.make_uow() as uow:
        await routing.change_route(routing.ChangeRoute(admin, "logo", "workshop"), uow, app.clock)
    await app.app.prepare()  # a restart
    rules = await app.read(routing.current_rules)
    assert (rules["logo"], rules["stock"], rules["pickup"]) == ("workshop", "warehouse", None)
