from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.views.callbacks import ClaimAction, ClaimCb
from storage.models import Reminder
from tests.claims_seed import (
    CLIENT,
    OTHER_CLIENT,
    claims,
    file_claim,
    last,
    reply_to,
    send_photo,
    setup,
)
from tests.harness import TestApp
from tests.orders_seed import bind, registered_client, seed_order


async def test_client_files_a_claim_with_an_album_and_gets_a_number(app: TestApp) -> None:
    await setup(app)
    await app.say(CLIENT, "/claim")
    assert "Заявок от вас пока нет" in app.last_to(CLIENT)
    await app.press(CLIENT, last(app, CLIENT).callback_data("Другое"))
    assert "маломерит/большемерит" in last(app, CLIENT).buttons
    await app.press(CLIENT, last(app, CLIENT).callback_data("брак"))
    await app.say(CLIENT, "  ")
    assert "Опишите претензию словами" in app.last_to(CLIENT)
    await app.say(CLIENT, "У четырёх курток разошёлся шов на рукаве")
    for n in range(3):
        await send_photo(app, CLIENT, f"ph{n}", group="album-1")
    assert (
        app.texts_to(CLIENT).count("Файлов принято: 1. Ещё что-то — присылайте, или «Готово».")
        == 1
    )
    await app.press(CLIENT, last(app, CLIENT).callback_data("Готово"))
    assert "Файлов: 3" in app.last_to(CLIENT)
    await app.press(CLIENT, last(app, CLIENT).callback_data("Отправить"))
    told = app.last_to(CLIENT)
    assert "Претензия П-2026-00001 зарегистрирована" in told
    assert "Отдел обеспечения (снабжение)" in told
    card = app.telegram.sent_to(app.chats.supply.chat_id)[-1]
    assert "Претензия П-2026-00001" in (card.text or "")
    assert card.buttons == ["Принять в работу", "Запросить у клиента", "Решение"]
    assert len(app.telegram.sent_to(app.chats.supply.chat_id, "SendPhoto")) == 3
    assert "П-2026-00001" in app.last_to(app.people.manager)
    assert "П-2026-00001" in app.last_to(app.people.head)
    [claim] = await claims(app)
    files = await app.read(lambda uow: uow.claims.attachments(claim.id))
    assert {f.set_no for f in files} == {1}
    assert {f.media_group_id for f in files} == {"album-1"}
    timeline = await app.read(lambda uow: uow.interactions.timeline(claim.counterparty_id, 10))
    assert [(i.form, i.claim_id) for i in timeline] == [("claim", claim.id)]


async def test_the_department_works_it_and_the_client_rates_once(app: TestApp) -> None:
    await setup(app)
    await file_claim(app, album=2)
    [claim] = await claims(app)
    card = app.telegram.sent_to(app.chats.supply.chat_id)[-1]
    supplier = app.people.supplier
    chat = app.chats.supply.chat_id
    await app.press(supplier, card.callback_data("Принять"), chat_id=chat)
    assert "взяли в работу" in app.last_to(CLIENT)
    edited = app.telegram.of("EditMessageText")[-1]
    assert "Статус: в работе" in (edited.text or "")
    assert "принята в работу — Елизавета Ветрова" in (edited.text or "")
    await app.press(supplier, card.callback_data("Запросить"), chat_id=chat)
    await app.say(supplier, "Пришлите фото бирки", group=app.chats.supply)
    question = last(app, CLIENT)
    assert "Пришлите фото бирки" in (question.text or "")
    await send_photo(app, CLIENT, "tag", caption="вот бирка",
                     **reply_to(question.message_id, CLIENT.tg_user_id))  # fmt: skip
    assert "ответ по претензии П-2026-00001 передан" in app.last_to(CLIENT)
    assert await app.read(lambda uow: uow.client_requests.find(1)) is None  # not a request
    files = await app.read(lambda uow: uow.claims.attachments(claim.id))
    assert [f.set_no for f in files] == [1, 1, 2]
    await app.press(supplier, ClaimCb(a=ClaimAction.DECIDE, claim=claim.id).pack(), chat_id=chat)
    await app.press(supplier, last_in(app, chat).callback_data("удовлетворена частично"),
                    chat_id=chat)  # fmt: skip
    await app.press(supplier, last_in(app, chat).callback_data("замена"), chat_id=chat)
    await app.press(supplier, last_in(app, chat).callback_data("поставщик"), chat_id=chat)
    await app.say(supplier, "Меняем 2 куртки из 4", group=app.chats.supply)
    assert "удовлетворена частично: замена. Меняем 2 куртки из 4" in app.last_to(CLIENT)
    await app.press(supplier, card.callback_data("Решение").replace("dec", "close"), chat_id=chat)
    closed = last(app, CLIENT)
    assert "закрыта. Оцените" in (closed.text or "")
    await app.press(CLIENT, closed.callback_data("4"))
    await app.press(CLIENT, closed.callback_data("5"))
    assert any("Вы уже оценили решение (4)" in a for a in app.alerts())
    refreshed = await app.read(lambda uow: uow.claims.get(claim.id))
    assert (refreshed.status, refreshed.rating, refreshed.remedy, refreshed.culprit) == (
        "closed", 4, "replacement", "supplier")  # fmt: skip


