"""Client self-registration through the real `python -m bot` against the fake Bot API: a
stranger shares their phone; a known phone links them at once (their manager is told), an
unknown one goes to the head, who links it to a card or creates a new one."""

from __future__ import annotations

import pytest

from bot.clock import SystemClock
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.roles import Role
from storage.models import ContactPerson
from storage.uow import UnitOfWork
from tests.e2e.conftest import START_TIMEOUT, Harness, button_of, seed_staff_and_client
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_models import StoredMessage

pytestmark = pytest.mark.e2e

HEAD, MANAGER = 900002, 900003
ELENA, PETR, OLGA = 900050, 900051, 900052
ELENA_PHONE = "79115550001"  # as Telegram sends it: international, no plus
STEP = 20.0  # seconds any one answer may take


async def seed(uow: UnitOfWork) -> None:
    """The head, the manager and their client «Ромашка» with Елена as its contact person."""
    staff = [(HEAD, "Алина Кравцова", Role.HEAD, "sales"),
             (MANAGER, "Ирина Лебедева", Role.MANAGER, "sales")]  # fmt: skip
    cp = await seed_staff_and_client(uow, staff, manager=MANAGER)
    uow.counterparties.add_person(
        ContactPerson(
            counterparty_id=cp.id,
            full_name="Захарова Елена Викторовна",
            phone_e164=normalize_phone("+7 911 555-00-01").e164,
            created_at=SystemClock().now(),
        )
    )


def bot_messages(fake: FakeTelegram, chat_id: int) -> list[StoredMessage]:
    return [m for m in fake.messages.get(chat_id, {}).values() if m.from_bot]


async def told(fake: FakeTelegram, chat_id: int, fragment: str) -> StoredMessage:
    """The newest message the bot sent to `chat_id` containing `fragment` (waits for it)."""

    def found() -> list[StoredMessage]:
        return [m for m in bot_messages(fake, chat_id) if fragment in (m.text or "")]

    await fake.wait_for(lambda _call: bool(found()), timeout=STEP)
    return found()[-1]


def press(fake: FakeTelegram, who: int, message: StoredMessage, label: str) -> None:
    found = button_of(message, label)
    assert found is not None, f"no button {label!r} in {message.text!r}"
    fake.push_update(fake.callback(fake.user(who, "x"), message, found[1]))


async def with_button(fake: FakeTelegram, chat_id: int, label: str) -> StoredMessage:
    def found() -> list[StoredMessage]:
        return [m for m in bot_messages(fake, chat_id) if button_of(m, label)]

    await fake.wait_for(lambda _call: bool(found()), timeout=STEP)
    return found()[-1]


def offers_share_button(fake: FakeTelegram, chat_id: int) -> bool:
    """The bot's last message to `chat_id` came with a "share my phone" keyboard button
    (a reply keyboard is in the request only: Telegram does not return it with the message)."""
    markup = fake.sent(chat_id)[-1].params.get("reply_markup") or {}
    return [[b.get("request_contact") for b in row] for row in markup.get("keyboard", [])] == [
        [True]
    ]


async def start_and_share(fake: FakeTelegram, who: int, name: str, phone: str) -> None:
    user = fake.user(who, name)
    fake.push_update(fake.private_message(user, "/start"))
    await told(fake, who, "Поделиться телефоном")
    assert offers_share_button(fake, who)
    fake.push_update(fake.contact_message(user, phone, contact_user_id=who))


async def client_of(harness: Harness, tg_user_id: int) -> str | None:
    """The name of the counterparty the Telegram user is a client of."""

    async def query(uow: UnitOfWork) -> str | None:
        user = await uow.users.by_tg_id(tg_user_id)
        if user is None or user.role != Role.CLIENT:
            return None
        person = await uow.counterparties.person_of_user(user.id)
        cp = await uow.counterparties.get(person.counterparty_id) if person else None
        return cp.name if cp else None

    return await harness.read(query)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_client_registers_by_sharing_the_phone(harness: Harness) -> None:
    fake = harness.fake
    bot = await harness.start()
    await fake.wait_until_polling(START_TIMEOUT)
    await harness.write(seed)

    # someone else's contact is refused, nothing is created
    elena = fake.user(ELENA, "Елена", last_name="Захарова")
    fake.push_update(fake.private_message(elena, "/start"))
    await told(fake, ELENA, "Поделиться телефоном")
    assert offers_share_button(fake, ELENA)
    fake.push_update(fake.contact_message(elena, ELENA_PHONE, contact_user_id=123))
    await told(fake, ELENA, "Нужен ваш собственный номер")
    assert await client_of(harness, ELENA) is None

    # (a) her own phone is a contact person's: linked at once, the manager is told
    fake.push_update(fake.contact_message(elena, ELENA_PHONE, contact_user_id=ELENA))
    answer = await told(fake, ELENA, "Вы подключены как представитель «ООО «Ромашка»»")
    assert "Ваш менеджер — Ирина Лебедева" in (answer.text or "")
    await told(fake, MANAGER, "Елена Захарова подключился(ась) к боту")
    assert await client_of(harness, ELENA) == "ООО «Ромашка»"

    # (b) an unknown phone goes to the head, who links it to an existing card
    await start_and_share(fake, PETR, "Пётр", "79005553311")
    await told(fake, PETR, "передал руководителю")
    request = await told(fake, HEAD, "Заявка на подключение клиента №1")
    assert "+79005553311" in (request.text or "")
    press(fake, HEAD, request, "Привязать к клиенту")
    await told(fake, HEAD, "найдите клиента")
    fake.push_update(fake.private_message(fake.user(HEAD, "Алина"), "ромашка"))
    press(fake, HEAD, await with_button(fake, HEAD, "ООО «Ромашка»"), "ООО «Ромашка»")
    await told(fake, PETR, "Вас подключили как представителя «ООО «Ромашка»»")
    assert await client_of(harness, PETR) == "ООО «Ромашка»"

    # ... or creates a new card for it (through the duplicate check)
    await start_and_share(fake, OLGA, "Ольга", "79005553322")
    request = await told(fake, HEAD, "Заявка на подключение клиента №2")
    press(fake, HEAD, request, "Новый клиент")
    await told(fake, HEAD, "Новый клиент. Название")
    fake.push_update(fake.private_message(fake.user(HEAD, "Алина"), "ИП Соколова Ольга Петровна"))
    press(fake, HEAD, await with_button(fake, HEAD, "Без ИНН"), "Без ИНН")
    await told(fake, HEAD, "Город")
    press(fake, HEAD, await with_button(fake, HEAD, "Пропустить"), "Пропустить")
    await told(fake, HEAD, "Телефон")
    phone_question = [m for m in bot_messages(fake, HEAD) if button_of(m, "Пропустить")][-1]
    press(fake, HEAD, phone_question, "Пропустить")
    await told(fake, OLGA, "Вас подключили как представителя «ИП Соколова Ольга Петровна»")
    assert await client_of(harness, OLGA) == "ИП Соколова Ольга Петровна"

    assert await bot.stop() == 0
    assert "Traceback" not in bot.log
