"""Claims services on both databases: race-safe per-year numbers, routing by the company
file (the sample claims), deadlines through the reminder engine, the rating once."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.claims.rules import Channel, Resolution
from bot.domain.errors import Conflict, Forbidden, InvalidInput
from bot.services.claims import filing, working
from storage.models import Claim
from tests.claims_seed import CLIENT, setup
from tests.harness import TestApp
from tests.orders_seed import Line, actor_of, seed_order

MSK = ZoneInfo("Europe/Moscow")
CHANNELS = {"telegram": Channel.MESSENGER, "email": Channel.EMAIL, "phone": Channel.CALL}


def msk(d: int, h: int, mi: int = 0) -> datetime:
    return datetime(2026, 12, d, h, mi, tzinfo=MSK).astimezone(UTC)


async def test_numbers_are_per_year_and_never_given_twice(app: TestApp) -> None:
    async def one(year: int) -> int:
        async with app.app.make_uow() as uow:
            seq = await uow.claims.next_seq(year)
            await uow.commit()
            return seq

    got = await asyncio.gather(*(one(2026) for _ in range(6)))
    assert sorted(got) == [1, 2, 3, 4, 5, 6]
    assert await one(2027) == 1
    assert await one(2026) == 7


async def file_as_manager(
    app: TestApp, cp_id: int, category: str, text: str, *, order_id: int | None = None,
    channel: Channel = Channel.CALL,
) -> filing.Filed:  # fmt: skip
    actor = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        cmd = filing.FileClaim(actor, category, text, order_id, (), cp_id, channel)
        return await filing.file_claim(
            cmd, uow, app.clock, app.app.company.claims, app.app.calendar
        )


async def test_sample_claims_go_where_the_company_file_says(app: TestApp, data_dir: Path) -> None:
    cp_id = await setup(app)
    sewn = await seed_order(
        app, [Line("Куртка на заказ", 3, work=("tailoring",))], counterparty_id=cp_id
    )
    rows = [json.loads(line) for line in (data_dir / "claims.jsonl").read_text().splitlines()]
    for row in rows:
        expected = row["expected"]
        in_house = expected["department"] == "workshop"
        filed = await file_as_manager(
            app, cp_id, expected["category"], row["text"],
            order_id=sewn.order_id if in_house else None, channel=CHANNELS[row["channel"]],
        )  # fmt: skip
        claim = await app.read(lambda uow, i=filed.claim_id: uow.claims.get(i))
        assert claim.department_id == expected["department"], row["id"]
    numbers = [f"П-2026-{n:05d}" for n in range(1, len(rows) + 1)]
    stored = await app.read(lambda uow: uow.claims.of_counterparty(cp_id, 100))
    assert sorted(c.number for c in stored) == numbers


async def test_bad_input_is_refused_and_nothing_is_written(app: TestApp) -> None:
    cp_id = await setup(app)
    with pytest.raises(InvalidInput):
        await file_as_manager(app, cp_id, "defect", "   ")
    with pytest.raises(InvalidInput):
        await file_as_manager(app, cp_id, "no_such_kind", "Что-то не так")
    with pytest.raises(InvalidInput):
        await file_as_manager(app, cp_id, "defect", "Шов", channel=Channel.TELEGRAM)
    assert await app.read(lambda uow: uow.claims.of_counterparty(cp_id, 10)) == []


async def filed_claim(app: TestApp, cp_id: int) -> Claim:
    app.clock.set(msk(3, 10))  # Thursday 10:00
    filed = await file_as_manager(app, cp_id, "defect", "Разошёлся шов")
    await app.app.sender.drain()
    return await app.read(lambda uow: uow.claims.get(filed.claim_id))


async def tick(app: TestApp) -> None:
    await app.app.reminders.tick()
    await app.app.sender.drain()


async def test_not_accepted_in_time_goes_to_the_head(app: TestApp) -> None:
    cp_id = await setup(app)
    claim = await filed_claim(app, cp_id)
    app.clock.set(msk(3, 14, 30))  # 3.5 working hours (lunch does not count)
    await tick(app)
    assert not [t for t in app.texts_to(app.people.head) if "не приняли в работу" in t]
    app.clock.set(msk(3, 15, 5))
    await tick(app)
    [told] = [t for t in app.texts_to(app.people.head) if "не приняли в работу" in t]
    assert claim.number in told


async def test_unanswered_question_reminds_the_client_then_the_manager(app: TestApp) -> None:
    cp_id = await setup(app)
    claim = await filed_claim(app, cp_id)
    supplier = await actor_of(app, app.people.supplier)
    async with app.app.make_uow() as uow:
        await working.accept(supplier, claim.id, uow, app.clock, app.app.calendar)
    async with app.app.make_uow() as uow:
        await working.ask(supplier, claim.id, "Фото бирки?", uow, app.clock, app.app.calendar)
    await app.app.sender.drain()
    app.clock.set(msk(7, 10, 1))  # two working days later (Monday)
    await tick(app)
    assert "мы ждём ваш ответ на вопрос: Фото бирки?" in app.last_to(CLIENT)
    app.clock.set(msk(8, 11, 1))
    await tick(app)
    assert any("не ответил на вопрос" in t for t in app.texts_to(app.people.manager))


async def test_decided_claim_is_closed_and_rated_once(app: TestApp) -> None:
    cp_id = await setup(app)
    claim = await filed_claim(app, cp_id)
    supplier = await actor_of(app, app.people.supplier)
    storekeeper = await actor_of(app, app.people.storekeeper)
    client = await actor_of(app, CLIENT)
    company, calendar, clock = app.app.company.claims, app.app.calendar, app.clock
    async with app.app.make_uow() as uow:
        with pytest.raises(Forbidden):
            await working.accept(storekeeper, claim.id, uow, clock, calendar)
    no_remedy = working.Decide(supplier, claim.id, Resolution.SATISFIED, "Меняем")
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidInput):  # satisfied needs a remedy
            await working.decide(no_remedy, uow, clock, company, calendar)
    async with app.app.make_uow() as uow:
        cmd = working.Decide(
            supplier, claim.id, Resolution.SATISFIED, "Меняем", "replacement", "workshop"
        )
        await working.decide(cmd, uow, clock, company, calendar)
    async with app.app.make_uow() as uow:
        await working.close(supplier, claim.id, uow, clock, calendar)
    async with app.app.make_uow() as uow:
        await working.rate(client, claim.id, 2, uow, clock, calendar)
    async with app.app.make_uow() as uow:
        with pytest.raises(Conflict):
            await working.rate(client, claim.id, 5, uow, clock, calendar)
    stored = await app.read(lambda uow: uow.claims.get(claim.id))
    assert (stored.status, stored.rating, stored.culprit) == ("closed", 2, "workshop")
    timeline = await app.read(lambda uow: uow.interactions.timeline(cp_id, 20))
    assert {i.form for i in timeline} == {"claim"}
    assert len(timeline) == 4  # registered, decided, closed, rated
    events = await app.read(lambda uow: uow.claims.events(claim.id))
    assert [e.kind for e in events] == ["registered", "decided", "closed", "rated"]
    assert stored.closed_at is not None
