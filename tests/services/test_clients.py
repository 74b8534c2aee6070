from __future__ import annotations

import pytest
from sqlalchemy import ForeignKey, select

from bot.domain.counterparties.inn import InvalidInn
from bot.domain.errors import Conflict, Forbidden, InvalidInput
from bot.domain.interactions import Form
from bot.domain.roles import Actor, Role
from bot.services import interactions
from bot.services.counterparties import directory as clients
from bot.services.counterparties import edit as counterparty_edit
from bot.services.counterparties import merge as counterparty_merge
from bot.services.staff import people
from storage.models import (
    Base,
    ContactPerson,
    Counterparty,
    CounterpartyPhone,
    Interaction,
)
from tests.builders import Person
from tests.harness import TestApp

OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")


async def actor(app: TestApp, who: Person) -> Actor:
    return (await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, ""))).actor


async def count(app: TestApp, model: type[Base]) -> int:
    return len(
        (await app.read(lambda uow: uow.session.scalars(select(model)))).all()  # type: ignore[arg-type]
    )


async def seed(app: TestApp) -> int:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    return await app.add_counterparty(
        "ООО «Ромашка»",
        inn="3528972289",
        phones=["8 (8202) 71-04-57 доб. 208", "89218662011"],
        emails=["zakaz@romashka-cher.ru"],
        city="Череповец",
        manager=app.people.manager,
    )


FOUND_BY = (
    "ромаш", "Ромашка ООО", "3528972289", "352897", "+7 921 866-20-11", "8-921-866-2011",
    "866-20-11", "ZAKAZ@Romashka-Cher.ru",
)  # fmt: skip
REFUSED = (
    ("", "find-usage"), ("ж", "find-too-short"), ("12", "find-too-short"),
    ("a@", "find-bad-email"), ("я" * 201, "find-too-long"),
)  # fmt: skip


async def test_find_by_name_inn_phone_or_email(app: TestApp) -> None:
    cp_id = await seed(app)
    await app.add_counterparty("АО «Прогресс-Механика»", inn="3525844426", city="Вологда")
    me = await actor(app, app.people.manager)
    for query in FOUND_BY:
        found = await app.read(lambda uow, q=query: clients.find_counterparties(me, q, uow))
        assert [cp.id for cp in found] == [cp_id], query


async def test_find_refuses_empty_short_or_garbled_queries(app: TestApp) -> None:
    await seed(app)
    me = await actor(app, app.people.manager)
    for query, key in REFUSED:
        async with app.app.make_uow() as uow:
            with pytest.raises(InvalidInput) as error:
                await clients.find_counterparties(me, query, uow)
        assert error.value.key == key, query


async def test_client_cannot_search_counterparties(app: TestApp) -> None:
    await seed(app)
    client = Person(900050, "Клиент")
    await app.add_person(client, Role.CLIENT)
    who = await actor(app, client)
    with pytest.raises(Forbidden):
        await app.read(lambda uow: clients.find_counterparties(who, "ромашка", uow))


async def test_create_shows_candidates_and_writes_nothing_until_confirmed(app: TestApp) -> None:
    cp_id = await seed(app)
    me = await actor(app, app.people.manager)
    fields = clients.validate_new(name="Ромашка", phone="+7 921 866 20 11", city="Череповец")

    async def create(confirmed: bool) -> clients.CreateResult:
        async with app.app.make_uow() as uow:
            cmd = clients.CreateCounterparty(me, fields, confirmed_new=confirmed)
            return await clients.create_counterparty(cmd, uow, app.clock)

    shown = await create(False)
    assert shown.counterparty is None
    assert [m.counterparty.id for m in shown.candidates] == [cp_id]
    assert "phone" in shown.candidates[0].reasons
    assert await count(app, Counterparty) == 1
    created = await create(True)
    assert created.counterparty is not None
    assert created.counterparty.manager_id == me.user_id
    assert await count(app, Counterparty) == 2


async def test_create_with_a_taken_inn_can_never_be_confirmed(app: TestApp) -> None:
    await seed(app)
    me = await actor(app, app.people.manager)
    fields = clients.validate_new(name="ООО «Совсем другое»", inn="3528 972 289")
    async with app.app.make_uow() as uow:
        with pytest.raises(Conflict) as error:
            await clients.create_counterparty(
                clients.CreateCounterparty(me, fields, confirmed_new=True), uow, app.clock
            )
    assert error.value.params["name"] == "ООО «Ромашка»"
    assert await count(app, Counterparty) == 1


