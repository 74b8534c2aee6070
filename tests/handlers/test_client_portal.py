from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import ClientCb, ForgetCb, NewClientCb, RegistrationCb, RequestCb
from storage.models import (
    ClientRequest,
    ContactPerson,
    Counterparty,
    Interaction,
    RegistrationRequest,
    User,
)
from tests.builders import DATE, Person
from tests.harness import TestApp

CLIENT = Person(900050, "Елена", "Захарова", "elena_z")
CLIENT_PHONE = "79115550001"  # as Telegram sends it: international, no plus


async def romashka(app: TestApp, *, manager: bool = True) -> int:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    return await app.add_counterparty(
        "ООО «Ромашка»",
        inn="3528972289",
        phones=["89218662011"],
        manager=app.people.manager if manager else None,
        contacts=[("Захарова Елена Викторовна", "+7 911 555-00-01")],
    )


async def user_of(app: TestApp, who: Person) -> User | None:
    return await app.read(lambda uow: uow.users.by_tg_id(who.tg_user_id))


async def share(app: TestApp, who: Person, phone: str, *, owner: int | None = None) -> None:
    user_id = who.tg_user_id if owner is None else owner
    await app.feed(app.updates.contact(who, phone, user_id=user_id))
    await app.app.sender.drain()


async def registered_client(app: TestApp, *, manager: bool = True) -> int:
    cp_id = await romashka(app, manager=manager)
    await share(app, CLIENT, CLIENT_PHONE)
    app.telegram.clear()
    return cp_id


def last(app: TestApp, who: Person, method: str = "SendMessage") -> Any:
    return app.telegram.sent_to(who.tg_user_id, method)[-1]


# --- registration -------------------------------------------------------------------------


async def test_stranger_start_offers_to_share_the_phone(app: TestApp) -> None:
    await app.say(CLIENT, "/start")
    offer = last(app, CLIENT)
    assert "приглашение" in (offer.text or "")
    assert "Поделиться телефоном" in (offer.text or "")
    [[button]] = offer.request.reply_markup.keyboard
    assert button.request_contact is True


async def test_someone_elses_contact_is_refused_and_nothing_created(app: TestApp) -> None:
    await romashka(app)
    await share(app, CLIENT, CLIENT_PHONE, owner=123)
    assert "Нужен ваш собственный номер" in app.last_to(CLIENT)
    assert await user_of(app, CLIENT) is None
    await share(app, CLIENT, CLIENT_PHONE, owner=0)
    assert await user_of(app, CLIENT) is None


async def test_known_phone_links_the_client_and_tells_the_manager(app: TestApp) -> None:
    cp_id = await romashka(app)
    await share(app, CLIENT, CLIENT_PHONE)
    answer = last(app, CLIENT)
    assert "Вы подключены как представитель «ООО «Ромашка»»" in (answer.text or "")
    assert "Ваш менеджер — Ирина Лебедева" in (answer.text or "")
    assert answer.request.reply_markup.remove_keyboard is True
    user = await user_of(app, CLIENT)
    assert user is not None
    assert user.role == "client"
    person = await app.read(lambda uow: uow.counterparties.person_of_user(user.id))
    assert person is not None
    assert (person.full_name, person.counterparty_id) == ("Захарова Елена Викторовна", cp_id)
    told = app.last_to(app.people.manager)
    assert "Елена Захарова подключился(ась) к боту как представитель «ООО «Ромашка»»" in told
    await share(app, CLIENT, CLIENT_PHONE)
    assert "Вы уже подключены" in app.last_to(CLIENT)
    assert len(await app.read(lambda uow: uow.counterparties.people(cp_id))) == 1


