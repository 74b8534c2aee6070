"""The manager's side through the bot: /my, an order's card, comment, change, cancel, hand
over; and /routing for admins."""

from __future__ import annotations

from bot.domain.roles import Role
from bot.views.callbacks import MyOrderCb
from tests.builders import Person
from tests.fakes.recording_session import Sent
from tests.handlers.test_tasks import GLOVES, SUIT, last_card, setup, statuses, tap
from tests.harness import TestApp
from tests.orders_seed import seed_order, tasks_of

OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")


def shown(app: TestApp, who: Person) -> Sent:
    sent = app.telegram.sent_to(who.tg_user_id)
    assert sent, f"nothing was shown to {who}"
    return sent[-1]


async def open_card(app: TestApp, order_id: int) -> Sent:
    await app.press(app.people.manager, MyOrderCb(a="open", order=order_id).pack())
    return shown(app, app.people.manager)


async def test_my_lists_open_orders_with_department_statuses(app: TestApp) -> None:
    order_id = await setup(app)
    await tap(app, app.people.storekeeper, app.chats.warehouse, "Принято")
    await app.say(app.people.manager, "/my")
    listing = shown(app, app.people.manager)
    assert "Открытые заявки (1):" in (listing.text or "")
    assert "№1 · ООО «Ромашка» — в работе" in (listing.text or "")
    assert "Склад: принято" in (listing.text or "")
    assert "Отдел обеспечения (снабжение): новая, ждёт «Принято»" in (listing.text or "")
    card = await open_card(app, order_id)
    text = card.text or ""
    assert "Заявка №1 · ООО «Ромашка»" in text
    assert "Склад: принято (Полина Рыжова)" in text  # the history
    assert card.buttons == [
        "💬 Комментарий",
        "📎 Файл",
        "❓ Запрос в отдел",
        "✏️ Изменить позиции",
        "❌ Отменить заявку",
    ]


async def test_my_is_empty_for_nothing_open_and_refused_to_others(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/my")
    assert app.last_to(app.people.manager) == "Открытых заявок нет."
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.say(app.people.storekeeper, "/my")
    assert "нет прав" in app.last_to(app.people.storekeeper)


async def test_comment_reaches_the_department_cards(app: TestApp) -> None:
    order_id = await setup(app)
    await app.press(app.people.manager, MyOrderCb(a="comment", order=order_id).pack())
    assert "напишите комментарий" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "   ")
    assert "Комментарий пустой" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "Логотип слева на груди")
    assert app.last_to(app.people.manager) == "Комментарий отправлен подразделениям: 2."
    for chat in (app.chats.warehouse, app.chats.supply):
        assert "Логотип слева на груди" in app.last_to(chat)
        assert "💬 комментарий: Логотип слева на груди" in (last_card(app, chat).text or "")


async def test_change_a_position_then_refused_once_accepted(app: TestApp) -> None:
    order_id = await setup(app)
    await app.press(app.people.manager, MyOrderCb(a="change", order=order_id).pack())
    choice = shown(app, app.people.manager)
    assert choice.buttons[:2] == ["1. Костюм «Технолог» — 10 шт", "2. Перчатки х/б — 40 пар"]
    await app.press(app.people.manager, choice.callback_data("2. Перчатки"))
    await app.say(app.people.manager, "сорок")
    assert "целое число" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "60")
    assert "позиция 2 — было 40, стало 60" in app.last_to(app.people.manager)
    assert "Перчатки х/б — 60 пар" in (last_card(app, app.chats.supply).text or "")

    await tap(app, app.people.supplier, app.chats.supply, "Принято")
    card = await open_card(app, order_id)
    await app.press(app.people.manager, card.callback_data("Изменить"))
    assert shown(app, app.people.manager).buttons == [
        "1. Костюм «Технолог» — 10 шт",
        "← К заявке",
    ]


async def test_cancel_asks_first_tells_departments_and_only_for_the_owner(app: TestApp) -> None:
    order_id = await setup(app)
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.press(OTHER_MANAGER, MyOrderCb(a="cancel_yes", order=order_id).pack())
    assert app.alerts()[-1] == "Заявка №1 — не ваша. Её ведёт другой менеджер."
    assert (await statuses(app, order_id))["warehouse"] == ("new", 1)

    card = await open_card(app, order_id)
    await app.press(app.people.manager, card.callback_data("Отменить"))
    confirm = shown(app, app.people.manager)
    assert "Отменить заявку №1?" in (confirm.text or "")
    assert (await statuses(app, order_id))["warehouse"][0] == "new"
    await app.press(app.people.manager, confirm.callback_data("Да, отменить"))
    assert "Заявка №1 отменена. Подразделения уведомлены." in app.last_to(app.people.manager)
    assert "Заявка №1 отменена (Ирина Лебедева)" in app.last_to(app.chats.warehouse)
    await app.press(app.people.manager, confirm.callback_data("Да, отменить"))
    assert app.alerts()[-1] == "Заявка №1 уже отменена."


async def test_pickup_is_handed_over_from_the_card(app: TestApp) -> None:
    order_id = await setup(app, [SUIT], delivery_kind="pickup")
    for label in ("Принято", "Собрано"):
        await tap(app, app.people.storekeeper, app.chats.warehouse, label)
    card = await open_card(app, order_id)
    assert "✅ Выдано клиенту" in card.buttons
    await app.press(app.people.manager, card.callback_data("Выдано клиенту"))
    assert "закрыта как выданная" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "/my")
    assert app.last_to(app.people.manager) == "Открытых заявок нет."


async def test_admin_changes_routing_with_buttons(app: TestApp) -> None:
    await setup(app, [GLOVES])
    await app.say(app.people.admin, "/routing")
    table = shown(app, app.people.admin)
    assert "закупка (нет в наличии, нестандарт): Отдел обеспечения (снабжение)" in (
        table.text or ""
    )
    await app.press(app.people.admin, table.callback_data("закупка"))
    choices = shown(app, app.people.admin)
    assert "Без задачи" not in choices.buttons  # work must go somewhere
    await app.press(app.people.admin, choices.callback_data("Склад"))
    assert "закупка (нет в наличии, нестандарт) → Склад" in app.last_to(app.people.admin)
    seeded = await seed_order(app, [GLOVES])
    assert list(await tasks_of(app, seeded.order_id)) == ["warehouse"]

    await app.say(app.people.manager, "/routing")
    assert "нет прав" in app.last_to(app.people.manager)
