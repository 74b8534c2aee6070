"""What the order's people notice along its life that the other order tests leave out: the
time on a card, the client told at pickup and at shipment, two presses at the same moment,
and every order event in the client's log (on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.domain.errors import Conflict
from bot.domain.roles import Role
from bot.services.catalog import CatalogCache
from bot.services.orders import comments as order_comments
from bot.services.orders import my_orders
from bot.services.tasks import actions as task_actions
from bot.services.tasks.actions import PressTask, TaskPressed
from bot.texts import Texts
from bot.views.callbacks import MyOrderCb
from storage.models import Interaction, TaskEvent
from tests.builders import Person
from tests.handlers.test_tasks import SUIT, last_card, setup, statuses, tap
from tests.harness import TestApp
from tests.orders_seed import (
    CLIENT,
    DELIVERY_CHAT,
    Line,
    actor_of,
    bind,
    order_of,
    registered_client,
    seed_order,
    staff,
    tasks_of,
)

SECOND_STOREKEEPER = Person(900031, "Ольга", "Соловьёва")


async def outcomes(app: TestApp, order_id: int) -> list[str]:
    rows = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction.outcome)
            .where(Interaction.order_id == order_id, Interaction.form == "order_event")
            .order_by(Interaction.id)
        )
    )
    return [o or "" for o in rows]


async def test_card_shows_who_pressed_and_when(app: TestApp) -> None:
    await setup(app, [SUIT])
    app.clock.set(datetime(2026, 11, 24, 9, 15, tzinfo=UTC))  # 12:15 in Moscow
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    app.clock.set(datetime(2026, 11, 24, 11, 40, tzinfo=UTC))
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Собрано")
    card = last_card(app, app.chats.warehouse)
    assert card.method == "EditMessageText"  # the same message, edited
    sent = [
        c for c in app.telegram.sent_to(app.chats.warehouse.chat_id) if "Статус:" in (c.text or "")
    ]
    assert len(sent) == 1
    text = card.text or ""
    assert "• 24.11 12:15 принято (Полина Рыжова)" in text
    assert "• 24.11 14:40 собрано (Полина Рыжова)" in text
    assert "Статус: собрано" in text


async def test_pickup_order_ready_tells_the_registered_client(app: TestApp) -> None:
    order_id = await setup(app, [SUIT], delivery_kind="pickup")
    order = await order_of(app, order_id)
    await registered_client(app, order.counterparty_id, CLIENT)
    for label in ("Принято", "Собрано"):
        await tap(app, app.people.storekeeper, app.chats.warehouse, label)
    assert (await order_of(app, order_id)).status == "ready"
    assert app.last_to(CLIENT) == f"Ваша заявка №{order.number} готова. Её можно забирать."
    app.clock.advance(5)  # the manager's news window
    await app.app.sender.drain()
    assert "готова к выдаче; клиенту сообщили" in app.last_to(app.people.manager)
    assert "delivery" not in await tasks_of(app, order_id)  # pickup makes no delivery task
    assert (await outcomes(app, order_id))[-1] == "order_ready"


async def test_order_without_agreed_delivery_is_not_offered_for_pickup(app: TestApp) -> None:
    order_id = await setup(app, [SUIT])  # no delivery in the order: the manager arranges it
    order = await order_of(app, order_id)
    await registered_client(app, order.counterparty_id, CLIENT)
    for label in ("Принято", "Собрано"):
        await tap(app, app.people.storekeeper, app.chats.warehouse, label)
    assert (await order_of(app, order_id)).status == "ready"
    assert app.last_to(CLIENT) == (
        f"Ваша заявка №{order.number} готова. "
        "Менеджер свяжется с вами, чтобы договориться об отгрузке."
    )


async def test_transport_company_shipment_gives_the_client_its_tracking_number(
    app: TestApp,
) -> None:
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "delivery", DELIVERY_CHAT)
    seeded = await seed_order(app, [SUIT], delivery_kind="transport_company", carrier="ПЭК")
    order = await order_of(app, seeded.order_id)
    await registered_client(app, order.counterparty_id, CLIENT)
    warehouse = (await tasks_of(app, seeded.order_id))["warehouse"]
    for step in ("accept", "collect"):
        await _press(app, app.people.storekeeper, warehouse.id, step)
    assert last_card(app, DELIVERY_CHAT).buttons == ["🙋 Беру"]
    for label in ("Беру", "Забрал", "Сдано в ТК"):
        await tap(app, app.people.driver, DELIVERY_CHAT, label)
    assert "трек-номер" in app.last_to(DELIVERY_CHAT).lower()
    await app.say(app.people.driver, "1234-5678", group=DELIVERY_CHAT)
    assert "Трек-номер: 1234-5678" in (last_card(app, DELIVERY_CHAT).text or "")
    assert app.last_to(CLIENT) == (
        f"Ваша заявка №{seeded.number} передана в транспортную компанию ПЭК. "
        "Трек-номер: 1234-5678."
    )
    assert (await order_of(app, seeded.order_id)).status == "closed"
    assert (await outcomes(app, seeded.order_id))[-1] == "order_ship"


async def test_two_presses_at_the_same_moment_one_wins_and_the_other_is_told(
    app: TestApp,
) -> None:
    order_id = await setup(app, [SUIT])
    await app.add_person(SECOND_STOREKEEPER, Role.WAREHOUSE, "warehouse")
    task_id = (await tasks_of(app, order_id))["warehouse"].id
    people = [await actor_of(app, p) for p in (app.people.storekeeper, SECOND_STOREKEEPER)]

    async def press(who: int) -> TaskPressed | Conflict:
        async with app.app.make_uow() as uow:
            try:
                cmd = PressTask(people[who], task_id, "accept", 1)
                return await task_actions.press_task(cmd, uow, app.clock, app.app.calendar)
            except Conflict as lost:
                return lost

    results = await asyncio.gather(press(0), press(1))
    await app.app.sender.drain()
    won = [r for r in results if isinstance(r, TaskPressed)]
    lost = [r for r in results if isinstance(r, Conflict)]
    assert (len(won), len(lost)) == (1, 1)
    assert lost[0].key == "task-conflict"  # both read version 1: the row lock decided
    told = Texts.load("ru")(lost[0].key, **lost[0].params)
    assert told.startswith("Кто-то нажал одновременно с вами и успел первым")
    assert (await statuses(app, order_id))["warehouse"] == ("accepted", 2)
    accepts = await app.read(
        lambda uow: uow.session.scalar(
            select(func.count())
            .select_from(TaskEvent)
            .where(TaskEvent.task_id == task_id, TaskEvent.event == "accept")
        )
    )
    assert accepts == 1
    assert await outcomes(app, order_id) == ["order_accept"]


async def test_every_order_event_lands_in_the_clients_log(app: TestApp) -> None:
    order_id = await setup(app, [SUIT, Line("Перчатки х/б", 40, ("procure",), unit="пар")])
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = order_comments.CommentOrder(me, order_id, "Клиент ждёт к пятнице")
        await order_comments.comment_order(cmd, uow, app.clock)
    supply = (await tasks_of(app, order_id))["supply"]
    [gloves] = [
        p for p in await app.read(lambda uow: uow.tasks.positions(order_id)) if p.qty == 40
    ]
    async with app.app.make_uow() as uow:
        change = my_orders.ChangePosition(me, order_id, gloves.id, "50")
        await my_orders.change_position(change, uow, app.clock)
    async with app.app.make_uow() as uow:
        cancel = my_orders.CancelOrder(me, order_id)
        await my_orders.cancel_order(cancel, uow, app.clock, CatalogCache(app.app.company))
    await app.app.sender.drain()
    assert supply.status == "new"
    logged = await outcomes(app, order_id)
    assert logged == ["order_accept", "order_commented", "order_changed", "order_cancelled"]
    texts = Texts.load("ru")
    for outcome in logged:
        assert texts.has(f"outcome-{outcome}"), outcome
    order = await order_of(app, order_id)
    counterparties = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction.counterparty_id).where(Interaction.order_id == order_id)
        )
    )
    assert set(counterparties) == {order.counterparty_id}


async def _press(app: TestApp, who: Person, task_id: int, step: str) -> None:
    actor = await actor_of(app, who)
    task = await app.read(lambda uow: uow.tasks.get(task_id))
    assert task is not None
    async with app.app.make_uow() as uow:
        cmd = PressTask(actor, task_id, step, task.version)
        await task_actions.press_task(cmd, uow, app.clock, app.app.calendar)
    await app.app.sender.drain()


LAYOUT = [{"file_id": "logo-layout", "file_unique_id": "u-logo", "width": 800, "height": 600}]


async def test_manager_sends_a_logo_layout_to_the_department_cards(app: TestApp) -> None:
    order_id = await setup(app, [SUIT, Line("Перчатки х/б", 40, ("procure",), unit="пар")])
    manager = app.people.manager
    await app.press(manager, MyOrderCb(a="open", order=order_id).pack())
    card = app.telegram.sent_to(manager.tg_user_id)[-1]
    await app.press(manager, card.callback_data("Файл"))
    assert "пришлите файл — макет логотипа" in app.last_to(manager)
    await app.say(manager, "сейчас пришлю")
    assert app.last_to(manager).startswith("Жду файл")
    await app.feed(app.updates.message(manager, None, photo=LAYOUT, caption="макет на спину"))
    await app.app.sender.drain()
    assert app.last_to(manager) == "Файл отправлен подразделениям: 2."
    number = (await order_of(app, order_id)).number
    for chat in (app.chats.warehouse, app.chats.supply):
        [photo] = app.telegram.sent_to(chat.chat_id, "SendPhoto")
        assert photo.request.photo == "logo-layout"
        assert photo.text == f"📎 Заявка №{number}: файл от Ирина Лебедева: макет на спину"
        assert "📎 Вложений: 1" in (last_card(app, chat).text or "")
        assert last_card(app, chat).method == "EditMessageText"
    tasks = await tasks_of(app, order_id)
    assert tasks["warehouse"].details["attachments"][0]["file_id"] == "logo-layout"
    assert (await outcomes(app, order_id))[-1] == "order_attached"
    await app.say(manager, "5")  # the question is over: nothing is attached twice
    assert len(app.telegram.sent_to(app.chats.warehouse.chat_id, "SendPhoto")) == 1


async def test_file_for_a_department_without_chat_follows_its_card(app: TestApp) -> None:
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    seeded = await seed_order(app, [SUIT, Line("Перчатки х/б", 40, ("procure",), unit="пар")])
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        spec = order_comments.AttachFile(me, seeded.order_id, "spec-doc", "document", "ТЗ")
        assert await order_comments.attach_file(spec, uow, app.clock) == 2
    await app.app.sender.drain()
    assert app.telegram.sent_to(app.chats.supply.chat_id, "SendDocument") == []
    await bind(app, "supply", app.chats.supply)
    assert "📎 Вложений: 1" in (last_card(app, app.chats.supply).text or "")
    [document] = app.telegram.sent_to(app.chats.supply.chat_id, "SendDocument")
    assert document.request.document == "spec-doc"
    assert len(app.telegram.sent_to(app.chats.warehouse.chat_id, "SendDocument")) == 1


async def test_a_task_made_later_gets_the_files_attached_before(app: TestApp) -> None:
    """The delivery task appears only when the work is done; the driver still gets the spec
    the manager attached while the warehouse was collecting."""
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "delivery", DELIVERY_CHAT)
    address = "Вологда, ул. Мира, 1"
    seeded = await seed_order(app, [SUIT], delivery_kind="own_driver", address=address)
    me = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        spec = order_comments.AttachFile(me, seeded.order_id, "route-doc", "document", "схема")
        assert await order_comments.attach_file(spec, uow, app.clock) == 1
    warehouse = (await tasks_of(app, seeded.order_id))["warehouse"]
    for step in ("accept", "collect"):
        await _press(app, app.people.storekeeper, warehouse.id, step)

    assert "📎 Вложений: 1" in (last_card(app, DELIVERY_CHAT).text or "")
    [document] = app.telegram.sent_to(DELIVERY_CHAT.chat_id, "SendDocument")
    assert document.request.document == "route-doc"
    assert len(app.telegram.sent_to(app.chats.warehouse.chat_id, "SendDocument")) == 1
