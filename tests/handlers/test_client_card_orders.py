"""The counterparty card and orders: its open orders, and «Новая заявка» with the client set."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from bot.domain.roles import Role
from bot.views.callbacks import ClientCb
from storage.models import Order
from tests.builders import Person
from tests.handlers.test_orders_intake import CONFIRM, answer_questions, screen
from tests.harness import TestApp
from tests.orders_seed import seed_catalog, seed_counterparties, seed_order

OTHER_MANAGER = Person(900011, "Олег", "Смирнов")
ORDER_TEXT = "костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"


async def staff(app: TestApp) -> dict[str, int]:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    manager = await app.read(lambda uow: uow.users.by_tg_id(app.people.manager.tg_user_id))
    assert manager is not None
    await seed_catalog(app)
    return await seed_counterparties(app, manager_id=manager.id)


async def orders(app: TestApp) -> list[Order]:
    return list(await app.read(lambda uow: uow.session.scalars(select(Order).order_by(Order.id))))


async def test_card_lists_open_orders_and_opens_them(app: TestApp) -> None:
    ids = await staff(app)
    cp_id = ids["CP-001"]
    first = await seed_order(app, counterparty_id=cp_id, deadline=date(2026, 12, 20))
    closed = await seed_order(app, counterparty_id=cp_id)
    await seed_order(app, counterparty_id=ids["CP-002"])  # another client's
    async with app.app.make_uow() as uow:
        await uow.session.execute(
            update(Order).where(Order.id == closed.order_id).values(status="closed")
        )
        await uow.commit()
    manager = app.people.manager
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    card = screen(app, manager)
    text = card.text or ""
    assert "Открытые заявки (1):" in text
    assert f"• №{first.number}: позиций 1, срок 20.12.2026 — " in text
    assert f"№{closed.number}:" not in text
    assert card.buttons[0] == f"📦 Заявка №{first.number}"
    await app.press(manager, card.callback_data(f"Заявка №{first.number}"))
    assert f"Заявка №{first.number} · ООО «Ромашка»" in (screen(app, manager).text or "")


async def test_another_managers_order_is_listed_without_a_button(app: TestApp) -> None:
    ids = await staff(app)
    seeded = await seed_order(app, counterparty_id=ids["CP-001"])
    await app.press(OTHER_MANAGER, ClientCb(action="open", cp=ids["CP-001"]).pack())
    card = screen(app, OTHER_MANAGER)
    assert f"• №{seeded.number}: позиций 1" in (card.text or "")
    assert not any("📦" in b for b in card.buttons)
    assert "➕ Новая заявка" in card.buttons


async def test_new_order_button_starts_a_draft_with_the_client_set(app: TestApp) -> None:
    ids = await staff(app)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="order", cp=ids["CP-001"]).pack())
    told = app.texts_to(manager)
    assert "Новая заявка для «ООО «Ромашка»»: клиент уже указан" in told[-2]
    assert told[-1].startswith("Пришлите текст заявки")
    await app.say(manager, ORDER_TEXT)
    answers: dict[Any, str] = {}
    preview = await answer_questions(app, manager, answers)
    assert "Клиент: ООО «Ромашка»" in (preview.text or "")
    assert not any("Для какого клиента" in t for t in app.texts_to(manager))
    await app.press(manager, preview.callback_data(CONFIRM))
    [order] = await orders(app)
    assert order.counterparty_id == ids["CP-001"]


async def test_client_named_in_the_text_wins_over_the_card(app: TestApp) -> None:
    ids = await staff(app)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="order", cp=ids["CP-001"]).pack())
    await app.say(manager, f"Уралспецмонтаж ИНН 6671040796: {ORDER_TEXT}")
    preview = await answer_questions(app, manager, {})
    assert "Клиент: ООО «Уралспецмонтаж»" in (preview.text or "")


async def test_client_cannot_start_an_order_from_a_card(app: TestApp) -> None:
    ids = await staff(app)
    client = Person(900050, "Елена", "Захарова")
    await app.add_person(client, Role.CLIENT)
    await app.press(client, ClientCb(action="order", cp=ids["CP-001"]).pack())
    assert "У вас нет прав" in app.alerts()[-1]
    assert await orders(app) == []


async def test_a_card_with_many_open_orders_lists_the_newest_and_counts_the_rest(
    app: TestApp,
) -> None:
    ids = await staff(app)
    seeded = [await seed_order(app, counterparty_id=ids["CP-001"]) for _ in range(12)]
    manager = app.people.manager
    await app.press(manager, ClientCb(action="open", cp=ids["CP-001"]).pack())
    card = screen(app, manager)
    text = card.text or ""
    assert "Открытые заявки (12):\nпоказаны последние 10, ещё 2 — раньше" in text
    listed = [o.number for o in seeded if f"• №{o.number}:" in text]
    assert listed == [o.number for o in seeded[2:]]
    assert len([b for b in card.buttons if b.startswith("📦")]) == 10