async def test_unknown_phone_goes_to_the_head_who_links_it(app: TestApp) -> None:
    cp_id = await romashka(app)
    await share(app, CLIENT, "79005553311")
    assert "передал руководителю" in app.last_to(CLIENT)
    assert await user_of(app, CLIENT) is None
    request = last(app, app.people.head)
    assert "Заявка на подключение клиента №1" in (request.text or "")
    assert "+79005553311" in (request.text or "")
    assert request.buttons == ["🔎 Привязать к клиенту", "➕ Новый клиент", "Отклонить"]
    await share(app, CLIENT, "79005553311")
    assert "уже у руководителя" in app.last_to(CLIENT)
    head = app.people.head
    await app.press(head, request.callback_data("Привязать"))
    await app.say(head, "ромашка")
    await app.press(head, last(app, head).callback_data("ООО «Ромашка»"))
    assert "Вас подключили как представителя «ООО «Ромашка»»" in app.last_to(CLIENT)
    assert "подключился(ась) к боту" in app.last_to(app.people.manager)
    user = await user_of(app, CLIENT)
    assert user is not None
    person = await app.read(lambda uow: uow.counterparties.person_of_user(user.id))
    assert person is not None
    assert (person.counterparty_id, person.phone_e164) == (cp_id, "+79005553311")
    await app.press(head, request.callback_data("Отклонить"))
    assert app.alerts()[-1].startswith(
        "Заявка №1 уже рассмотрена — Алина Кравцова: клиент подключён"
    )


async def test_head_declines_and_the_client_is_told(app: TestApp) -> None:
    await romashka(app)
    await share(app, CLIENT, "79005553311")
    await app.press(app.people.head, RegistrationCb(action="decline", request=1).pack())
    assert "подключить вас к боту не получилось" in app.last_to(CLIENT)
    [request] = await app.read(lambda uow: uow.session.scalars(select(RegistrationRequest)))
    assert request.status == "declined"
    assert await user_of(app, CLIENT) is None


async def test_head_creates_a_new_client_through_the_duplicate_check(app: TestApp) -> None:
    await romashka(app)
    await share(app, CLIENT, "79005553311")
    head = app.people.head
    await app.press(head, RegistrationCb(action="new", request=1).pack())
    await app.say(head, "Ромашка")
    await app.press(head, NewClientCb(action="skip").pack())
    await app.press(head, NewClientCb(action="skip").pack())
    await app.press(head, NewClientCb(action="skip").pack())
    assert "Похоже, такой клиент уже есть" in app.last_to(head)
    await app.press(head, NewClientCb(action="new").pack())
    assert "Вас подключили как представителя «Ромашка»" in app.last_to(CLIENT)
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert set(names) == {"ООО «Ромашка»", "Ромашка"}


async def test_stranger_pressing_a_registration_button_is_refused(app: TestApp) -> None:
    await romashka(app)
    await share(app, CLIENT, "79005553311")
    stranger = app.people.stranger
    await app.press(stranger, RegistrationCb(action="pick", request=1, cp=1).pack())
    assert app.alerts()[-1] == "У вас нет прав на это действие."
    [request] = await app.read(lambda uow: uow.session.scalars(select(RegistrationRequest)))
    assert request.status == "pending"


# --- requests -----------------------------------------------------------------------------


async def test_client_request_reaches_the_manager_with_the_card(app: TestApp) -> None:
    cp_id = await registered_client(app)
    await app.say(CLIENT, "Нужны 10 костюмов к пятнице")
    assert "передал вашему менеджеру — Ирина Лебедева" in app.last_to(CLIENT)
    relay = last(app, app.people.manager)
    assert "Обращение №1 от клиента" in (relay.text or "")
    assert "ООО «Ромашка», ИНН 3528972289" in (relay.text or "")
    assert "Захарова Елена Викторовна, +79115550001" in (relay.text or "")
    assert "Нужны 10 костюмов к пятнице" in (relay.text or "")
    assert relay.buttons == ["↩️ Ответить", "Открыть карточку"]
    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert (request.counterparty_id, request.first_answered_at) == (cp_id, None)
    forms = await app.read(lambda uow: uow.session.scalars(select(Interaction.form)))
    assert "client_request" in list(forms)


