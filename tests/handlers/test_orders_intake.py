"""A manager's order from a message to a confirmed order, through the bot as a manager sees it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.roles import Actor, Role
from bot.services.tasks import dispatch as order_tasks
from bot.views.callbacks import OrderApprovalCb, OrderCb
from storage.models import ContactPerson, Interaction, Order, OrderPosition
from tests.builders import Person
from tests.fakes.recording_session import Sent
from tests.harness import TestApp
from tests.orders_seed import sample_orders, seed_catalog, seed_counterparties

FOOTER = ("📋 Вся заявка", "Отмена")
CONFIRM = "✅ Оформить заявку"
PRICE_LABELS = {"розница": "retail", "мелкий опт": "small_wholesale", "опт": "wholesale",
                "дилер": "dealer"}  # fmt: skip
ROMASHKA = "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"


class Dispatched:
    """Stands in for the departments' side (order_tasks): what was handed over, and by whom.
    The same samples through the real dispatch to the departments' chats:
    test_orders_dispatch_all.py."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, list[int], Actor]] = []

    async def __call__(
        self, uow: Any, order: Order, positions: Any, *, actor: Actor, clock: Any
    ) -> None:
        assert order.id is not None
        assert all(p.id is not None for p in positions)
        self.calls.append((order.id, [p.line_no for p in positions], actor))


@pytest.fixture
def dispatched(monkeypatch: pytest.MonkeyPatch) -> Dispatched:
    spy = Dispatched()
    monkeypatch.setattr(order_tasks, "dispatch_order", spy)
    return spy


def screen(app: TestApp, who: Person) -> Sent:
    """The last message the bot showed this person (sent or edited in place)."""
    shown = [
        c
        for c in app.telegram.calls
        if c.chat_id == who.tg_user_id and c.method in ("SendMessage", "EditMessageText")
    ]
    assert shown, f"nothing was shown to {who}"
    return shown[-1]


def exact(sent: Sent, label: str) -> str:
    """The callback data of the button labelled exactly `label`."""
    markup = getattr(sent.request, "reply_markup", None)
    for row in markup.inline_keyboard if markup else []:
        for b in row:
            if b.text == label:
                return str(b.callback_data)
    raise KeyError(label)


def options(sent: Sent) -> list[str]:
    return [b for b in sent.buttons if b not in FOOTER]


async def answer_questions(app: TestApp, who: Person, answers: dict[Any, str]) -> Sent:
    """Answer every question with the first button offered (a number where one is typed)
    until the preview offers to confirm; `answers` records what was chosen."""
    for _ in range(40):
        shown = screen(app, who)
        text = shown.text or ""
        if CONFIRM in shown.buttons:
            return shown
        found = re.search(r"Позиция (\d+)", text)
        n = int(found.group(1)) - 1 if found else -1
        if "сколько" in text:
            answers[(n, "qty")] = "7"
            await app.say(who, "7")
            continue
        if "Для какого клиента" in text and not options(shown):
            await app.say(who, "Ромашка")
            continue
        assert options(shown), text
        label = options(shown)[0]
        for words, field in (("какой цвет", "colour"), ("какой размер", "size"),
                             ("какой рост", "height"), ("какая это модель", "model")):  # fmt: skip
            if found and words in text:
                answers[(n, field)] = label
                break
        else:
            if "Ценовая категория" in text:
                answers["price"] = label
            elif "клиента" in text:
                answers["client"] = label
        await app.press(who, shown.callback_data(label))
    raise AssertionError(f"no preview to confirm: {screen(app, who).text}")


async def _orders(app: TestApp) -> list[Order]:
    return list(await app.read(lambda uow: uow.session.scalars(select(Order).order_by(Order.id))))


async def _positions(app: TestApp, order_id: int) -> list[OrderPosition]:
    return list(await app.read(lambda uow: uow.orders.positions(order_id)))


async def _start(app: TestApp) -> dict[str, int]:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await seed_catalog(app)
    return await seed_counterparties(app)


