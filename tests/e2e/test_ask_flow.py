"""A manager asks supply for a non-standard item's price from a phone, supply answers in its
chat (a reply to the card), the manager turns the answer into a commercial proposal and then
into an order: through the real `python -m bot` against the fake Bot API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.clock import SystemClock
from bot.domain.roles import Role
from bot.services import catalog
from storage.models import DeptRequest, Order
from storage.uow import UnitOfWork
from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, button_of, seed_staff_and_client
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.e2e

MANAGER, SUPPLIER = 900003, 900005
SUPPLY_CHAT = -1001000000002
QUESTION = (
    "Цена и срок под заказ, нестандартный пошив: Ромашка ИНН 3528972289: костюм технолог "
    "серый 52-54 рост 182-188 — 10 шт, опт, доставим сами"
)
ANSWER = "Сошьём на заказ: 2 100 ₽ за шт, срок 10 раб. дней"
CONFIRM = "Оформить заявку"
STEP = 20.0  # seconds any one answer may take


async def seed(uow: UnitOfWork) -> None:
    staff = [(MANAGER, "Ирина Лебедева", Role.MANAGER, "sales"),
             (SUPPLIER, "Елизавета Ветрова", Role.SUPPLY, "supply")]  # fmt: skip
    await seed_staff_and_client(uow, staff, manager=MANAGER)
    data = (Path(__file__).parents[1] / "data" / "catalog.csv").read_bytes()
    await catalog.store_items(uow, catalog.read_rows("catalog.csv", data), SystemClock().now())


def newest_with(fake: FakeTelegram, chat_id: int, label: str) -> tuple[Any, str] | None:
    for message in reversed(list(fake.messages.get(chat_id, {}).values())):
        found = button_of(message, label)
        if found is not None:
            return found
    return None


async def press(fake: FakeTelegram, who: int, chat_id: int, label: str) -> None:
    await fake.wait_for(lambda _c: newest_with(fake, chat_id, label) is not None, timeout=STEP)
    found = newest_with(fake, chat_id, label)
    assert found is not None
    message, data = found
    fake.push_update(fake.callback(fake.user(who, "x"), message, data))


async def text_arrives(fake: FakeTelegram, chat_id: int, part: str) -> str:
    await fake.wait_for(lambda _c: any(part in t for t in fake.texts(chat_id)), timeout=STEP)
    return next(t for t in reversed(fake.texts(chat_id)) if part in t)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_price_request_to_proposal_to_order(harness: Harness) -> None:
    fake = harness.fake
    bot = await harness.start()
    await fake.wait_until_polling(START_TIMEOUT)
    await harness.write(seed)
    admin = fake.user(ADMIN_ID, "Анна")
    bind = fake.group_message(admin, SUPPLY_CHAT, "/bind supply", title="Нестандартные позиции")
    fake.push_update(bind)
    await fake.wait_for(lambda c: c.chat_id == SUPPLY_CHAT and c.ok, timeout=STEP)

    manager = fake.user(MANAGER, "Ирина", last_name="Лебедева")
    fake.push_update(fake.private_message(manager, f"/ask {QUESTION}"))
    await press(fake, MANAGER, MANAGER, "⭐")
    await text_arrives(fake, MANAGER, "Запрос №1 отправлен")

    await fake.wait_for(lambda _c: newest_with(fake, SUPPLY_CHAT, "Взять") is not None, STEP)
    card = newest_with(fake, SUPPLY_CHAT, "Взять")
    assert card is not None
    supplier = fake.user(SUPPLIER, "Елизавета", last_name="Ветрова")
    answer = fake.group_message(supplier, SUPPLY_CHAT, ANSWER, title="Нестандартные позиции")
    answer["message"]["reply_to_message"] = card[0].data
    fake.push_update(answer)

    told = await text_arrives(fake, MANAGER, "Ответ на запрос №1")
    assert "Цена отдела: 2 100,00 ₽" in told
    await press(fake, MANAGER, MANAGER, "Сделать КП")
    offer = await text_arrives(fake, MANAGER, "Коммерческое предложение")
    assert "Цена: 2 625,00 ₽" in offer  # + 25 %
    assert "Срок поставки: 10 раб. дн." in offer

    await press(fake, MANAGER, MANAGER, "Оформить заказ")
    await press(fake, MANAGER, MANAGER, CONFIRM)
    await fake.wait_for(
        lambda _c: any("Заявка №1" in t for t in fake.texts(MANAGER)), timeout=STEP
    )
    orders = list(await harness.read(lambda uow: uow.session.scalars(select(Order))))
    assert len(orders) == 1
    [req] = list(await harness.read(lambda uow: uow.session.scalars(select(DeptRequest))))
    assert (req.status, req.price_kopecks, req.term_days) == ("answered", 210000, 10)
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log
