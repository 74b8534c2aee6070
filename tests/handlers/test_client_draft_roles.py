"""A client's /order, whatever they press, stays their own company's order and goes to their
manager for approval; forged buttons change nothing (issue 12, probing 1)."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.domain.orders.dialogue import Choice
from bot.domain.orders.draft import Field
from bot.views.callbacks import OrderCb, OrderScreen
from storage.models import Order, Task
from tests.handlers.test_orders_intake import CLIENT, _client_of_romashka, screen
from tests.harness import TestApp
from tests.orders_seed import bind

POSITIONS = "костюм технолог серый 52-54 рост 182-188 5 шт, опт"


async def _orders(app: TestApp) -> list[Order]:
    return list(await app.read(lambda uow: uow.session.scalars(select(Order).order_by(Order.id))))


def _draft_of(data: str) -> str:
    return OrderCb.unpack(data).d


async def test_a_clients_bare_order_never_asks_for_a_company_and_goes_to_approval(
    app: TestApp,
) -> None:
    cp_id = await _client_of_romashka(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await app.say(CLIENT, "/order")
    first = screen(app, CLIENT)
    await app.press(CLIENT, first.callback_data("Вся заявка"))
    preview = screen(app, CLIENT)
    assert "Ваша заявка (черновик)" in (preview.text or "")
    assert "ООО «Ромашка»" in (preview.text or "")
    await app.press(CLIENT, preview.callback_data("Заполнить недостающее"))
    assert "Для какого клиента" not in (screen(app, CLIENT).text or "")
    d = _draft_of(first.callback_data("Вся заявка"))
    # a forged «Для какого клиента» button, a forged card id, a forged «create a card»
    for forged in (
        OrderCb(a=Choice.ASK, d=d, v=Field.CLIENT.value),
        OrderCb(a=Choice.CLIENT, d=d, v="2"),
        OrderCb(a=Choice.NEW_CLIENT, d=d, v="sure"),
    ):
        await app.press(CLIENT, forged.pack())
    shown = "\n".join(app.texts_to(CLIENT))
    assert "Для какого клиента" not in shown
    assert re.search(r"\b\d{10}\b", shown) is None, "no card of the directory is shown"

    await app.say(CLIENT, f"/order {POSITIONS}")
    preview = screen(app, CLIENT)
    assert "📨 Отправить менеджеру" in preview.buttons
    await app.press(CLIENT, OrderCb(a=OrderScreen.CONFIRM, d=_draft_of(
        preview.callback_data("Отправить менеджеру"))).pack())  # fmt: skip
    [order] = await _orders(app)
    assert (order.status, order.counterparty_id) == ("awaiting_manager", cp_id)
    tasks = await app.read(lambda uow: uow.session.scalars(select(Task)))
    assert list(tasks) == []
    assert not any("Заявка №1" in t for t in app.texts_to(app.chats.warehouse))