def _check_position(got: OrderPosition, want: dict[str, Any], answers: dict[Any, str], i: int):
    if (i, "model") in answers:
        assert got.model == answers[(i, "model")]
        assert got.sku is not None
    else:
        assert (got.sku, got.model, got.unit) == (want["sku"], want["model"], want["unit"])
        assert got.work == want["work"]
    for field in ("colour", "size", "height"):
        expected = answers.get((i, field), want[field])
        if (i, "model") not in answers or expected is not None:
            assert getattr(got, field) == expected, (i, field)
    assert got.qty == (want["qty"] if want["qty"] is not None else int(answers[(i, "qty")]))


async def test_every_sample_order_becomes_a_confirmed_order(
    app: TestApp, dispatched: Dispatched
) -> None:
    ids = await _start(app)
    manager = app.people.manager
    for sample in sample_orders():
        want = sample["expected"]
        answers: dict[Any, str] = {}
        await app.say(manager, sample["text"])
        shown = await answer_questions(app, manager, answers)
        assert bool(want["missing"]) == bool(answers), sample["id"]
        await app.press(manager, shown.callback_data(CONFIRM))
        order = (await _orders(app))[-1]
        assert app.last_to(manager).startswith(f"✅ Заявка №{order.number} оформлена"), sample[
            "id"
        ]
        assert order.status == "new"
        price = want["price_category"] or PRICE_LABELS[answers["price"]]
        assert order.price_category == price, sample["id"]
        if want["client_id"]:
            assert order.counterparty_id == ids[want["client_id"]], sample["id"]
        else:
            assert order.counterparty_id == ids["CP-001"]  # "Ромашка" chosen from the offer
        delivery = want["delivery"] or {}
        assert (order.delivery_kind, order.carrier) == (
            delivery.get("kind"),
            delivery.get("carrier"),
        )
        assert order.deadline_on == (
            date.fromisoformat(want["deadline"]) if want["deadline"] else None
        )
        assert (order.is_urgent, order.payment) == (want["urgent"], want["payment"]), sample["id"]
        got = await _positions(app, order.id)
        assert len(got) == len(want["positions"]), sample["id"]
        for i, (position, expected) in enumerate(zip(got, want["positions"], strict=True)):
            _check_position(position, expected, answers, i)
    orders = await _orders(app)
    assert len(orders) == len(sample_orders())
    logged = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction.order_id).where(Interaction.form == "order_created")
        )
    )
    assert sorted(logged) == [o.id for o in orders]
    assert [c[0] for c in dispatched.calls] == [o.id for o in orders]


# --- bad input ----------------------------------------------------------------------------


async def test_text_with_nothing_recognisable_can_be_built_by_buttons(
    app: TestApp, dispatched: Dispatched
) -> None:
    ids = await _start(app)
    manager = app.people.manager
    await app.say(manager, "перезвоню после обеда")
    await app.say(manager, "привет, как дела? перезвоню после обеда")
    shown = screen(app, manager)
    assert "Не нашёл в сообщении ни одной позиции" in (shown.text or "")
    assert await _orders(app) == []
    await app.press(manager, shown.callback_data("Собрать заявку кнопками"))
    assert "Для какого клиента заявка?" in (screen(app, manager).text or "")
    await app.say(manager, "3528972289")
    await app.press(manager, screen(app, manager).callback_data("ООО «Ромашка»"))
    await app.press(manager, exact(screen(app, manager), "опт"))
    assert "В заявке пока нет позиций" in (screen(app, manager).text or "")
    await app.say(manager, "куртка вьюга")
    shown = screen(app, manager)
    assert "Какую модель добавить?" in (shown.text or "")
    answers: dict[Any, str] = {}
    await app.press(manager, shown.callback_data(options(shown)[0]))
    shown = await answer_questions(app, manager, answers)
    await app.press(manager, shown.callback_data(CONFIRM))
    [order] = await _orders(app)
    [position] = await _positions(app, order.id)
    assert (order.counterparty_id, order.price_category) == (ids["CP-001"], "wholesale")
    assert "Вьюга" in position.model
    assert position.qty == 7
    assert order.source_text == "привет, как дела? перезвоню после обеда"


