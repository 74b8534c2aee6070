"""A claim through the real `python -m bot` against the fake Bot API: a client shares their
phone, files a claim with an album, gets its number; the supply department accepts and
decides it, closes it; the client rates the resolution."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import SystemClock
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.roles import Role
from storage.models import Claim, ContactPerson
from storage.uow import UnitOfWork
from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, button_of, seed_staff_and_client
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_models import StoredMessage

pytestmark = pytest.mark.e2e

HEAD, MANAGER, SUPPLIER, CLIENT = 900002, 900003, 900005, 900050
SUPPLY_CHAT = -1001000000002
STEP = 20.0


async def seed(uow: UnitOfWork) -> None:
    staff = [(HEAD, "Алина Кравцова", Role.HEAD, "sales"),
             (MANAGER, "Ирина Лебедева", Role.MANAGER, "sales"),
             (SUPPLIER, "Елизавета Ветрова", Role.SUPPLY, "supply")]  # fmt: skip
    cp = await seed_staff_and_client(uow, staff, manager=MANAGER)
    uow.counterparties.add_person(
        ContactPerson(
            counterparty_id=cp.id,
            full_name="Захарова Елена Викторовна",
            phone_e164=normalize_phone("+7 911 555-00-01").e164,
            created_at=SystemClock().now(),
        )
    )


async def told(fake: FakeTelegram, chat_id: int, fragment: str) -> StoredMessage:
    def found() -> list[StoredMessage]:
        return [
            m
            for m in fake.messages.get(chat_id, {}).values()
            if m.from_bot and fragment in (m.text or m.data.get("caption") or "")
        ]

    await fake.wait_for(lambda _call: bool(found()), timeout=STEP)
    return found()[-1]


async def with_button(fake: FakeTelegram, chat_id: int, label: str) -> StoredMessage:
    def found() -> list[StoredMessage]:
        return [m for m in fake.messages.get(chat_id, {}).values()
                if m.from_bot and button_of(m, label)]  # fmt: skip

    await fake.wait_for(lambda _call: bool(found()), timeout=STEP)
    return found()[-1]


async def press(fake: FakeTelegram, who: int, chat_id: int, label: str) -> None:
    message = await with_button(fake, chat_id, label)
    found = button_of(message, label)
    assert found is not None
    fake.push_update(fake.callback(fake.user(who, "x"), message, found[1]))


def album_photo(fake: FakeTelegram, user: dict[str, Any], n: int) -> dict[str, Any]:
    chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    photo = [{"file_id": f"album-{n}", "file_unique_id": f"u-album-{n}", "width": 800,
              "height": 600, "file_size": 40_000}]  # fmt: skip
    return {"message": fake._message(user, chat, photo=photo, media_group_id="alb-1")}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_client_files_a_claim_the_department_decides_the_client_rates(
    harness: Harness,
) -> None:
    fake = harness.fake
    bot = await harness.start()
    await fake.wait_until_polling(START_TIMEOUT)
    await harness.write(seed)
    admin = fake.user(ADMIN_ID, "Анна")
    fake.push_update(
        fake.group_message(admin, SUPPLY_CHAT, "/bind supply", title="Нестандартные позиции")
    )
    await fake.wait_for(lambda c: c.chat_id == SUPPLY_CHAT and c.ok, timeout=STEP)

    client = fake.user(CLIENT, "Елена", last_name="Захарова")
    fake.push_update(fake.contact_message(client, "79115550001", contact_user_id=CLIENT))
    await told(fake, CLIENT, "Вы подключены как представитель")

    fake.push_update(fake.private_message(client, "/claim"))
    await press(fake, CLIENT, CLIENT, "Другое")
    await press(fake, CLIENT, CLIENT, "брак")
    await told(fake, CLIENT, "Опишите, что не так")
    fake.push_update(fake.private_message(client, "У 4 курток «Вьюга» разошёлся шов на рукаве"))
    await told(fake, CLIENT, "Приложите фото")
    fake.push_update(album_photo(fake, client, 1))
    fake.push_update(album_photo(fake, client, 2))
    await told(fake, CLIENT, "Файлов принято: 1")
    await press(fake, CLIENT, CLIENT, "Готово")
    summary = await told(fake, CLIENT, "Проверьте претензию")
    assert "Файлов: 2" in (summary.text or "")
    await press(fake, CLIENT, CLIENT, "Отправить претензию")
    filed = await told(fake, CLIENT, "зарегистрирована")
    year = SystemClock().now().year
    assert f"Претензия П-{year}-00001 зарегистрирована" in (filed.text or "")
    assert "Отдел обеспечения" in (filed.text or "")

    card = await told(fake, SUPPLY_CHAT, f"Претензия П-{year}-00001")
    await told(fake, SUPPLY_CHAT, "набор 1")  # the album follows the card
    await told(fake, MANAGER, f"П-{year}-00001")
    await told(fake, HEAD, f"П-{year}-00001")
    assert button_of(card, "Принять в работу") is not None

    await press(fake, SUPPLIER, SUPPLY_CHAT, "Принять в работу")
    await told(fake, CLIENT, "взяли в работу")
    await press(fake, SUPPLIER, SUPPLY_CHAT, "Решение")
    await press(fake, SUPPLIER, SUPPLY_CHAT, "удовлетворена частично")
    await press(fake, SUPPLIER, SUPPLY_CHAT, "замена")
    await press(fake, SUPPLIER, SUPPLY_CHAT, "поставщик")
    await told(fake, SUPPLY_CHAT, "Комментарий к решению")
    supplier = fake.user(SUPPLIER, "Елизавета", last_name="Ветрова")
    fake.push_update(fake.group_message(supplier, SUPPLY_CHAT, "Меняем 4 куртки"))
    await told(fake, CLIENT, "удовлетворена частично: замена")
    await press(fake, SUPPLIER, SUPPLY_CHAT, "Закрыть")
    await told(fake, CLIENT, "Оцените")
    await press(fake, CLIENT, CLIENT, "5 ⭐")
    await told(fake, CLIENT, "Спасибо за оценку")
    await told(fake, SUPPLY_CHAT, "Оценка клиента: 5 из 5")  # the card, edited after the commit

    claim = await the_claim_closed(harness)
    assert (claim.status, claim.rating, claim.resolution) == ("closed", 5, "partly_satisfied")
    assert await bot.stop() == 0
    assert "Traceback" not in bot.log


async def the_claim_closed(harness: Harness) -> Claim:
    async def query(uow: UnitOfWork) -> Claim:
        return await uow.claims.get(1)

    return await harness.read(query)
