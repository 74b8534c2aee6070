"""Task cards through the bot: the buttons departments press, what they type after some of
them, and the presses that must change nothing."""

from __future__ import annotations

from typing import Any

from aiogram.filters.callback_data import CallbackData

from bot.domain.roles import Role
from bot.views.callbacks import ALL_FACTORIES, MyOrderCb, RouteCb, TaskCb
from tests.builders import Group, Person
from tests.fakes.recording_session import Sent
from tests.harness import TestApp
from tests.orders_seed import (
    CLIENT,
    SEAMSTRESS,
    WORKSHOP_CHAT,
    Line,
    bind,
    registered_client,
    seed_order,
    staff,
    tasks_of,
)

SUIT = Line("Костюм «Технолог»", 10, ("stock",), colour="серый")
GLOVES = Line("Перчатки х/б", 40, ("procure",), unit="пар")


def last_card(app: TestApp, chat: Group) -> Sent:
    cards = [
        c
        for c in app.telegram.calls
        if c.chat_id == chat.chat_id
        and c.method in ("SendMessage", "EditMessageText")
        and "Статус:" in (c.text or "")
    ]
    assert cards, f"no card in {chat.title}"
    return cards[-1]


async def tap(app: TestApp, who: Person, chat: Group, label: str) -> str:
    """Press the button `label` of the chat's current card; returns its callback data."""
    data = last_card(app, chat).callback_data(label)
    await app.press(who, data, chat_id=chat.chat_id)
    return data


async def setup(app: TestApp, lines: list[Line] | None = None, **order: Any) -> int:
    await staff(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "supply", app.chats.supply)
    seeded = await seed_order(app, lines or [SUIT, GLOVES], **order)
    return seeded.order_id


async def statuses(app: TestApp, order_id: int) -> dict[str, tuple[str, int]]:
    return {d: (t.status, t.version) for d, t in (await tasks_of(app, order_id)).items()}


async def test_warehouse_accepts_and_collects_with_the_card_edited_in_place(app: TestApp) -> None:
    order_id = await setup(app)
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    assert app.alerts()[-1] == "Готово: ✅ Принято"
    edited = last_card(app, app.chats.warehouse)
    assert edited.method == "EditMessageText"
    assert edited.buttons == ["📦 Собрано", "⚠️ Не хватает"]
    assert "принято (Полина Рыжова)" in (edited.text or "")

    await tap(app, app.people.storekeeper, app.chats.warehouse, "Собрано")
    assert (await statuses(app, order_id))["warehouse"] == ("collected", 3)
    assert last_card(app, app.chats.warehouse).buttons == []

    before = len(app.telegram.calls)  # talk about no order is left alone
    await app.say(app.people.storekeeper, "обед во сколько?", group=app.chats.warehouse)
    await app.say(app.people.storekeeper, "а тут?", group=app.chats.warehouse, thread_id=5)
    assert len(app.telegram.calls) == before


async def test_shortage_is_asked_for_checked_and_sent_to_supply(app: TestApp) -> None:
    order_id = await setup(app, [SUIT])
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Не хватает")
    assert "сколько не хватает? Напишите число." in app.last_to(app.chats.warehouse)

    group = app.chats.warehouse
    await app.say(app.people.storekeeper, "много", group=group)
    assert "Не понял" in app.last_to(group)
    await app.say(app.people.storekeeper, "11", group=group)
    assert "от 1 до 10, а не 11" in app.last_to(group)
    assert (await statuses(app, order_id))["warehouse"][0] == "accepted"

    await app.say(app.people.storekeeper, "4", group=group)
    assert "Записал" in app.last_to(group)
    assert (await statuses(app, order_id))["warehouse"][0] == "short"
    assert "⚠️ не хватает 4" in (last_card(app, group).text or "")
    assert "Костюм «Технолог» — серый — 4 шт" in (last_card(app, app.chats.supply).text or "")
    before = len(app.telegram.calls)
    await app.say(app.people.storekeeper, "5", group=group)  # the question is over
    assert len(app.telegram.calls) == before


async def test_supply_gives_an_expected_date(app: TestApp) -> None:
    order_id = await setup(app, [GLOVES])
    await tap(app, app.people.supplier, app.chats.supply, "Принято")
    await tap(app, app.people.supplier, app.chats.supply, "Заказано")
    await app.say(app.people.supplier, "вчера", group=app.chats.supply)
    assert "Не понял дату" in app.last_to(app.chats.supply)
    await app.say(app.people.supplier, "01.12", group=app.chats.supply)
    card = last_card(app, app.chats.supply)
    assert "Ожидается: 01.12.2026" in (card.text or "")
    assert card.buttons == ["📥 Поступило"]
    assert (await statuses(app, order_id))["supply"][0] == "ordered"


