"""A client blocked the bot: the sender's listener tells their manager (or the head), once."""

from __future__ import annotations

from bot.domain.roles import Role
from bot.services.counterparties import directory as clients
from storage.models import ContactPerson
from tests.delivery.harness import ADMIN_ID, DeliveryApp
from tests.fakes.telegram_api import FakeTelegram

CLIENT, MANAGER, HEAD = 4301, 4302, 4303
BLOCKED = "заблокировал(а) бота"


async def client_of(app: DeliveryApp, *, with_manager: bool) -> int:
    """A counterparty whose contact person is the Telegram user CLIENT; returns its id."""
    manager = await app.add_user(MANAGER, Role.MANAGER)
    client = await app.add_user(CLIENT, Role.CLIENT)
    async with app.app.make_uow() as uow:
        fields = clients.NewCounterparty(
            name="ООО «Ромашка»", manager_id=manager.id if with_manager else None
        )
        cp = await clients.add_counterparty(uow, fields, None, app.clock.now())
        uow.counterparties.add_person(
            ContactPerson(
                counterparty_id=cp.id,
                full_name="Захарова Елена",
                user_id=client.id,
                created_at=app.clock.now(),
            )
        )
        await uow.commit()
        return cp.id


async def test_blocked_client_is_reported_to_the_manager_once(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await client_of(app, with_manager=True)
    fake.block(CLIENT)
    for n in range(2):
        await app.enqueue(CLIENT, f"client {n}")
    await app.sender.drain()

    [notice] = fake.texts(MANAGER)
    assert notice.startswith(f"Захарова Елена («ООО «Ромашка»») {BLOCKED}")
    assert "нет менеджера" not in notice
    assert not any(BLOCKED in t for t in fake.texts(ADMIN_ID))  # a client: not the admins
    assert (await app.user(CLIENT)).is_reachable is False

    await app.enqueue(CLIENT, "client again")
    await app.sender.drain()
    assert len(fake.texts(MANAGER)) == 1


async def test_blocked_client_without_a_manager_is_reported_to_the_head(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await client_of(app, with_manager=False)
    await app.add_user(HEAD, Role.HEAD)
    fake.block(CLIENT)
    await app.enqueue(CLIENT, "client 0")
    await app.sender.drain()

    [notice] = fake.texts(HEAD)
    assert BLOCKED in notice
    assert "У клиента нет менеджера" in notice
    assert fake.texts(MANAGER) == []


async def test_blocked_staff_member_is_not_reported_as_a_client(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await client_of(app, with_manager=True)
    fake.block(HEAD)
    await app.add_user(HEAD, Role.HEAD)
    await app.enqueue(HEAD, "head 0")
    await app.sender.drain()

    assert fake.texts(MANAGER) == []
    assert any(BLOCKED in t for t in fake.texts(ADMIN_ID))
