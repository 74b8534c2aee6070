"""A manager's reply (quote) in the private chat goes where the quoted message belongs: to a
relayed client request as its answer, to a message about an order as a comment for the
order's departments, anything else is free text as usual."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.domain.roles import Role
from storage.models import ClientRequest, Order
from tests.builders import DATE, Person
from tests.fakes.recording_session import BOT_USER, Sent
from tests.handlers.test_client_portal import CLIENT, registered_client
from tests.handlers.test_orders_intake import CONFIRM, ROMASHKA, screen
from tests.harness import TestApp
from tests.orders_seed import bind, seed_catalog


def quoting(who: Person, sent: Sent) -> dict[str, Any]:
    """`reply_to_message` of a reply to the bot's message `sent`."""
    return {
        "message_id": sent.message_id,
        "date": DATE,
        "chat": {"id": who.tg_user_id, "type": "private", "first_name": who.first_name},
        "from": BOT_USER.model_dump(exclude_none=True),
        "text": sent.text,
    }


def last_sent(app: TestApp, who: Person) -> Sent:
    return app.telegram.sent_to(who.tg_user_id)[-1]


async def place_order(app: TestApp) -> Sent:
    """A registered client «Ромашка», a bound warehouse, and the manager's order №1 placed:
    the bot's message about it."""
    await registered_client(app)
    await seed_catalog(app)
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await bind(app, "warehouse", app.chats.warehouse)
    await app.say(app.people.manager, ROMASHKA)
    await app.press(app.people.manager, screen(app, app.people.manager).callback_data(CONFIRM))
    return last_sent(app, app.people.manager)


async def test_replies_go_to_the_request_or_the_order_they_quote(app: TestApp) -> None:
    manager = app.people.manager
    placed = await place_order(app)
    assert (placed.text or "").startswith("✅ Заявка №1 оформлена")
    await app.say(CLIENT, "Когда будет счёт?")
    relay = last_sent(app, manager)
    assert "Когда будет счёт?" in (relay.text or "")

    # a reply to the order's message: a comment on the order, not a request's answer
    await app.say(
        manager, "Клиент просит собрать к обеду", reply_to_message=quoting(manager, placed)
    )
    assert app.last_to(manager) == "Комментарий к заявке №1 отправлен подразделениям: 1."
    assert "Клиент просит собрать к обеду" in app.last_to(app.chats.warehouse)
    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert request.first_answered_at is None
    assert not any("собрать к обеду" in t for t in app.texts_to(CLIENT))

    # a reply to the relayed request: still its answer, and no comment for the warehouse
    warehouse_before = len(app.texts_to(app.chats.warehouse))
    await app.say(manager, "Счёт вышлю сегодня", reply_to_message=quoting(manager, relay))
    assert "отправлен клиенту" in app.last_to(manager)
    assert "Счёт вышлю сегодня" in app.last_to(CLIENT)
    assert len(app.texts_to(app.chats.warehouse)) == warehouse_before

    # a reply to something else: free text, as if not a reply
    other = last_sent(app, manager)
    await app.say(manager, "перезвоню после обеда", reply_to_message=quoting(manager, other))
    assert "Не нашёл в сообщении ни одной позиции" in app.last_to(manager)
    assert len(app.texts_to(app.chats.warehouse)) == warehouse_before
    orders = await app.read(lambda uow: uow.session.scalars(select(Order)))
    assert [o.number for o in orders] == [1]


async def test_a_file_in_reply_to_an_orders_message_goes_to_its_departments(app: TestApp) -> None:
    manager = app.people.manager
    placed = await place_order(app)

    layout = [{"file_id": "logo-1", "file_unique_id": "l1", "width": 10, "height": 10}]
    await app.say(
        manager, None, photo=layout, caption="логотип", reply_to_message=quoting(manager, placed)
    )
    assert app.last_to(manager) == "Файл к заявке №1 отправлен подразделениям: 1."
    [photo] = app.telegram.sent_to(app.chats.warehouse.chat_id, "SendPhoto")
    assert photo.request.photo == "logo-1"
    assert "логотип" in (photo.text or "")

    spec = {"file_id": "spec-1", "file_unique_id": "s1", "file_name": "размеры.xlsx"}
    await app.say(manager, None, document=spec, reply_to_message=quoting(manager, placed))
    assert app.last_to(manager) == "Файл к заявке №1 отправлен подразделениям: 1."
    [document] = app.telegram.sent_to(app.chats.warehouse.chat_id, "SendDocument")
    assert document.request.document == "spec-1"  # a table quoting an order is not an import
