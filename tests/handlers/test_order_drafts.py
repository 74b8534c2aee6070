"""Several orders in a row (issue 12): every order message gets its own draft and preview, the
buttons and typed answers act on their draft, drafts are confirmed in any order, /my lists
them. Through the real intake, the real dispatch and the warehouse chat."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.domain.roles import Role
from storage.models import Order, OrderDraft
from tests.builders import Person
from tests.fakes.recording_session import Sent
from tests.handlers.test_orders_intake import CONFIRM, ROMASHKA, screen
from tests.harness import TestApp
from tests.orders_seed import bind, seed_catalog, seed_counterparties

PREVIEW = "📝 Заявка (черновик)"
CARD = re.compile(r"^📦 Заявка №(\d+) · Склад")
SIZES = ("40-42", "44-46", "48-50", "52-54", "56-58", "60-62", "64-66", "68-70")
HEIGHTS = ("158-164", "170-176", "182-188", "194-200")


def order_texts(count: int) -> list[str]:
    """Different complete orders (no two the same text: none is a suspected duplicate)."""
    combos = itertools.product((1, 2, 3, 4), SIZES, HEIGHTS)
    return [
        f"Ромашка ИНН 3528972289: костюм технолог серый {size} рост {height} — {qty} шт, опт"
        for qty, size, height in itertools.islice(combos, count)
    ]


async def _start(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await seed_catalog(app)
    await seed_counterparties(app)
    await bind(app, "warehouse", app.chats.warehouse)


def _previews(app: TestApp, who: Person) -> list[Sent]:
    return [
        c
        for c in app.telegram.sent_to(who.tg_user_id)
        if c.method == "SendMessage" and (c.text or "").startswith(PREVIEW)
    ]


def _warehouse_cards(app: TestApp) -> Counter[int]:
    found = (CARD.match(t) for t in app.texts_to(app.chats.warehouse))
    return Counter(int(m.group(1)) for m in found if m)


async def _orders(app: TestApp) -> list[Order]:
    return list(await app.read(lambda uow: uow.session.scalars(select(Order).order_by(Order.id))))


def _replying_to(sent: Sent) -> dict[str, Any]:
    """A reply (quote) to the bot's message, as Telegram sends it: with its buttons."""
    assert sent.message_id is not None
    markup = getattr(sent.request, "reply_markup", None)
    message: dict[str, Any] = {
        "message_id": sent.message_id,
        "date": 1,
        "chat": {"id": sent.chat_id, "type": "private"},
        "from": {"id": 123456, "is_bot": True, "first_name": "Ops Bot"},
        "text": sent.text,
    }
    if markup is not None:
        message["reply_markup"] = markup.model_dump(exclude_none=True)
    return {"reply_to_message": message}


async def test_a_hundred_orders_in_a_row_each_get_a_preview_and_one_card(
    app: TestApp, caplog: pytest.LogCaptureFixture
) -> None:
    await _start(app)
    manager = app.people.manager
    texts = order_texts(100)
    for text in texts:
        await app.say(manager, text)
    previews = _previews(app, manager)
    assert len(previews) == 100
    assert all("Клиент: ООО «Ромашка»" in (p.text or "") for p in previews)
    assert not any("черновик закрыт" in t for t in app.texts_to(manager))
    opened = await app.read(
        lambda uow: uow.session.scalar(select(func.count()).select_from(OrderDraft))
    )
    assert opened == 100

    for preview in reversed(previews):  # confirmed in reverse order
        await app.press(manager, preview.callback_data(CONFIRM))
    orders = await _orders(app)
    assert len(orders) == 100
    assert sorted(o.source_text for o in orders) == sorted(texts)
    assert _warehouse_cards(app) == Counter({o.number: 1 for o in orders})
    assert orders[0].source_text == texts[-1]  # the last message was confirmed first

    await app.press(manager, previews[0].callback_data(CONFIRM))  # confirmed once only
    assert app.alerts()[-1] == f"Заявка №{orders[-1].number} уже оформлена по этому черновику."
    assert len(await _orders(app)) == 100
    await app.say(manager, "/my")
    assert "Черновики" not in app.last_to(manager)
    assert not [r for r in caplog.records if "handler_failed" in r.getMessage()]