@pytest.mark.parametrize(
    ("inn", "reason"),
    [("352897228", "length"), ("3528972288", "checksum"), ("35289722A9", "letters"),
     ("3528972289!", "symbols")],
)  # fmt: skip
def test_typed_inn_says_which_rule_failed(inn: str, reason: str) -> None:
    with pytest.raises(InvalidInn) as error:
        clients.validate_new(name="ООО «Тест»", inn=inn)
    assert error.value.params["reason"] == reason


def test_unparseable_phone_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        clients.validate_new(name="ООО «Тест»", phone="12-34")
    assert error.value.key == "error-phone"


async def test_manager_cannot_change_another_managers_client_but_head_can(app: TestApp) -> None:
    cp_id = await seed(app)
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    other, head = await actor(app, OTHER_MANAGER), await actor(app, app.people.head)

    async def edit(who: Actor, value: str) -> Counterparty:
        async with app.app.make_uow() as uow:
            cmd = counterparty_edit.EditCounterparty(who, cp_id, "city", value)
            return await counterparty_edit.edit_counterparty(cmd, uow, app.clock)

    with pytest.raises(Forbidden) as error:
        await edit(other, "Вологда")
    assert error.value.params["manager"] == app.people.manager.full_name
    assert (await edit(head, "Вологда")).city == "Вологда"
    card = await app.read(lambda uow: clients.counterparty_card(other, cp_id, uow))
    assert card.counterparty.city == "Вологда"
    assert not card.can_edit


async def test_phone_of_another_card_is_refused_with_its_name(app: TestApp) -> None:
    cp_id = await seed(app)
    await app.add_counterparty("ИП Иванов И.И.", phones=["+79005553311"])
    me = await actor(app, app.people.manager)
    async with app.app.make_uow() as uow:
        with pytest.raises(Conflict) as error:
            await counterparty_edit.edit_counterparty(
                counterparty_edit.EditCounterparty(me, cp_id, "phone", "8 900 555-33-11"),
                uow,
                app.clock,
            )
    assert error.value.params["name"] == "ИП Иванов И.И."
    assert await count(app, CounterpartyPhone) == 3


async def test_merge_moves_every_counterparty_row_and_drops_the_card(app: TestApp) -> None:
    keep_id = await seed(app)
    drop_id = await app.add_counterparty(
        "Ромашка Череповец",
        phones=["+79218662011", "+79115550000"],
        contacts=[("Захарова Елена", "+79115550001")],
    )
    await app.add_person(app.people.head, Role.HEAD, "sales")
    head = await actor(app, app.people.head)
    async with app.app.make_uow() as uow:
        interactions.add_event(
            uow, counterparty_id=drop_id, form=Form.CALL_IN, author_id=None, topic="t",
            at=app.clock.now(),
        )  # fmt: skip
        await uow.commit()
    async with app.app.make_uow() as uow:
        merged = await counterparty_merge.merge_counterparties(
            counterparty_merge.MergeCounterparties(head, keep_id, drop_id), uow, app.clock
        )
    expected = {
        table.name
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.parent.name == "counterparty_id" and fk.column.table.name == "counterparties"
    }
    assert set(merged.moved) == expected
    assert await app.read(lambda uow: uow.counterparties.find(drop_id)) is None
    phones = await app.read(lambda uow: uow.counterparties.phones(keep_id))
    assert sorted(p.e164 for p in phones) == ["+78202710457", "+79115550000", "+79218662011"]
    people_left = await app.read(lambda uow: uow.counterparties.people(keep_id))
    assert [p.full_name for p in people_left] == ["Захарова Елена"]
    timeline = await app.read(lambda uow: uow.interactions.timeline(keep_id, 10))
    assert [i.topic for i in timeline] == ["t"]
    await app.app.sender.drain()
    told = app.last_to(app.people.manager)
    assert "«Ромашка Череповец» теперь часть «ООО «Ромашка»»" in told


async def test_merge_is_for_head_and_admin_only(app: TestApp) -> None:
    keep_id = await seed(app)
    drop_id = await app.add_counterparty("ООО «Дубль»")
    me = await actor(app, app.people.manager)
    async with app.app.make_uow() as uow:
        with pytest.raises(Forbidden):
            await counterparty_merge.merge_counterparties(
                counterparty_merge.MergeCounterparties(me, keep_id, drop_id), uow, app.clock
            )
    assert await count(app, Counterparty) == 2


def test_merge_finds_counterparty_tables_from_metadata() -> None:
    """Tables of later features (orders) are found without the clients feature naming them."""
    referring = {
        table.name
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if isinstance(fk, ForeignKey) and fk.column.table.name == "counterparties"
    }
    assert {"contact_persons", "interactions", "client_requests"} <= referring
    assert ContactPerson.__table__.c.counterparty_id.foreign_keys
    assert Interaction.__table__.c.counterparty_id.foreign_keys
