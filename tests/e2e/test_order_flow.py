"""One order from the manager's message to delivered, through the real `python -m bot`
against the fake Bot API: the warehouse and the driver press the buttons of their cards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import SystemClock
from bot.domain.roles import Role
from bot.services import catalog
from storage.models import Order, Reminder
from storage.uow import UnitOfWork
from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, button_of, seed_staff_and_client
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.e2e

MANAGER, STOREKEEPER, DRIVER = 900003, 900004, 900006
WAREHOUSE_CHAT, DELIVERY_CHAT = -1001000000001, -1001000000005
ORDER_TEXT = (
    "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188 — 10 шт, опт, доставим сами"
)
CONFIRM = "Оформить заявку"
STEP = 20.0  # seconds any one answer may take

CLOCK = ("tasks", "deadlines", "daily")  # the SLA clocks and the daily rhythm plan rows too


async def seed(uow: UnitOfWork) -> None:
    """Staff, the client and the catalog, as earlier work (invites, imports) left them."""
    staff = [(MANAGER, "Ирина Лебедева", Role.MANAGER, "sales"),
             (STOREKEEPER, "Полина Рыжова", Role.WAREHOUSE, "warehouse"),
             (DRIVER, "Антон Кочетов", Role.DRIVER, "delivery")]  # fmt: skip
    await seed_staff_and_client(uow, staff, manager=MANAGER)
    data = (Path(__file__).parents[1] / "data" / "catalog.csv").read_bytes()
    await catalog.store_items(uow, catalog.read_rows("catalog.csv", data), SystemClock().now())


def card_button(fake: FakeTelegram, chat_id: int, label: str) -> tuple[Any, str] | None:
    """The newest task card in the chat, if it offers a button with `label`."""
    cards = [m for m in fake.messages.get(chat_id, {}).values() if "Статус:" in (m.text or "")]
    return button_of(cards[-1], label) if cards else None


async def press_card(fake: FakeTelegram, who: int, chat_id: int, label: str) -> None:
    await fake.wait_for(lambda _c: card_button(fake, chat_id, label) is not None, timeout=STEP)
    found = card_button(fake, chat_id, label)
    assert found is not None
    message, data = found
    fake.push_update(fake.callback(fake.user(who, "x"), message, data))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_order_from_message_to_delivered(harness: Harness) -> None:
    fake = harness.fake
    bot = await harness.start()
    await fake.wait_until_polling(START_TIMEOUT)
    await harness.write(seed)
    admin = fake.user(ADMIN_ID, "Анна")
    for department, chat_id, title in (
        ("warehouse", WAREHOUSE_CHAT, "Заявки на склад"),
        ("delivery", DELIVERY_CHAT, "Доставка"),
    ):
        fake.push_update(fake.group_message(admin, chat_id, f"/bind {department}", title=title))
        await fake.wait_for(lambda c, chat=chat_id: c.chat_id == chat and c.ok, timeout=STEP)

    manager = fake.user(MANAGER, "Ирина", last_name="Лебедева")
    fake.push_update(fake.private_message(manager, ORDER_TEXT))
    await fake.wait_for(
        lambda _c: any(button_of(m, CONFIRM) for m in fake.messages.get(MANAGER, {}).values()),
        timeout=STEP,
    )
    preview = next(m for m in reversed(fake.messages[MANAGER].values()) if button_of(m, CONFIRM))
    _, confirm = button_of(preview, CONFIRM)  # type: ignore[misc]
    fake.push_update(fake.callback(manager, preview, confirm))

    await press_card(fake, STOREKEEPER, WAREHOUSE_CHAT, "Принято")
    await press_card(fake, STOREKEEPER, WAREHOUSE_CHAT, "Собрано")
    for label in ("Беру", "Забрал", "Доставлено"):
        await press_card(fake, DRIVER, DELIVERY_CHAT, label)

    await fake.wait_for(
        lambda _c: any("доставлено" in t and "закрыта" in t for t in fake.texts(MANAGER)),
        timeout=STEP,
    )
    warehouse_card = card_button(fake, WAREHOUSE_CHAT, "")
    assert warehouse_card is None  # done: no buttons left
    cards = [m for m in fake.messages[WAREHOUSE_CHAT].values() if "Статус:" in (m.text or "")]
    assert "Костюм «Технолог» — серый/красный · 52-54 · 182-188 — 10 компл." in (
        cards[-1].text or ""
    )
    assert "Статус: собрано" in (cards[-1].text or "")
    orders = await harness.read(lambda uow: uow.session.scalars(select(Order)))
    [order] = list(orders)
    assert (order.status, order.delivery_kind) == ("closed", "own_driver")
    reminders = list(await harness.read(lambda uow: uow.session.scalars(select(Reminder))))
    assert [(r.key, r.subject_id) for r in reminders if r.policy not in CLOCK] == [
        ("follow_up_after_delivery.call", str(order.id))
    ]
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log