async def test_drafts_are_confirmed_in_any_order_and_a_reply_edits_the_draft_it_quotes(
    app: TestApp,
) -> None:
    await _start(app)
    manager = app.people.manager
    first, second, third = order_texts(3)
    for text in (first, second, third):
        await app.say(manager, text)
    a, b, c = _previews(app, manager)

    await app.say(manager, "перчатки х/б с пвх 20 пар, срочно", **_replying_to(a))
    amended = screen(app, manager)
    assert (amended.text or "").startswith(PREVIEW)
    assert "Перчатки" in (amended.text or "")
    assert "🔥 Срочно" in (amended.text or "")

    await app.press(manager, b.callback_data(CONFIRM))
    await app.press(manager, a.callback_data(CONFIRM))  # the older preview's button: amended
    await app.press(manager, c.callback_data("Отмена"))
    orders = await _orders(app)
    assert [o.source_text for o in orders] == [
        second,
        f"{first}\nперчатки х/б с пвх 20 пар, срочно",
    ]
    placed_b, placed_a = orders
    assert (placed_b.is_urgent, placed_a.is_urgent) == (False, True)
    positions = await app.read(lambda uow: uow.orders.positions(placed_a.id))
    assert len(positions) == 2
    assert positions[0].model == "Костюм «Технолог»"
    await app.press(manager, c.callback_data(CONFIRM))
    assert app.alerts()[-1].startswith("Этот черновик уже закрыт")
    assert len(await _orders(app)) == 2


async def test_typed_answers_go_to_the_draft_replied_to_else_the_newest_that_asked(
    app: TestApp,
) -> None:
    await _start(app)
    manager = app.people.manager
    no_qty = "Ромашка ИНН 3528972289: костюм технолог серый {} рост 182-188, опт"
    await app.say(manager, no_qty.format("52-54"))
    older = screen(app, manager)
    assert "сколько" in (older.text or "")
    await app.say(manager, no_qty.format("56-58"))  # an order text: a new draft, not the answer
    newer = screen(app, manager)
    assert "сколько" in (newer.text or "")
    await app.say(manager, "7")  # the newest that asked
    await app.say(manager, "5", **_replying_to(older))  # the one quoted
    await app.press(manager, screen(app, manager).callback_data(CONFIRM))
    previews = _previews(app, manager)
    await app.press(manager, previews[-2].callback_data(CONFIRM))
    orders = await _orders(app)
    qty = {
        o.source_text: [p.qty for p in await app.read(lambda uow, o=o: uow.orders.positions(o.id))]
        for o in orders
    }
    assert qty == {no_qty.format("52-54"): [5], no_qty.format("56-58"): [7]}


async def test_my_lists_open_drafts_and_opens_each(app: TestApp) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(manager, ROMASHKA)
    await app.say(manager, "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188, опт")
    await app.say(manager, "/my")
    listed = app.telegram.sent_to(manager.tg_user_id)[-1]
    assert "📝 Черновики заявок (2):" in (listed.text or "")
    assert "готов к оформлению" in (listed.text or "")
    assert "не всё заполнено" in (listed.text or "")
    markup = getattr(listed.request, "reply_markup", None)
    assert markup is not None
    drafts = [b for row in markup.inline_keyboard for b in row if b.text.startswith("📝")]
    assert len(drafts) == 2
    await app.press(manager, str(drafts[-1].callback_data))  # the older one: complete
    opened = screen(app, manager)
    assert (opened.text or "").startswith(PREVIEW)
    await app.press(manager, opened.callback_data(CONFIRM))
    assert len(await _orders(app)) == 1
    await app.say(manager, "/my")
    assert "📝 Черновики заявок (1):" in app.last_to(manager)


async def test_cancel_leaves_the_questions_and_keeps_the_drafts(app: TestApp) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(manager, "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188, опт")
    assert "сколько" in (screen(app, manager).text or "")
    await app.say(manager, "/cancel")
    assert app.last_to(manager) == "Действие отменено."
    await app.say(manager, ROMASHKA)  # a new order, not the answer
    assert (screen(app, manager).text or "").startswith(PREVIEW)
    await app.say(manager, "/my")
    assert "📝 Черновики заявок (2):" in app.last_to(manager)
