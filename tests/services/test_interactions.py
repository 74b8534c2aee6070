from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.company import default_company_path, load_company
from bot.domain.errors import Forbidden, InvalidInput
from bot.domain.interactions import parse_control_date, parse_note, quick_dates
from bot.domain.roles import Actor, Role
from bot.services import interactions
from bot.services.staff import people
from reminders.calendar import WorkCalendar
from storage.models import Interaction
from tests.builders import Person
from tests.harness import TestApp

OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    company = load_company(default_company_path())
    return WorkCalendar.from_mapping(company.working_time, company.calendar)


async def actor(app: TestApp, who: Person) -> Actor:
    return (await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, ""))).actor


async def log(
    app: TestApp, who: Actor, cp_id: int, calendar: WorkCalendar, on: date | None, note: str
) -> Interaction:
    async with app.app.make_uow() as uow:
        cmd = interactions.LogInteraction(who, cp_id, "call_out", "agreed", note, on)
        return await interactions.log_interaction(cmd, uow, app.clock, calendar)


def test_quick_dates_skip_weekends_and_holidays(calendar: WorkCalendar) -> None:
    friday = quick_dates(calendar, date(2026, 11, 27))
    assert friday.tomorrow == date(2026, 11, 30)
    assert friday.in_three_days == date(2026, 12, 2)
    assert friday.next_week == date(2026, 12, 4)
    new_year = quick_dates(calendar, date(2026, 12, 31))
    assert new_year.tomorrow == date(2027, 1, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.11", date(2026, 11, 25)),
        ("25.11.2026", date(2026, 11, 25)),
        ("2026-12-01", date(2026, 12, 1)),
        ("5/1", date(2027, 1, 5)),
        ("25.11.26", date(2026, 11, 25)),
    ],
)
def test_typed_control_dates(text: str, expected: date) -> None:
    assert parse_control_date(text, date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [("завтра", "contact-bad-date"), ("31.02.2027", "contact-bad-date"),
     ("20.11.2026", "contact-date-past"), ("01.01.2030", "contact-date-far")],
)  # fmt: skip
def test_bad_control_dates_are_refused(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_control_date(text, date(2026, 11, 23))
    assert error.value.key == key


def test_note_line_splits_into_topic_result_next_step() -> None:
    note = parse_note("костюмы на зиму; ждут КП; позвонить в пятницу")
    assert (note.topic, note.result, note.next_step) == (
        "костюмы на зиму",
        "ждут КП",
        "позвонить в пятницу",
    )
    assert parse_note("только тема").result is None
    with pytest.raises(InvalidInput):
        parse_note("   ")
    with pytest.raises(InvalidInput):
        parse_note("я" * 1001)


async def test_new_contact_closes_the_earlier_control_date(
    app: TestApp, calendar: WorkCalendar
) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    cp_id = await app.add_counterparty("ООО «Ромашка»", manager=app.people.manager)
    me = await actor(app, app.people.manager)
    first = await log(app, me, cp_id, calendar, date(2026, 11, 25), "КП; отправил; перезвонить")
    app.clock.advance(timedelta(hours=1))
    second = await log(app, me, cp_id, calendar, None, "перезвонил; думают")
    rows = await app.read(
        lambda uow: uow.session.scalars(select(Interaction).order_by(Interaction.id))
    )
    by_id = {i.id: i for i in rows}
    assert by_id[first.id].control_closed_at is not None
    assert by_id[second.id].control_closed_at is None
    card_step = await app.read(lambda uow: uow.interactions.open_control(cp_id))
    assert card_step is None


async def test_past_control_date_writes_nothing(app: TestApp, calendar: WorkCalendar) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    cp_id = await app.add_counterparty("ООО «Ромашка»")
    me = await actor(app, app.people.manager)
    with pytest.raises(InvalidInput) as error:
        await log(app, me, cp_id, calendar, date(2026, 11, 20), "тема")
    assert error.value.key == "contact-date-past"
    assert await app.read(lambda uow: uow.interactions.timeline(cp_id, 5)) == []


async def test_client_cannot_log_contacts(app: TestApp, calendar: WorkCalendar) -> None:
    client = Person(900050, "Клиент")
    await app.add_person(client, Role.CLIENT)
    cp_id = await app.add_counterparty("ООО «Ромашка»")
    with pytest.raises(Forbidden):
        await log(app, await actor(app, client), cp_id, calendar, None, "тема")


async def test_today_lists_own_due_dates_and_heads_see_everyones(
    app: TestApp, calendar: WorkCalendar
) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    mine = await app.add_counterparty("ООО «Ромашка»")
    theirs = await app.add_counterparty("АО «Прогресс»")
    later = await app.add_counterparty("ИП Сидоров")
    me, other = await actor(app, app.people.manager), await actor(app, OTHER_MANAGER)
    await log(app, me, mine, calendar, date(2026, 11, 24), "КП; ; позвонить")
    await log(app, other, theirs, calendar, date(2026, 11, 24), "счёт; ; напомнить")
    await log(app, me, later, calendar, date(2026, 11, 30), "образцы")
    app.clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))

    async def plan(who: Actor) -> list[str]:
        async with app.app.make_uow() as uow:
            found = await interactions.today_plan(who, uow, app.clock, calendar)
        return [item.counterparty for item in found.items]

    assert await plan(me) == ["ООО «Ромашка»"]
    assert sorted(await plan(await actor(app, app.people.head))) == [
        "АО «Прогресс»",
        "ООО «Ромашка»",
    ]
    app.clock.set(datetime(2026, 11, 26, 6, 0, tzinfo=UTC))
    async with app.app.make_uow() as uow:
        overdue = await interactions.today_plan(me, uow, app.clock, calendar)
    assert [(i.counterparty, i.is_overdue) for i in overdue.items] == [("ООО «Ромашка»", True)]
