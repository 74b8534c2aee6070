"""A registered client's order is `awaiting_manager` until their manager decides: /my shows it
so, the manager confirms it from /my (the real dispatch follows) or cancels it (declined)."""

from __future__ import annotations

from sqlalchemy import select

from bot.views.callbacks import MyOrderCb
from storage.models import Interaction, Order, Task
from tests.handlers.test_orders_intake import (
    CLIENT,
    CLIENT_ORDER,
    _client_of_romashka,
    _client_submits,
)
from tests.harness import TestApp
from tests.orders_seed import bind

AWAITING = "ждёт подтверждения менеджера"


async def _order(app: TestApp, order_id: int) -> Order:
    order = await app.read(lambda uow: uow.orders.get(order_id))
    assert order is not None
    return order


async def _tasks(app: TestApp, order_id: int) -> list[Task]:
    return list(await app.read(lambda uow: uow.tasks.of_order(order_id)))


async def test_awaiting_order_is_shown_in_my_and_confirmed_from_there(app: TestApp) -> None:
    await _client_of_romashka(app)
    await bind(app, "warehouse", app.chats.warehouse)
    manager = app.people.manager
    order = await _client_submits(app, f"{CLIENT_ORDER}, опт")
    assert order.status == "awaiting_manager"

    await app.say(manager, "/my")
    assert f"№1 · ООО «Ромашка» — {AWAITING}" in app.last_to(manager)
    await app.press(manager, MyOrderCb(a="open", order=order.id).pack())
    card = app.telegram.sent_to(manager.tg_user_id)[-1]
    assert f"Статус: {AWAITING}" in (card.text or "")
    assert "Заявка клиента ждёт подтверждения" in (card.text or "")
    assert card.buttons == ["✅ Подтвердить", "✏️ Изменить", "❌ Отменить заявку"]

    # nothing went to the departments yet: no comment, no changes by quantity
    await app.press(manager, MyOrderCb(a="comment", order=order.id).pack())
    assert app.alerts()[-1].startswith("Заявка №1 ещё ждёт подтверждения")
    assert not any("Заявка №1" in t for t in app.texts_to(app.chats.warehouse))

    await app.press(manager, card.callback_data("Подтвердить"))
    placed = await _order(app, order.id)
    assert placed.status == "in_work"  # placed, and the real dispatch made its tasks
    [task] = await _tasks(app, order.id)
    assert (task.department_id, task.is_posted) == ("warehouse", True)
    assert app.last_to(app.chats.warehouse).startswith("📦 Заявка №1 · Склад")
    assert app.last_to(CLIENT).startswith("✅ Ваша заявка №1 подтверждена менеджером")
    await app.say(manager, "/my")
    assert "№1 · ООО «Ромашка» — в работе" in app.last_to(manager)
    await app.press(manager, card.callback_data("Подтвердить"))
    assert app.alerts()[-1] == "По заявке №1 уже решили."


async def test_cancelling_an_awaiting_order_declines_it_and_tells_the_client(
    app: TestApp,
) -> None:
    await _client_of_romashka(app)
    manager = app.people.manager
    order = await _client_submits(app, CLIENT_ORDER)  # no price: it cannot be confirmed as is
    await app.press(manager, MyOrderCb(a="open", order=order.id).pack())
    card = app.telegram.sent_to(manager.tg_user_id)[-1]
    assert card.buttons == ["✏️ Изменить", "❌ Отменить заявку"]

    await app.press(manager, card.callback_data("Отменить"))
    confirm = app.telegram.sent_to(manager.tg_user_id)[-1]
    assert (confirm.text or "").startswith("Отменить заявку клиента №1?")
    await app.press(manager, confirm.callback_data("Да, отменить"))
    assert app.alerts()[-1] == "Заявка №1 отклонена. Клиент уведомлён."
    cancelled = await _order(app, order.id)
    assert cancelled.status == "cancelled"
    assert cancelled.cancelled_at is not None
    assert await _tasks(app, order.id) == []
    assert app.last_to(CLIENT).startswith("Ваша заявка №1 отклонена менеджером.")
    approval = [
        c
        for c in app.telegram.of("EditMessageText")
        if c.chat_id == manager.tg_user_id and "Заявка №1" in (c.text or "")
    ]
    assert approval, "the approval card says it was decided"
    forms = await app.read(
        lambda uow: uow.session.scalars(select(Interaction.form).order_by(Interaction.id))
    )
    assert list(forms) == ["order_submitted", "order_rejected"]

    await app.say(manager, "/my")
    assert app.last_to(manager) == "Открытых заявок нет."
    await app.press(manager, confirm.callback_data("Да, отменить"))
    assert app.alerts()[-1] == "Заявка №1 уже отменена."
