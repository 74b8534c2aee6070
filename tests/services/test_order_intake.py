"""The intake services without Telegram: drafts as JSON, typed answers, placing an order."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.domain.catalog import load_catalog_csv
from bot.domain.company import default_company_path, load_company
from bot.domain.errors import Conflict, DomainError, Forbidden, InvalidInput
from bot.domain.orders.client_mentions import ClientDirectory
from bot.domain.orders.draft import NewClient, from_data, new_draft, to_data
from bot.domain.orders.draft_edits import parse_qty
from bot.domain.orders.parser import OrderParser
from bot.domain.roles import Actor, Role
from bot.services.catalog import CatalogCache
from bot.services.orders import client_orders
from bot.services.orders import intake as order_intake
from bot.services.orders import placing as order_placing
from bot.services.orders.confirming import DuplicateSuspected, OrderPlaced, PlaceOrder
from bot.services.staff import people
from bot.services.tasks import dispatch as order_tasks
from storage.models import Base, CatalogEntry, Counterparty, Interaction, Order, OrderPosition
from tests.builders import Person
from tests.harness import TestApp
from tests.orders_seed import (
    DATA,
    registered_client,
    sample_orders,
    seed_catalog,
    seed_counterparties,
)

TODAY = date(2026, 11, 23)
TEXT = "Ромашка ИНН 3528972289: костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"


@pytest.fixture(scope="module")
def parser() -> OrderParser:
    return OrderParser(
        load_catalog_csv(DATA / "catalog.csv"),
        load_company(default_company_path()),
        ClientDirectory.from_csv(DATA / "counterparties.csv"),
    )


def test_every_sample_draft_survives_json_and_back(parser: OrderParser) -> None:
    for sample in sample_orders():
        draft = new_draft("d1", sample["text"], parser.parse(sample["text"], today=TODAY),
                          parser.catalog, TODAY)  # fmt: skip
        stored = json.loads(json.dumps(to_data(draft)))
        assert from_data(stored) == draft, sample["id"]
        assert stored["order"]["missing"] == sample["expected"]["missing"], sample["id"]


@pytest.mark.parametrize(
    ("typed", "qty"), [("10", 10), ("10 шт", 10), ("1 000", 1000), ("пару", 2), ("десять", 10)]
)
def test_typed_quantities_are_read(typed: str, qty: int) -> None:
    assert parse_qty(typed) == qty


@pytest.mark.parametrize(
    ("typed", "key"),
    [("0", "order-qty-not-positive"), ("-3", "order-qty-not-positive"),
     ("100000", "order-qty-too-large"), ("сколько-нибудь", "order-qty-not-number"),
     ("5,5", "order-qty-not-number")],
)  # fmt: skip
def test_bad_quantities_are_refused(typed: str, key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_qty(typed)
    assert caught.value.key == key


# --- placing ------------------------------------------------------------------------------


class _Spy:
    def __init__(self) -> None:
        self.orders: list[int] = []

    async def __call__(self, uow: Any, order: Order, positions: Any, **_: Any) -> None:
        self.orders.append(order.id)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    found = _Spy()
    monkeypatch.setattr(order_tasks, "dispatch_order", found)
    return found


async def _actor(app: TestApp, who: Person, role: Role) -> Actor:
    await app.add_person(who, role, "sales" if role in (Role.MANAGER, Role.HEAD) else None)
    found = await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, ""))
    return found.actor


async def _counts(app: TestApp) -> tuple[int, ...]:
    async def count(uow: Any, model: type[Base]) -> int:
        return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)

    async def all_counts(uow: Any) -> tuple[int, ...]:
        return tuple(
            [await count(uow, m) for m in (Order, OrderPosition, Interaction, Counterparty)]
        )

    return await app.read(all_counts)


async def _draft(app: TestApp, actor: Actor, cache: CatalogCache, text: str = TEXT) -> Any:
    cmd = order_intake.StartOrder(actor, text, "d1")
    return (await app.read(lambda uow: order_intake.start_order(cmd, uow, app.clock, cache))).draft


async def _place(app: TestApp, actor: Actor, draft: Any, cache: CatalogCache) -> Any:
    cmd = PlaceOrder(actor, draft)
    return await app.read(lambda uow: order_placing.place_order(cmd, uow, app.clock, cache))


@pytest.fixture
async def ready(app: TestApp) -> tuple[Actor, CatalogCache]:
    await seed_catalog(app)
    await seed_counterparties(app)
    return await _actor(app, app.people.manager, Role.MANAGER), CatalogCache(app.app.company)


async def test_placed_order_is_written_at_once_with_its_interaction(
    app: TestApp, ready: tuple[Actor, CatalogCache], spy: _Spy
) -> None:
    manager, cache = ready
    placed = await _place(app, manager, await _draft(app, manager, cache), cache)
    assert isinstance(placed, OrderPlaced)
    assert await _counts(app) == (1, 1, 1, 80)
    order = await app.read(lambda uow: uow.orders.get(placed.order_id))
    assert order is not None
    assert (order.number, order.status, order.manager_id) == (1, "new", manager.user_id)
    assert order.text_hash
    assert order.source_text == TEXT
    [position] = await app.read(lambda uow: uow.orders.positions(placed.order_id))
    assert (position.sku, position.qty, position.price_kopecks) == ("KS-101", 10, 283000)
    assert spy.orders == [placed.order_id]


async def _refused(app: TestApp, actor: Actor, draft: Any, cache: CatalogCache) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await _place(app, actor, draft, cache)
    assert await _counts(app) == (0, 0, 0, 80), "a refused order writes nothing"
    return caught.value


async def test_refused_orders_write_nothing(
    app: TestApp, ready: tuple[Actor, CatalogCache], spy: _Spy
) -> None:
    manager, cache = ready
    draft = await _draft(app, manager, cache, f"{TEXT}, к 24.11")
    storekeeper = await _actor(app, app.people.storekeeper, Role.WAREHOUSE)
    assert isinstance(await _refused(app, storekeeper, draft, cache), Forbidden)

    no_price = await _draft(app, manager, cache, TEXT.replace(", опт", ""))
    assert (await _refused(app, manager, no_price, cache)).key == "order-incomplete"

    taken = replace(draft, counterparty_id=None, new_client=NewClient("ООО «Р-2»", "3528972289"))
    assert isinstance(await _refused(app, manager, taken, cache), Conflict)

    app.clock.advance(timedelta(days=2))  # the deadline 24.11 has passed meanwhile
    assert (await _refused(app, manager, draft, cache)).key == "order-deadline-past-now"

    async with app.app.make_uow() as uow:  # the catalog changes under the draft
        entry = await uow.session.get(CatalogEntry, "KS-101")
        assert entry is not None
        entry.sizes = ["40-42", "44-46"]
        entry.updated_at = app.clock.now()
        await uow.commit()
    fresh = await _draft(app, manager, cache)
    async with app.app.make_uow() as uow:
        entry = await uow.session.get(CatalogEntry, "KS-101")
        assert entry is not None
        entry.sizes = ["40-42"]
        entry.updated_at = app.clock.now() + timedelta(seconds=1)
        await uow.commit()
    refusal = await _refused(app, manager, replace(fresh, order=replace(fresh.order, positions=(
        replace(fresh.order.positions[0], size="44-46"),
    ))), cache)  # fmt: skip
    assert (refusal.key, refusal.params) == ("order-position-invalid", {"position": 1})
    assert spy.orders == []


async def test_duplicate_within_a_minute_writes_nothing_until_acknowledged(
    app: TestApp, ready: tuple[Actor, CatalogCache], spy: _Spy
) -> None:
    manager, cache = ready
    first = await _draft(app, manager, cache)
    second = await _draft(app, manager, cache)
    await _place(app, manager, first, cache)
    app.clock.advance(timedelta(seconds=59))
    warned = await _place(app, manager, second, cache)
    assert isinstance(warned, DuplicateSuspected)
    assert warned.number == 1
    assert await _counts(app) == (1, 1, 1, 80)
    placed = await _place(app, manager, warned.draft, cache)
    assert isinstance(placed, OrderPlaced)
    assert placed.number == 2


async def test_a_clients_own_draft_is_submitted_to_their_manager_never_placed(
    app: TestApp, spy: _Spy
) -> None:
    await seed_catalog(app)
    ids = await seed_counterparties(app)
    cache = CatalogCache(app.app.company)
    elena = Person(900050, "Елена", "Захарова")
    await registered_client(app, ids["CP-001"], elena)
    client = (await app.read(lambda uow: people.resolve_actor(uow, elena.tg_user_id, ""))).actor
    draft = await _draft(app, client, cache, TEXT.split(": ", 1)[1])
    assert draft.for_client
    assert isinstance(await _refused(app, client, draft, cache), Forbidden)
    cmd = PlaceOrder(client, draft)
    submitted = await app.read(lambda uow: client_orders.submit_order(cmd, uow, app.clock, cache))
    assert isinstance(submitted, OrderPlaced)
    order = await app.read(lambda uow: uow.orders.get(submitted.order_id))
    assert (order.status, order.counterparty_id) == ("awaiting_manager", ids["CP-001"])
    assert spy.orders == []  # the departments get nothing before the manager confirms