async def test_manager_answers_by_reply_and_the_client_gets_it(app: TestApp) -> None:
    await registered_client(app)
    await app.say(CLIENT, "Когда будет счёт?")
    relay = last(app, app.people.manager)
    manager = app.people.manager
    replied = {
        "message_id": relay.message_id,
        "date": DATE,
        "chat": {"id": manager.tg_user_id, "type": "private", "first_name": "Ирина"},
        "from": {"id": 123456, "is_bot": True, "first_name": "Ops Bot"},
        "text": relay.text,
    }
    app.clock.advance(600)
    await app.say(manager, "Счёт вышлю сегодня до 15:00", reply_to_message=replied)
    assert "отправлен клиенту" in app.last_to(manager)
    answer = app.last_to(CLIENT)
    assert "Ответ на ваше обращение №1 от Ирина Лебедева" in answer
    assert "Счёт вышлю сегодня до 15:00" in answer
    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert request.first_answered_at is not None
    assert (request.first_answered_at - request.received_at).total_seconds() == 600


async def test_manager_answers_with_the_button(app: TestApp) -> None:
    await registered_client(app)
    await app.say(CLIENT, "Вопрос")
    await app.press(app.people.manager, RequestCb(request=1).pack())
    assert "Ответ на обращение №1" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "Ответ")
    assert "Ответ" in app.last_to(CLIENT)


async def test_photo_is_relayed_by_file_id(app: TestApp) -> None:
    await registered_client(app)
    photo = [{"file_id": "photo-42", "file_unique_id": "u42", "width": 10, "height": 10}]
    await app.say(CLIENT, None, photo=photo, caption="брак на шве")
    relay = last(app, app.people.manager, "SendPhoto")
    assert relay.request.photo == "photo-42"
    assert "[фото] брак на шве" in (relay.text or "")
    assert relay.buttons == ["↩️ Ответить", "Открыть карточку"]


async def test_without_a_manager_the_request_goes_to_the_head(app: TestApp) -> None:
    await registered_client(app, manager=False)
    await app.say(CLIENT, "Здравствуйте")
    assert "руководителю отдела — Алина Кравцова" in app.last_to(CLIENT)
    assert "Обращение №1" in app.last_to(app.people.head)


async def test_client_pressing_a_staff_button_changes_nothing(app: TestApp) -> None:
    cp_id = await registered_client(app)
    await app.press(CLIENT, ClientCb(action="open", cp=cp_id).pack())
    await app.press(CLIENT, RequestCb(request=1).pack())
    assert len(app.alerts()) == 2
    assert app.texts_to(CLIENT) == []


async def test_forget_unlinks_and_anonymises_but_keeps_records(app: TestApp) -> None:
    cp_id = await registered_client(app)
    await app.say(CLIENT, "Вопрос")
    await app.say(CLIENT, "/forget")
    assert "Отвязать ваш Telegram" in app.last_to(CLIENT)
    await app.press(CLIENT, ForgetCb().pack())
    assert "ваш Telegram отвязан" in app.last_to(CLIENT)
    assert await user_of(app, CLIENT) is None
    people = await app.read(lambda uow: uow.session.scalars(select(ContactPerson)))
    [person] = list(people)
    assert (person.user_id, person.counterparty_id) == (None, cp_id)
    users = await app.read(
        lambda uow: uow.session.scalars(select(User).where(User.role == "client"))
    )
    [user] = list(users)
    assert (user.tg_user_id, user.username, user.is_active) == (None, None, False)
    assert "Захарова" not in user.full_name
    assert len(list(await app.read(lambda uow: uow.session.scalars(select(ClientRequest))))) == 1
    await app.say(CLIENT, "/start")
    assert "Поделиться телефоном" in app.last_to(CLIENT)
