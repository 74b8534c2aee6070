"""Who sees what was said (issue 12, item 12). Decided: only those who may act on it.

- The client card's timeline: the client's manager, heads and admins read the texts
  (requests, answers, notes); another manager sees that a contact happened and when, not
  what was said.
- A reply to a task card in a department chat joins the order's history and reaches the
  manager only from staff; a stranger's or a client's reply is ignored, never forwarded.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import ClientCb
from storage.models import Counterparty
from tests.builders import Person
from tests.handlers.test_client_portal import CLIENT, registered_client
from tests.handlers.test_tasks import last_card, setup
from tests.harness import TestApp
from tests.orders_seed import CLIENT as ORDER_CLIENT
from tests.orders_seed import registered_client as order_client

OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")
SECRET = "Нужны 10 костюмов к пятнице, скидку обсудим лично"


async def test_another_manager_sees_the_contact_but_not_what_was_said(app: TestApp) -> None:
    await registered_client(app)
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.say(CLIENT, SECRET)
    [cp_id] = await app.read(lambda uow: uow.session.scalars(select(Counterparty.id)))
    card = ClientCb(action="open", cp=cp_id).pack()

    for reader in (app.people.manager, app.people.head):
        await app.press(reader, card)
        assert "скидку обсудим лично" in app.last_to(reader), reader
    await app.press(OTHER_MANAGER, card)
    shown = app.last_to(OTHER_MANAGER)
    assert "ООО «Ромашка»" in shown
    assert "скидку обсудим лично" not in shown
    assert "Нужны 10 костюмов" not in shown


async def test_a_strangers_reply_to_a_task_card_is_not_forwarded(app: TestApp) -> None:
    order_id = await setup(app)
    order = await app.read(lambda uow: uow.tasks.order(order_id))
    assert order is not None
    await order_client(app, order.counterparty_id, ORDER_CLIENT)
    card = last_card(app, app.chats.warehouse)
    replied = {
        "message_id": card.message_id,
        "date": 1,
        "chat": app.chats.warehouse.as_chat(),
        "text": "card",
    }
    manager = app.people.manager
    told_before = len(app.texts_to(manager))
    for outsider in (app.people.stranger, ORDER_CLIENT):
        text = f"{outsider.first_name}: переведите деньги на карту 4276…"
        await app.say(outsider, text, group=app.chats.warehouse, reply_to_message=replied)
        app.clock.advance(60)
        await app.app.sender.drain()
    assert not any("переведите деньги" in t for t in app.texts_to(manager)[told_before:])

    await app.say(
        app.people.storekeeper, "Упаковали, ждём курьера", group=app.chats.warehouse,
        reply_to_message=replied,
    )  # fmt: skip
    app.clock.advance(60)
    await app.app.sender.drain()
    assert any("Упаковали, ждём курьера" in t for t in app.texts_to(manager)[told_before:])