def last_in(app: TestApp, chat_id: int):  # type: ignore[no-untyped-def]
    return app.telegram.sent_to(chat_id)[-1]


async def test_staff_buttons_pressed_by_the_client_change_nothing(app: TestApp) -> None:
    await setup(app)
    await file_claim(app)
    [claim] = await claims(app)
    await app.press(CLIENT, ClaimCb(a=ClaimAction.ACCEPT, claim=claim.id).pack())
    assert "Эта претензия не в вашем ведении." in app.alerts()
    assert (await app.read(lambda uow: uow.claims.get(claim.id))).status == "registered"
    # the warehouse is not the department of a defect claim
    await app.press(app.people.storekeeper, ClaimCb(a=ClaimAction.ACCEPT, claim=claim.id).pack())
    assert (await app.read(lambda uow: uow.claims.get(claim.id))).status == "registered"


async def test_another_clients_claim_by_forged_callback_is_not_found(app: TestApp) -> None:
    cp_id = await setup(app)
    await file_claim(app)
    [claim] = await claims(app)
    other = await app.add_counterparty("ООО «Чужие»", manager=app.people.manager)
    await registered_client(app, other, OTHER_CLIENT)
    await app.press(OTHER_CLIENT, ClaimCb(a=ClaimAction.OPEN, claim=claim.id).pack())
    await app.press(OTHER_CLIENT, ClaimCb(a=ClaimAction.RATE, claim=claim.id, arg="1").pack())
    assert app.alerts().count("Претензия не найдена.") == 2
    assert not app.telegram.sent_to(OTHER_CLIENT.tg_user_id)
    assert cp_id != other


async def test_claim_on_a_cancelled_order_is_refused(app: TestApp) -> None:
    cp_id = await setup(app)
    seeded = await seed_order(app, counterparty_id=cp_id)
    async with app.app.make_uow() as uow:
        order = await uow.orders.get(seeded.order_id)
        order.status = "cancelled"
        await uow.commit()
    await app.say(CLIENT, "/claim")
    await app.press(CLIENT, last(app, CLIENT).callback_data(f"№{seeded.number}"))
    assert f"Заявка №{seeded.number} отменена" in app.alerts()[-1]


async def test_claim_on_an_order_names_it_and_routes_by_kind(app: TestApp) -> None:
    cp_id = await setup(app)
    seeded = await seed_order(app, counterparty_id=cp_id)
    app.telegram.clear()
    await file_claim(app, order=f"№{seeded.number}", kind="недовложение", text="Пришло 6 из 8")
    card = app.telegram.sent_to(app.chats.warehouse.chat_id)[-1]
    assert f"Заявка №{seeded.number}" in (card.text or "")
    [claim] = await claims(app)
    assert (claim.department_id, claim.order_id) == ("warehouse", seeded.order_id)


async def test_twenty_photos_and_a_big_file(app: TestApp) -> None:
    await setup(app)
    await app.say(CLIENT, "/claim")
    await app.press(CLIENT, last(app, CLIENT).callback_data("Другое"))
    await app.press(CLIENT, last(app, CLIENT).callback_data("пересорт"))
    await app.say(CLIENT, "Пришли не те цвета")
    for n in range(10):
        await send_photo(app, CLIENT, f"a{n}", group="first")
    for n in range(10):
        await send_photo(app, CLIENT, f"b{n}", group="second")
    assert (
        app.texts_to(CLIENT).count(
            "Не больше 10 файлов в одной претензии. "
            "Остальные можно прислать позже, ответом на вопрос."
        )
        == 1
    )
    big = {"file_id": "big", "file_unique_id": "ubig", "file_name": "video.mov",
           "file_size": 60 * 1024 * 1024}  # fmt: skip
    await app.feed(app.updates.message(CLIENT, None, document=big))
    await app.app.sender.drain()
    assert "больше 20 МБ" in app.last_to(CLIENT)
    offer = [m for m in app.telegram.sent_to(CLIENT.tg_user_id) if "Готово" in m.buttons][-1]
    await app.press(CLIENT, offer.callback_data("Готово"))
    assert "Файлов: 10" in app.last_to(CLIENT)


async def test_a_question_not_a_claim_goes_to_the_manager(app: TestApp) -> None:
    await setup(app)
    await app.say(CLIENT, "/claim")
    await app.press(CLIENT, last(app, CLIENT).callback_data("Другое"))
    await app.press(CLIENT, last(app, CLIENT).callback_data("другое"))
    await app.say(CLIENT, "А когда будут зимние куртки?")
    await app.press(CLIENT, last(app, CLIENT).callback_data("Готово"))
    await app.press(CLIENT, last(app, CLIENT).callback_data("просто вопрос"))
    assert "как обычное обращение" in app.last_to(CLIENT)
    assert "А когда будут зимние куртки?" in app.last_to(app.people.manager)
    assert await claims(app) == []