async def test_unknown_model_offers_the_closest_catalog_models(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(manager, "Ромашка ИНН 3528972289, опт: костюм химзащиты Л-1 5 шт")
    preview = screen(app, manager)
    assert "нет в каталоге" in (preview.text or "")
    assert "Похожие в каталоге: Костюм «Технолог» с полукомбинезоном" in (preview.text or "")
    assert CONFIRM in preview.buttons  # a non-standard item is allowed: it goes to supply
    await app.press(manager, preview.callback_data("Изменить"))
    await app.press(manager, screen(app, manager).callback_data("1. Костюм химзащиты Л-1"))
    await app.press(manager, screen(app, manager).callback_data("Модель"))
    shown = screen(app, manager)
    assert options(shown)[:2] == ["Костюм «Технолог» с полукомбинезоном", "Костюм «Мастер»"]
    await app.press(manager, shown.callback_data("Костюм «Мастер»"))
    assert "какой" in (screen(app, manager).text or "")  # now its colour / size / height
    await answer_questions(app, manager, {})
    await app.press(manager, screen(app, manager).callback_data(CONFIRM))
    [order] = await _orders(app)
    [position] = await _positions(app, order.id)
    assert position.model == "Костюм «Мастер»"
    assert position.sku is not None


async def test_values_written_wrong_are_asked_again_with_the_reason(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    manager = app.people.manager
    wrong = "Ромашка ИНН 3528972289, опт: костюм технолог серый 74-76 рост 210 0 шт, к 10.11"
    await app.say(manager, wrong)
    shown = screen(app, manager)
    assert (shown.text or "").startswith("Размера 74-76 у этой модели нет. Есть: 40-42, 44-46")
    assert options(shown)[0] == "40-42"
    assert "74-76" not in options(shown)
    await app.press(manager, shown.callback_data("56-58"))
    shown = screen(app, manager)
    assert (shown.text or "").startswith("Роста 210 у этой модели нет.")
    await app.press(manager, shown.callback_data("194-200"))
    assert (screen(app, manager).text or "").startswith("Количество 0 — должно быть больше нуля.")
    for typed, reply in (
        ("-5", "Количество должно быть больше нуля."),
        ("100000", "100000 — слишком большое количество для одной позиции (не больше 10000)"),
        ("много", "Напишите количество числом"),
    ):
        await app.say(manager, typed)
        assert app.last_to(manager).startswith(reply), typed
    await app.say(manager, "12 шт")
    shown = screen(app, manager)
    assert (shown.text or "").startswith("Срок 10.11.2026 уже прошёл.\nКакой срок?")
    await app.say(manager, "01.11")
    assert app.last_to(manager).startswith("01.11.2026 — эта дата уже прошла")
    assert await _orders(app) == []
    await app.press(manager, shown.callback_data("Завтра, 24.11"))
    preview = screen(app, manager)
    assert "Срок: 24.11.2026" in (preview.text or "")
    await app.press(manager, preview.callback_data(CONFIRM))
    [order] = await _orders(app)
    [position] = await _positions(app, order.id)
    assert (position.size, position.height, position.qty) == ("56-58", "194-200", 12)
    assert order.deadline_on == date(2026, 11, 24)


async def test_every_field_can_be_set_from_the_preview(
    app: TestApp, dispatched: Dispatched
) -> None:
    ids = await _start(app)
    manager = app.people.manager

    async def edit(label: str) -> Sent:
        await app.press(manager, screen(app, manager).callback_data("Изменить"))
        await app.press(manager, exact(screen(app, manager), label))
        return screen(app, manager)

    await app.say(manager, f"{ROMASHKA}; перчатки х/б с пвх 20 пар")
    await app.press(manager, (await edit("Доставка")).callback_data("ТК: ПЭК"))
    assert (await edit("Адрес")).text == "Напишите адрес доставки (город, улица, дом):"
    await app.say(manager, "Вологда, ул. Ленина, 5")
    await app.press(manager, (await edit("Оплата")).callback_data("отсрочка 14 дней"))
    await app.press(manager, (await edit("Срок")).callback_data("Через неделю, 30.11"))
    await app.press(manager, screen(app, manager).callback_data("Изменить"))
    await app.press(manager, screen(app, manager).callback_data("Срочно: нет"))
    await app.press(manager, (await edit("Цена")).callback_data("дилер"))
    await app.press(manager, screen(app, manager).callback_data("Изменить"))
    await app.press(manager, screen(app, manager).callback_data("2. Перчатки"))
    await app.press(manager, screen(app, manager).callback_data("Удалить позицию"))
    await app.press(manager, screen(app, manager).callback_data("Изменить"))
    await app.press(manager, screen(app, manager).callback_data("1. Костюм"))
    await app.press(manager, screen(app, manager).callback_data("Количество"))
    await app.say(manager, "15")
    preview = screen(app, manager)
    await app.say(manager, "3")  # no question open now: not an order, not taken as one
    assert app.last_to(manager).startswith("Не понял ответ.")
    assert "Доставка: транспортная компания, ПЭК, Вологда, ул. Ленина, 5" in (preview.text or "")
    assert "Оплата: отсрочка 14 дней" in (preview.text or "")
    assert "🔥 Срочно" in (preview.text or "")
    await app.press(manager, preview.callback_data(CONFIRM))
    [order] = await _orders(app)
    assert order.counterparty_id == ids["CP-001"]
    assert (order.delivery_kind, order.carrier, order.address) == (
        "transport_company", "ПЭК", "Вологда, ул. Ленина, 5",
    )  # fmt: skip
    assert (order.payment, order.deadline_on, order.is_urgent, order.price_category) == (
        {"kind": "deferral", "days": 14, "percent": None}, date(2026, 11, 30), True, "dealer",
    )  # fmt: skip
    assert [(p.sku, p.qty) for p in await _positions(app, order.id)] == [("KS-101", 15)]


async def test_second_confirm_and_the_same_order_again_are_not_duplicated_silently(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(manager, ROMASHKA)
    confirm = screen(app, manager).callback_data(CONFIRM)
    await app.press(manager, confirm)
    await app.press(manager, confirm)
    assert app.alerts()[-1] == "Заявка №1 уже оформлена по этому черновику."
    assert len(await _orders(app)) == 1
    assert len(dispatched.calls) == 1

    app.clock.advance(timedelta(seconds=40))
    origin = {"type": "hidden_user", "date": 1_795_000_000, "sender_user_name": "Клиент"}
    await app.say(manager, ROMASHKA, forward_origin=origin)  # the same order, forwarded
    preview = screen(app, manager)
    assert "⚠️ Такую же заявку №1 оформили меньше минуты назад" in (preview.text or "")
    assert CONFIRM not in preview.buttons
    await app.press(manager, preview.callback_data("Да, оформить ещё раз"))
    assert [o.number for o in await _orders(app)] == [1, 2]
    app.clock.advance(timedelta(seconds=61))
    await app.say(manager, ROMASHKA)
    assert "⚠️" not in (screen(app, manager).text or "")


async def test_duplicate_placed_by_someone_else_meanwhile_stops_the_confirm(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    manager, head = app.people.manager, app.people.head
    await app.say(manager, ROMASHKA)
    mine = screen(app, manager).callback_data(CONFIRM)
    await app.say(head, ROMASHKA)
    await app.press(head, screen(app, head).callback_data(CONFIRM))
    await app.press(manager, mine)
    assert app.alerts()[-1].startswith("Такую же заявку №1 оформили меньше минуты назад")
    assert len(await _orders(app)) == 1
    await app.press(manager, screen(app, manager).callback_data("Да, оформить ещё раз"))
    assert len(await _orders(app)) == 2


async def test_buttons_of_someone_elses_or_a_cancelled_draft_change_nothing(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    manager = app.people.manager
    await app.say(manager, ROMASHKA)
    confirm = screen(app, manager).callback_data(CONFIRM)
    await app.press(app.people.head, confirm)
    await app.press(app.people.stranger, confirm)
    await app.press(manager, screen(app, manager).callback_data("Отмена"))
    assert screen(app, manager).text == "Действие отменено."
    await app.press(manager, confirm)
    stale = "Этот черновик уже закрыт. Начните заявку заново — пришлите её текст."
    forbidden = "У вас нет прав на это действие."  # the role is checked before any lookup
    assert app.alerts()[-3:] == [stale, forbidden, stale]
    assert await _orders(app) == []


async def test_free_text_of_others_than_sales_staff_is_not_an_order(app: TestApp) -> None:
    await _client_of_romashka(app)
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.say(app.people.storekeeper, ROMASHKA)
    await app.say(app.people.stranger, ROMASHKA)
    await app.say(CLIENT, CLIENT_ORDER)  # a client's free text is a request (clients feature)
    assert "Такие сообщения я не обрабатываю" in app.last_to(app.people.storekeeper)
    assert "Я вас пока не знаю" in app.last_to(app.people.stranger)
    assert all("черновик" not in t for t in app.texts_to(CLIENT))
    await app.say(app.people.storekeeper, f"/order {ROMASHKA}")
    assert app.last_to(app.people.storekeeper) == "У вас нет прав на это действие."
    assert await _orders(app) == []


async def test_half_made_order_survives_a_restart(
    app: TestApp, database_url: str, dispatched: Dispatched
) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(manager, "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188 4 шт")
    price = exact(screen(app, manager), "опт")
    await app.close()
    restarted = await TestApp.start(database_url, app.clock)
    try:
        await restarted.press(manager, price)
        await restarted.press(manager, screen(restarted, manager).callback_data(CONFIRM))
        [order] = await _orders(restarted)
        assert order.price_category == "wholesale"
    finally:
        await restarted.close()
        app.app = restarted.app  # the fixture closes it again: harmless


async def test_unknown_client_becomes_a_new_card_when_the_order_is_placed(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _start(app)
    manager = app.people.manager
    await app.say(
        manager, "ООО «Ландыш-Север», опт: костюм технолог серый 52-54 рост 182-188 3 шт"
    )
    shown = screen(app, manager)
    assert "Клиента «ООО «Ландыш-Север»» нет в базе." in (shown.text or "")
    await app.press(manager, shown.callback_data("Новый клиент"))
    preview = screen(app, manager)
    assert "новый, карточка будет создана" in (preview.text or "")
    await app.press(manager, preview.callback_data(CONFIRM))
    [order] = await _orders(app)
    cp = await app.read(lambda uow: uow.counterparties.get(order.counterparty_id))
    assert cp is not None
    assert cp.name == "ООО «Ландыш-Север»"
    me = await app.read(lambda uow: uow.users.by_tg_id(manager.tg_user_id))
    assert me is not None
    assert cp.manager_id == me.id


# --- a client's own order -----------------------------------------------------------------

CLIENT = Person(900050, "Елена", "Захарова")
OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")
CLIENT_ORDER = "костюм технолог серый 52-54 рост 182-188 5 шт"


async def _client_of_romashka(app: TestApp) -> int:
    """The manager is Ромашка's manager; Елена is Ромашка's registered client user."""
    manager = await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await seed_catalog(app)
    ids = await seed_counterparties(app, manager_id=manager.id)
    client = await app.add_person(CLIENT, Role.CLIENT)
    async with app.app.make_uow() as uow:
        uow.counterparties.add_person(
            ContactPerson(
                counterparty_id=ids["CP-001"],
                full_name=CLIENT.full_name,
                user_id=client.id,
                created_at=app.clock.now(),
            )
        )
        await uow.commit()
    return ids["CP-001"]


async def _client_submits(app: TestApp, text: str) -> Order:
    await app.say(CLIENT, f"/order {text}")
    await answer_questions_as_client(app)
    preview = screen(app, CLIENT)
    assert "Ваша заявка (черновик)" in (preview.text or "")
    await app.press(CLIENT, preview.callback_data("Отправить менеджеру"))
    return (await _orders(app))[-1]


async def answer_questions_as_client(app: TestApp) -> None:
    for _ in range(10):
        shown = screen(app, CLIENT)
        if "📨 Отправить менеджеру" in shown.buttons:
            return
        await app.press(CLIENT, shown.callback_data(options(shown)[0]))


async def test_client_order_waits_for_the_manager_who_confirms_it(
    app: TestApp, dispatched: Dispatched
) -> None:
    cp_id = await _client_of_romashka(app)
    order = await _client_submits(app, f"{CLIENT_ORDER}, опт")
    assert (order.status, order.counterparty_id, order.price_category) == (
        "awaiting_manager", cp_id, "wholesale",
    )  # fmt: skip
    assert app.last_to(CLIENT) == (
        "Заявка №1 отправлена менеджеру Ирина Лебедева на подтверждение. "
        "Я напишу, когда её подтвердят."
    )
    card = app.telegram.sent_to(app.people.manager.tg_user_id)[-1]
    assert (card.text or "").startswith("📨 Заявка №1 от клиента ООО «Ромашка» (Елена Захарова)")
    assert dispatched.calls == []
    confirm = card.callback_data("Подтвердить")
    assert confirm == OrderApprovalCb(a="ok", order=order.id).pack()

    await app.press(OTHER_MANAGER, confirm)
    assert app.alerts()[-1].startswith("Это клиент другого менеджера")
    await app.press(app.people.manager, confirm)

    [placed] = await _orders(app)
    assert placed.status == "new"
    assert [c[0] for c in dispatched.calls] == [order.id]
    assert app.last_to(CLIENT).startswith("✅ Ваша заявка №1 подтверждена менеджером")
    edited = app.telegram.of("EditMessageText")[-1]
    assert edited.chat_id == app.people.manager.tg_user_id
    assert "подтверждена (Ирина Лебедева)" in (edited.text or "")
    await app.press(app.people.manager, confirm)
    assert app.alerts()[-1] == "По заявке №1 уже решили."
    forms = await app.read(
        lambda uow: uow.session.scalars(select(Interaction.form).order_by(Interaction.id))
    )
    assert list(forms) == ["order_submitted", "order_created"]


async def test_client_order_is_completed_or_declined_by_the_manager(
    app: TestApp, dispatched: Dispatched
) -> None:
    await _client_of_romashka(app)
    order = await _client_submits(app, CLIENT_ORDER)
    card = app.telegram.sent_to(app.people.manager.tg_user_id)[-1]
    assert "Ценовая категория не указана" in (card.text or "")
    assert "✅ Подтвердить" not in card.buttons
    await app.press(app.people.manager, card.callback_data("Изменить"))
    assert "Ценовая категория заявки?" in (screen(app, app.people.manager).text or "")
    await app.press(app.people.manager, exact(screen(app, app.people.manager), "дилер"))
    preview = screen(app, app.people.manager)
    assert "Клиент: ООО «Ромашка»" in (preview.text or "")
    await app.press(app.people.manager, preview.callback_data(CONFIRM))
    [placed] = await _orders(app)
    assert (placed.id, placed.status, placed.price_category) == (order.id, "new", "dealer")
    assert len(await _positions(app, order.id)) == 1
    assert app.last_to(CLIENT).startswith("✅ Ваша заявка №1 подтверждена")
    await app.press(app.people.manager, card.callback_data("Отклонить"))
    assert app.alerts()[-1] == "По заявке №1 уже решили."

    second = await _client_submits(app, f"{CLIENT_ORDER}, опт")
    card = app.telegram.sent_to(app.people.manager.tg_user_id)[-1]
    await app.press(app.people.manager, card.callback_data("Отклонить"))
    declined = (await _orders(app))[-1]
    assert (declined.id, declined.status) == (second.id, "cancelled")
    assert declined.cancelled_at is not None
    assert app.last_to(CLIENT).startswith("Ваша заявка №2 отклонена менеджером.")
    assert len(dispatched.calls) == 1


def test_order_buttons_fit_telegrams_64_bytes() -> None:
    longest_sku = "Z" * 32  # catalog SKUs are at most 32 characters
    packed = [
        OrderCb(a="new_client", d="ffffff", p=59, v=longest_sku).pack(),
        OrderCb(a="deadline", d="ffffff", p=-1, v="2026-12-31").pack(),
        OrderApprovalCb(a="edit", order=2**31 - 1).pack(),
    ]
    assert all(len(p.encode()) <= 64 for p in packed), packed
