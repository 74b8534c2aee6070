"""Managers' requests to departments through the bot: /ask, the card in the department's
chat, the answer at the manager's, КП and an order from it; bad input and strangers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import AskAction, AskCb, AskDeptCb, AskStartCb, ClientAction, ClientCb
from storage.models import DeptRequest, DeptRequestEvent, DeptRequestFile, Interaction
from tests.builders import Group, Person
from tests.fakes.recording_session import Sent
from tests.harness import TestApp
from tests.orders_seed import bind, seed_catalog, seed_order, staff

QUESTION = "Цена и срок: костюм сварщика брезентовый, нестандарт, 20 шт"
ANSWER = "Есть у поставщика, 1 500 ₽ за шт, срок 7 раб. дней"
OTHER_MANAGER = Person(900011, "Олег", "Смирнов")


def last_card(app: TestApp, chat: Group) -> Sent:
    cards = [
        c
        for c in app.telegram.calls
        if c.chat_id == chat.chat_id
        and c.method in ("SendMessage", "EditMessageText")
        and "Запрос №" in (c.text or "")
        and "Статус:" in (c.text or "")
    ]
    assert cards, f"no request card in {chat.title}"
    return cards[-1]


def last_with_buttons(app: TestApp, chat_id: int) -> Sent:
    sent = [c for c in app.telegram.calls if c.chat_id == chat_id and c.buttons]
    assert sent, "no message with buttons"
    return sent[-1]


async def requests(app: TestApp) -> list[DeptRequest]:
    query = select(DeptRequest).order_by(DeptRequest.id)
    return list(await app.read(lambda uow: uow.session.scalars(query)))


async def ask(app: TestApp, who: Person, question: str, department: str = "") -> None:
    """/ask, the question, then the department (the suggested one unless named)."""
    await app.say(who, "/ask")
    await app.say(who, question)
    screen = last_with_buttons(app, who.tg_user_id)
    data = AskDeptCb(v=department).pack() if department else screen.callback_data("⭐")
    await app.press(who, data)


async def setup(app: TestApp, *, supply_chat: bool = True) -> None:
    await staff(app)
    if supply_chat:
        await bind(app, "supply", app.chats.supply)


async def test_manager_asks_supply_and_gets_the_answer_with_a_proposal(app: TestApp) -> None:
    await setup(app)
    await app.say(app.people.manager, "/ask")
    assert "Напишите вопрос" in app.last_to(app.people.manager)
    await app.say(app.people.manager, QUESTION)
    screen = last_with_buttons(app, app.people.manager.tg_user_id)
    assert "Предлагаю: Отдел обеспечения (снабжение)" in (screen.text or "")
    assert screen.buttons[0] == "⭐ Отдел обеспечения (снабжение)"
    await app.press(app.people.manager, screen.callback_data("⭐"))
    assert "Запрос №1 отправлен" in app.last_to(app.people.manager)

    card = last_card(app, app.chats.supply)
    assert "Вопрос: " + QUESTION in (card.text or "")
    assert card.buttons == ["🙋 Взять", "✍️ Ответить", "❔ Уточнить у менеджера", "⛔ Нельзя"]

    await app.press(
        app.people.supplier, card.callback_data("Взять"), chat_id=app.chats.supply.chat_id
    )
    edited = last_card(app, app.chats.supply)
    assert edited.method == "EditMessageText"
    assert "взял Елизавета Ветрова" in (edited.text or "")
    assert "взял Елизавета Ветрова" in app.last_to(app.people.manager)

    await app.press(
        app.people.supplier, edited.callback_data("Ответить"), chat_id=app.chats.supply.chat_id
    )
    assert "напишите ответ" in app.last_to(app.chats.supply)
    await app.say(app.people.supplier, ANSWER, group=app.chats.supply)
    card = last_card(app, app.chats.supply)
    assert "Цена: 1 500,00 ₽" in (card.text or "")
    assert "Срок: 7 раб. дн." in (card.text or "")
    assert card.buttons == []

    told = last_with_buttons(app, app.people.manager.tg_user_id)
    assert "Ответ на запрос №1" in (told.text or "")
    assert "Цена отдела: 1 500,00 ₽" in (told.text or "")
    assert told.buttons == [
        "🙏 Спасибо, закрыть",
        "❔ Уточнить",
        "📄 Сделать КП",
        "🛒 Оформить заказ",
    ]

    await app.press(app.people.manager, told.callback_data("КП"))
    offer, note = app.texts_to(app.people.manager)[-2:]
    assert "Коммерческое предложение" in offer
    assert "Цена: 1 875,00 ₽" in offer  # 1 500 + 25 % (company.yaml requests.markup_percent)
    assert "Срок поставки: 7 раб. дн." in offer
    assert "наценка 25%" in note

    await app.press(app.people.manager, told.callback_data("Спасибо"))
    [req] = await requests(app)
    assert (req.status, req.price_kopecks, req.term_days) == ("closed", 150000, 7)
    assert "закрыл" in (last_card(app, app.chats.supply).text or "")


async def test_reply_to_the_card_in_the_chat_is_the_answer(app: TestApp) -> None:
    await setup(app)
    await ask(app, app.people.manager, QUESTION)
    card = last_card(app, app.chats.supply)
    replied = {
        "message_id": card.message_id,
        "date": 1764000000,
        "chat": app.chats.supply.as_chat(),
    }
    await app.say(
        app.people.supplier,
        "Нет в наличии у поставщика до января, цена 2300 руб",
        group=app.chats.supply,
        reply_to_message=replied,
    )
    [req] = await requests(app)
    assert (req.status, req.price_kopecks) == ("answered", 230000)
    assert "Ответ на запрос №1" in app.last_to(app.people.manager)


async def test_department_asks_the_manager_and_the_reply_comes_back(app: TestApp) -> None:
    await setup(app)
    await ask(app, app.people.manager, QUESTION)
    card = last_card(app, app.chats.supply)
    chat = app.chats.supply.chat_id
    await app.press(app.people.supplier, card.callback_data("Уточнить"), chat_id=chat)
    await app.say(app.people.supplier, "Какой размерный ряд?", group=app.chats.supply)
    asked = last_with_buttons(app, app.people.manager.tg_user_id)
    assert "Какой размерный ряд?" in (asked.text or "")
    await app.press(app.people.manager, asked.callback_data("Ответить отделу"))
    await app.say(app.people.manager, "48-56, рост 170-176")
    assert "Менеджер ответил по запросу №1" in app.last_to(app.chats.supply)
    card = last_card(app, app.chats.supply)
    assert "48-56, рост 170-176" in (card.text or "")
    [req] = await requests(app)
    assert req.status == "taken"


async def test_no_chat_request_waits_and_is_posted_when_a_chat_is_bound(app: TestApp) -> None:
    await setup(app, supply_chat=False)
    await ask(app, app.people.manager, QUESTION)
    assert "пока нет чата" in app.last_to(app.people.manager)
    assert not app.texts_to(app.chats.supply)
    await bind(app, "supply", app.chats.supply)
    assert "Вопрос: " + QUESTION in (last_card(app, app.chats.supply).text or "")
    assert "ушёл в чат отдела" in app.last_to(app.people.manager)


async def test_empty_question_is_refused_and_the_dialogue_waits(app: TestApp) -> None:
    await setup(app)
    await app.say(app.people.manager, "/ask")
    await app.say(app.people.manager, "   ")
    assert "Вопрос пустой" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "Есть ли на складе перчатки х/б, 300 пар?")
    screen = last_with_buttons(app, app.people.manager.tg_user_id)
    assert screen.buttons[0] == "⭐ Склад"


def photo(file_id: str, group: str | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 90, "height": 90}]
    }
    if group:
        extra["media_group_id"] = group
    return extra


async def test_album_is_one_set_and_twenty_photos_are_cut_to_the_limit(app: TestApp) -> None:
    await setup(app)
    await app.say(app.people.manager, "/ask")
    await app.say(app.people.manager, "Можно ли нанести логотип как на фото?")
    for i in range(20):
        await app.say(app.people.manager, None, **photo(f"ph{i}", "album1"))
    to_manager = app.texts_to(app.people.manager)
    assert sum("Файлов к запросу: 1" in t for t in to_manager) == 1  # one reply per album
    assert sum("Слишком много файлов" in t for t in to_manager) == 1  # said once
    await app.press(app.people.manager, AskDeptCb(v="supply").pack())
    files = list(await app.read(lambda uow: uow.session.scalars(select(DeptRequestFile))))
    assert len(files) == 10
    assert {f.set_no for f in files} == {1}
    sent = app.telegram.sent_to(app.chats.supply.chat_id, "SendPhoto")
    assert len(sent) == 10


async def test_stranger_and_other_department_cannot_act_on_the_card(app: TestApp) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    await ask(app, app.people.manager, QUESTION)
    card = last_card(app, app.chats.supply)
    take = card.callback_data("Взять")
    await app.press(app.people.storekeeper, take, chat_id=app.chats.supply.chat_id)
    assert "другого отдела" in app.alerts()[-1]
    [req] = await requests(app)
    # forged callback data: the warehouse's own chat, the supply request's id
    forged = AskCb(a=AskAction.ANSWER, r=req.id).pack()
    await app.press(app.people.storekeeper, forged, chat_id=app.chats.warehouse.chat_id)
    assert "другого отдела" in app.alerts()[-1]
    await app.press(app.people.stranger, take, chat_id=app.chats.supply.chat_id)
    close = AskCb(a=AskAction.CLOSE, r=req.id).pack()
    await app.press(app.people.storekeeper, close)
    assert "не ваш запрос" in app.alerts()[-1]
    [req] = await requests(app)
    assert (req.status, req.taken_by_id) == ("new", None)
    events = list(await app.read(lambda uow: uow.dept_requests.events(req.id)))
    assert [e.event for e in events] == ["created"]


async def test_deactivated_manager_answer_goes_to_the_head(app: TestApp) -> None:
    await setup(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await ask(app, app.people.manager, QUESTION)
    async with app.app.make_uow() as uow:
        user = await uow.users.by_tg_id(app.people.manager.tg_user_id)
        assert user is not None
        user.is_active = False
        await uow.commit()
    card = last_card(app, app.chats.supply)
    before = len(app.texts_to(app.people.manager))
    await app.press(
        app.people.supplier, card.callback_data("Ответить"), chat_id=app.chats.supply.chat_id
    )
    await app.say(app.people.supplier, ANSWER, group=app.chats.supply)
    assert len(app.texts_to(app.people.manager)) == before
    told = last_with_buttons(app, app.people.head.tg_user_id)
    assert "больше не работает" in (told.text or "")
    await app.press(app.people.head, told.callback_data("Спасибо"))
    [req] = await requests(app)
    assert req.status == "closed"


async def test_client_card_request_is_in_the_clients_log_and_in_lists(app: TestApp) -> None:
    await setup(app)
    cp_id = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    await app.press(app.people.manager, ClientCb(action=ClientAction.OPEN, cp=cp_id).pack())
    card = last_with_buttons(app, app.people.manager.tg_user_id)
    await app.press(app.people.manager, card.callback_data("Запрос в отдел"))
    assert "клиент «ООО «Ромашка»»" in app.last_to(app.people.manager)
    await app.say(app.people.manager, QUESTION)
    await app.press(app.people.manager, AskDeptCb(v="supply").pack())
    assert "Клиент: ООО «Ромашка»" in (last_card(app, app.chats.supply).text or "")

    await app.say(app.people.manager, "/my")
    assert "№1 · Отдел обеспечения (снабжение) · новый" in app.last_to(app.people.manager)
    await app.say(app.people.supplier, "/requests")
    assert "№1 · Отдел обеспечения" in app.last_to(app.people.supplier)
    await app.say(OTHER_MANAGER, "/requests")  # not registered: refused, nothing listed

    data = last_card(app, app.chats.supply).callback_data("Взять")
    await app.press(app.people.supplier, data, chat_id=app.chats.supply.chat_id)
    lines = list(
        await app.read(
            lambda uow: uow.session.scalars(select(Interaction).order_by(Interaction.id))
        )
    )
    assert [(i.form, i.outcome) for i in lines][-2:] == [
        ("dept_request", "ask_created"),
        ("dept_request", "ask_taken"),
    ]


async def test_order_from_an_answer_opens_the_order_preview(app: TestApp) -> None:
    await setup(app)
    await seed_catalog(app)
    cp_id = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    await app.press(app.people.manager, AskStartCb(cp=cp_id).pack())
    await app.say(app.people.manager, "костюм технолог серый 52-54 рост 182-188 — 10 шт, опт")
    await app.press(app.people.manager, AskDeptCb(v="supply").pack())
    card = last_card(app, app.chats.supply)
    chat = app.chats.supply.chat_id
    await app.press(app.people.supplier, card.callback_data("Ответить"), chat_id=chat)
    await app.say(app.people.supplier, "Сошьём, 2100 руб, 10 дней", group=app.chats.supply)
    told = last_with_buttons(app, app.people.manager.tg_user_id)
    await app.press(app.people.manager, told.callback_data("Оформить заказ"))
    preview = app.last_to(app.people.manager)
    assert "ООО «Ромашка»" in preview
    assert "Костюм" in preview
    events = list(await app.read(lambda uow: uow.session.scalars(select(DeptRequestEvent.event))))
    assert events[-1] == "order"


async def test_refusal_then_the_manager_asks_again_from_an_order_card(app: TestApp) -> None:
    await setup(app)
    await bind(app, "warehouse", app.chats.warehouse)
    seeded = await seed_order(app)
    await app.press(app.people.manager, AskStartCb(order=seeded.order_id).pack())
    assert f"заявка №{seeded.number}" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "Есть ли на складе ещё 5 таких костюмов?")
    await app.press(app.people.manager, AskDeptCb(v="warehouse").pack())
    card = last_card(app, app.chats.warehouse)
    assert f"К заявке №{seeded.number}" in (card.text or "")
    chat = app.chats.warehouse.chat_id
    await app.press(app.people.storekeeper, card.callback_data("Нельзя"), chat_id=chat)
    await app.say(
        app.people.storekeeper, "Всё отложено под другие заявки", group=app.chats.warehouse
    )
    told = last_with_buttons(app, app.people.manager.tg_user_id)
    assert "нельзя" in (told.text or "")
    assert told.buttons == ["🙏 Спасибо, закрыть", "❔ Уточнить"]  # no price: no КП, no order
    await app.press(app.people.manager, told.callback_data("Уточнить"))
    await app.say(app.people.manager, "А если через неделю?")
    assert "Менеджер уточняет по запросу №1" in app.last_to(app.chats.warehouse)
    card = last_card(app, app.chats.warehouse)
    assert card.buttons == ["🙋 Взять", "✍️ Ответить", "❔ Уточнить у менеджера", "⛔ Нельзя"]
    [req] = await requests(app)
    assert (req.status, req.order_id) == ("new", seeded.order_id)
