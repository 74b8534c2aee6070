"""The client portal where several people act: two heads on one registration request,
another manager on a request that is not theirs, files both ways, a second account."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import RegistrationCb, RequestCb
from storage.models import ClientRequest, Counterparty, Interaction, RegistrationRequest, User
from tests.builders import Person
from tests.handlers.test_client_portal import (
    CLIENT,
    CLIENT_PHONE,
    last,
    registered_client,
    romashka,
    share,
    user_of,
)
from tests.harness import TestApp

SECOND_HEAD = Person(900012, "Борис", "Горелов")
OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")
UNKNOWN_PHONE = "79005553311"
DECIDED_LINKED = (
    "Заявка №1 уже рассмотрена — Алина Кравцова: клиент подключён к «ООО «Ромашка»». "
    "Повторно ничего не делаю."
)
DECIDED_DECLINED = (
    "Заявка №1 уже рассмотрена — Алина Кравцова: отклонена. Повторно ничего не делаю."
)


async def two_heads_got_a_request(app: TestApp) -> int:
    cp_id = await romashka(app)
    await app.add_person(SECOND_HEAD, Role.HEAD, "sales")
    await share(app, CLIENT, UNKNOWN_PHONE)
    for head in (app.people.head, SECOND_HEAD):
        assert "Заявка на подключение клиента №1" in app.last_to(head)
    return cp_id


async def request_row(app: TestApp) -> RegistrationRequest:
    [request] = await app.read(lambda uow: uow.session.scalars(select(RegistrationRequest)))
    return request


async def clients_count(app: TestApp) -> int:
    users = await app.read(
        lambda uow: uow.session.scalars(select(User).where(User.role == "client"))
    )
    return len(list(users))


async def assert_no_dialogue(app: TestApp, who: Person) -> None:
    await app.say(who, "/cancel")
    assert app.last_to(who) == "Отменять нечего."


async def test_second_head_after_the_first_linked_is_told_and_nothing_changes(
    app: TestApp,
) -> None:
    cp_id = await two_heads_got_a_request(app)
    head, second = app.people.head, SECOND_HEAD
    await app.press(second, last(app, second).callback_data("Привязать"))  # starts a search
    await app.press(head, last(app, head).callback_data("Привязать"))
    await app.say(head, "ромашка")
    await app.press(head, last(app, head).callback_data("ООО «Ромашка»"))
    assert "Вас подключили как представителя «ООО «Ромашка»»" in app.last_to(CLIENT)
    told_client = len(app.texts_to(CLIENT))

    for action in ("decline", "new", "link"):
        await app.press(second, RegistrationCb(action=action, request=1).pack())
        assert app.alerts()[-1] == DECIDED_LINKED
    await app.say(second, "ромашка")  # the search they started before is over
    assert app.last_to(second) == DECIDED_LINKED
    await assert_no_dialogue(app, second)

    request = await request_row(app)
    head_user = await user_of(app, head)
    assert head_user is not None
    assert (request.status, request.counterparty_id) == ("linked", cp_id)
    assert request.decided_by_id == head_user.id
    assert await clients_count(app) == 1
    assert len(app.texts_to(CLIENT)) == told_client  # no "declined" or second "linked"


async def test_second_heads_pick_from_an_old_listing_after_a_decline_links_nobody(
    app: TestApp,
) -> None:
    await two_heads_got_a_request(app)
    head, second = app.people.head, SECOND_HEAD
    await app.press(second, last(app, second).callback_data("Привязать"))
    await app.say(second, "ромашка")
    listing = last(app, second)
    await app.press(head, last(app, head).callback_data("Отклонить"))
    assert "подключить вас к боту не получилось" in app.last_to(CLIENT)

    await app.press(second, listing.callback_data("ООО «Ромашка»"))
    assert app.alerts()[-1] == DECIDED_DECLINED
    await assert_no_dialogue(app, second)
    assert (await request_row(app)).status == "declined"
    assert await clients_count(app) == 0
    assert await user_of(app, CLIENT) is None
    assert not any("Вас подключили" in t for t in app.texts_to(CLIENT))


async def test_second_heads_new_card_after_a_decline_creates_nothing(app: TestApp) -> None:
    await two_heads_got_a_request(app)
    head, second = app.people.head, SECOND_HEAD
    await app.press(second, last(app, second).callback_data("Новый клиент"))
    await app.say(second, "ИП Петров Пётр Петрович")
    await app.press(head, last(app, head).callback_data("Отклонить"))
    for _ in range(3):  # no INN, no city, no phone: the card would be created now
        await app.press(second, last(app, second).callback_data("Пропустить" if _ else "Без ИНН"))
    assert app.last_to(second) == DECIDED_DECLINED
    await assert_no_dialogue(app, second)
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert list(names) == ["ООО «Ромашка»"]
    assert await clients_count(app) == 0


async def test_a_second_account_with_a_linked_persons_phone_goes_to_the_head(
    app: TestApp,
) -> None:
    await registered_client(app)
    impostor = Person(900051, "Елена", "Вторая")
    await share(app, impostor, CLIENT_PHONE)
    assert "передал руководителю" in app.last_to(impostor)
    assert await user_of(app, impostor) is None
    request = last(app, app.people.head)
    assert "Номер найден у нескольких клиентов или уже занят" in (request.text or "")
    assert app.texts_to(CLIENT) == []


# --- requests -----------------------------------------------------------------------------


async def test_document_goes_to_the_manager_and_a_photo_answer_comes_back_logged(
    app: TestApp,
) -> None:
    cp_id = await registered_client(app)
    document = {"file_id": "doc-7", "file_unique_id": "u7", "file_name": "реквизиты.pdf"}
    await app.say(CLIENT, None, document=document, caption="наши реквизиты")
    assert "передал вашему менеджеру — Ирина Лебедева" in app.last_to(CLIENT)
    relay = last(app, app.people.manager, "SendDocument")
    assert relay.request.document == "doc-7"
    assert "Обращение №1 от клиента" in (relay.text or "")
    assert "[документ] наши реквизиты" in (relay.text or "")
    assert relay.buttons == ["↩️ Ответить", "Открыть карточку"]

    manager = app.people.manager
    await app.press(manager, relay.callback_data("Ответить"))
    photo = [{"file_id": "photo-9", "file_unique_id": "u9", "width": 10, "height": 10}]
    await app.say(manager, None, photo=photo, caption="счёт во вложении")
    assert "Ответ на обращение №1 отправлен клиенту" in app.last_to(manager)
    answer = last(app, CLIENT, "SendPhoto")
    assert answer.request.photo == "photo-9"
    assert "Ответ на ваше обращение №1 от Ирина Лебедева" in (answer.text or "")
    assert "счёт во вложении" in (answer.text or "")

    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert (request.kind, request.file_id, request.file_name) == (
        "document",
        "doc-7",
        "реквизиты.pdf",
    )
    assert request.first_answered_at is not None
    rows = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction)
            .where(Interaction.counterparty_id == cp_id)
            .order_by(Interaction.id)
        )
    )
    logged = [(i.form, i.topic) for i in rows if i.form != "registration"]
    assert logged == [
        ("client_request", "наши реквизиты"),
        ("request_answer", "счёт во вложении"),
    ]
    await app.press(manager, relay.callback_data("Открыть карточку"))
    card = app.last_to(manager)
    assert "ответ на обращение · Ирина Лебедева: счёт во вложении" in card
    assert "обращение клиента в боте · Елена Захарова: наши реквизиты" in card


async def test_another_manager_cannot_answer_and_the_client_gets_nothing(app: TestApp) -> None:
    await registered_client(app)
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.say(CLIENT, "Где мой заказ?")
    app.telegram.clear()
    await app.press(OTHER_MANAGER, RequestCb(request=1).pack())
    assert app.alerts()[-1] == "Это обращение клиента другого менеджера."
    await app.say(OTHER_MANAGER, "/cancel")
    assert app.last_to(OTHER_MANAGER) == "Отменять нечего."
    assert app.texts_to(CLIENT) == []
    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert request.first_answered_at is None


async def test_client_cannot_search_or_export_the_directory(app: TestApp) -> None:
    await registered_client(app)
    for command in ("/find ромашка", "/find 3528972289", "/export", "/today"):
        await app.say(CLIENT, command)
        assert app.last_to(CLIENT) == "У вас нет прав на это действие.", command
    assert app.telegram.sent_to(CLIENT.tg_user_id, "SendDocument") == []
    assert not any("ИНН" in t for t in app.texts_to(CLIENT))