async def test_client_my_lists_orders_and_claims(app: TestApp) -> None:
    cp_id = await setup(app)
    await app.say(CLIENT, "/my")
    assert "Заявок пока нет." in app.last_to(CLIENT)
    assert "Претензий нет" in app.last_to(CLIENT)
    seeded = await seed_order(app, counterparty_id=cp_id)
    await file_claim(app)
    await app.say(CLIENT, "/my")
    answer = last(app, CLIENT)
    assert f"№{seeded.number}" in (answer.text or "")
    assert "П-2026-00001 от" in (answer.text or "")
    await app.press(CLIENT, answer.callback_data("П-2026-00001"))
    assert "Претензия П-2026-00001" in app.last_to(CLIENT)
    assert last(app, CLIENT).buttons == []


async def test_blocked_client_the_manager_is_told_instead(app: TestApp) -> None:
    await setup(app)
    await file_claim(app)
    [claim] = await claims(app)
    async with app.app.make_uow() as uow:
        user = await uow.users.by_tg_id(CLIENT.tg_user_id)
        assert user is not None
        user.is_reachable = False
        await uow.commit()
    card = app.telegram.sent_to(app.chats.supply.chat_id)[-1]
    await app.press(app.people.supplier, card.callback_data("Принять"),
                    chat_id=app.chats.supply.chat_id)  # fmt: skip
    told = app.last_to(app.people.manager)
    assert "недоступен в боте" in told
    assert "взяли в работу" in told
    assert claim.number in told


async def test_manager_registers_a_claim_for_a_client_by_phone(app: TestApp) -> None:
    await setup(app)
    manager = app.people.manager
    await app.say(manager, "/claim")
    await app.say(manager, "вектор")
    await app.press(manager, last(app, manager).callback_data("Вектор"))
    await app.press(manager, last(app, manager).callback_data("звонок"))
    await app.press(manager, last(app, manager).callback_data("Другое"))
    await app.press(manager, last(app, manager).callback_data("задержка доставки"))
    await app.say(manager, "Клиент звонил: доставка опоздала на 3 дня")
    await app.press(manager, last(app, manager).callback_data("Готово"))
    await app.press(manager, last(app, manager).callback_data("Отправить"))
    said = app.texts_to(manager)
    assert any("зарегистрирована за клиентом «ООО «Вектор»»" in t for t in said)
    [claim] = await claims(app)
    assert (claim.channel, claim.department_id) == ("call", "delivery")
    assert "Мы зарегистрировали вашу претензию" in app.last_to(CLIENT)


async def test_claims_lists_open_ones_for_the_head(app: TestApp) -> None:
    await setup(app)
    await file_claim(app)
    await file_claim(app, kind="пересорт", text="Пересорт по цветам")
    app.clock.advance(timedelta(days=3))
    await app.say(app.people.head, "/claims")
    text = app.last_to(app.people.head)
    assert "Открытые претензии (2)" in text
    assert "🔴" in text
    await app.say(app.people.storekeeper, "/claims")
    assert "Открытые претензии (1)" in app.last_to(app.people.storekeeper)


async def test_reminders_for_the_claim_are_planned(app: TestApp) -> None:
    await setup(app)
    await file_claim(app)
    rows = await app.read(
        lambda uow: uow.session.scalars(select(Reminder).where(Reminder.policy == "claims"))
    )
    assert sorted(r.step for r in rows) == ["accept_escalate", "decide_escalate"]


async def test_a_reply_to_another_message_is_an_ordinary_request(app: TestApp) -> None:
    await setup(app)
    await file_claim(app)
    filed = [
        m for m in app.telegram.sent_to(CLIENT.tg_user_id) if "зарегистрирована" in (m.text or "")
    ][-1]
    await app.say(CLIENT, "А можно быстрее?", **reply_to(filed.message_id, CLIENT.tg_user_id))
    assert "А можно быстрее?" in app.last_to(app.people.manager)
    [claim] = await claims(app)
    events = await app.read(lambda uow: uow.claims.events(claim.id))
    assert [e.kind for e in events] == ["registered"]


async def test_a_bound_claims_chat_gets_every_card(app: TestApp) -> None:
    await setup(app)
    await app.say(app.people.admin, "/department claims Претензии")
    await bind(app, "claims", app.chats.small)
    await file_claim(app, kind="пересорт", text="Пересорт")
    assert "Претензия П-2026-00001" in app.last_to(app.chats.small)
    assert "Претензия П-2026-00001" in app.last_to(app.chats.warehouse)


async def test_a_kind_with_no_chat_goes_to_the_manager_privately(app: TestApp) -> None:
    await setup(app)
    await file_claim(app, kind="другое", text="Менеджер не перезвонил")
    card = app.telegram.sent_to(app.people.manager.tg_user_id)[-1]
    assert "Отдел сервиса" in (card.text or "")
    assert card.buttons == ["Принять в работу", "Запросить у клиента", "Решение"]
    for group in (app.chats.warehouse, app.chats.supply):
        assert not app.telegram.sent_to(group.chat_id)
    assert "Претензия П-2026-00001" in app.last_to(app.people.head)
    await app.press(app.people.manager, card.callback_data("Принять"))
    [claim] = await claims(app)
    assert claim.status == "in_work"