async def test_press_after_cancellation_changes_nothing(app: TestApp) -> None:
    order_id = await setup(app)
    data = last_card(app, app.chats.warehouse).callback_data("Принято")
    await app.say(app.people.manager, "/my")
    await app.press(app.people.manager, MyOrderCb(a="cancel_yes", order=order_id).pack())
    await app.press(app.people.storekeeper, data, chat_id=app.chats.warehouse.chat_id)
    assert "отменена — по ней больше ничего отмечать не нужно" in app.alerts()[-1]
    assert (await statuses(app, order_id))["warehouse"] == ("cancelled", 2)


async def test_warehouse_member_pressing_a_supply_card_is_refused(app: TestApp) -> None:
    order_id = await setup(app)
    await tap(app, app.people.storekeeper, app.chats.supply, "Принято")
    assert "для подразделения «Отдел обеспечения (снабжение)»" in app.alerts()[-1]
    assert (await statuses(app, order_id))["supply"] == ("new", 1)


async def test_second_press_of_the_same_button_is_refused(app: TestApp) -> None:
    order_id = await setup(app)
    data = await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    await app.add_person(Person(900030, "Тамара", "Шестакова"), Role.WAREHOUSE, "warehouse")
    await app.press(Person(900030, "Тамара"), data, chat_id=app.chats.warehouse.chat_id)
    assert "Карточка уже изменилась (Полина Рыжова): сейчас «принято»" in app.alerts()[-1]
    assert (await statuses(app, order_id))["warehouse"] == ("accepted", 2)


async def test_stranger_or_client_pressing_a_card_is_refused(app: TestApp) -> None:
    order_id = await setup(app)
    order = await app.read(lambda uow: uow.tasks.order(order_id))
    assert order is not None
    await registered_client(app, order.counterparty_id, CLIENT)
    for person in (app.people.stranger, CLIENT):
        await tap(app, person, app.chats.warehouse, "Принято")
        assert "нет прав" in app.alerts()[-1]
    assert (await statuses(app, order_id))["warehouse"] == ("new", 1)


async def test_workshop_ready_with_a_photo_in_reply_to_the_card(app: TestApp) -> None:
    await staff(app)
    await bind(app, "workshop", WORKSHOP_CHAT)
    seeded = await seed_order(app, [Line("Куртка «Арктика»", 5, ("logo",))])
    for label in ("Принято", "В работе", "Готово"):
        await tap(app, SEAMSTRESS, WORKSHOP_CHAT, label)
    card = last_card(app, WORKSHOP_CHAT)
    assert "Фото готового изделия можно прислать ответом" in (card.text or "")
    sent = [c for c in app.telegram.sent_to(WORKSHOP_CHAT.chat_id) if "Статус:" in (c.text or "")]
    photo = [{"file_id": "ph-big", "file_unique_id": "u1", "width": 800, "height": 600}]
    reply = {
        "message_id": sent[0].message_id,
        "date": 1,
        "chat": WORKSHOP_CHAT.as_chat(),
        "text": "card",
    }
    await app.feed(
        app.updates.message(
            SEAMSTRESS, None, group=WORKSHOP_CHAT, photo=photo, reply_to_message=reply
        )
    )
    await app.app.sender.drain()
    task = (await tasks_of(app, seeded.order_id))["workshop"]
    assert task.details["photos"] == ["ph-big"]
    assert "📷 Фото: 1" in (last_card(app, WORKSHOP_CHAT).text or "")
    app.clock.advance(5)  # the manager's news of "ready" is held a moment; the photo follows it
    await app.app.sender.drain()
    [forwarded] = app.telegram.sent_to(app.people.manager.tg_user_id, "SendPhoto")
    assert forwarded.request.photo == "ph-big"
    assert forwarded.text == f"📷 Заявка №{seeded.number} · Швейный цех, фото от Жанна Соболева"


LARGEST: list[CallbackData] = [
    TaskCb(task=2**31 - 1, step="pick_up", v=2**31 - 1),
    MyOrderCb(a="cancel_yes", order=2**31 - 1, pos=2**31 - 1),
    RouteCb(kind="transport_company", dept="d" * 32),
]


def test_task_callbacks_fit_telegram_limit() -> None:
    for data in LARGEST:
        assert type(data) in ALL_FACTORIES
        assert len(data.pack().encode()) <= 64
