"""Orders made directly in the database (as place_order writes them), then handed to the
departments with dispatch_order: what the task side's tests start from."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain.roles import Actor, Role
from bot.services import catalog
from bot.services.counterparties import directory as clients
from bot.services.staff import people
from bot.services.tasks.dispatch import dispatch_order
from storage.models import CatalogEntry, ContactPerson, Order, OrderPosition, Task
from tests.builders import Group, Person
from tests.harness import TestApp

DATA = Path(__file__).parent / "data"


# --- the intake's test data (catalog, counterparties, sample order messages) -------------


def sample_orders() -> list[dict[str, Any]]:
    """The sample order messages of tests/data/orders.jsonl with their expected parse."""
    lines = (DATA / "orders.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


async def seed_catalog(app: TestApp) -> None:
    """tests/data/catalog.csv as the catalog (with its stock)."""
    data = (DATA / "catalog.csv").read_bytes()
    async with app.app.make_uow() as uow:
        await catalog.store_items(uow, catalog.read_rows("catalog.csv", data), app.clock.now())
        await uow.commit()


async def seed_counterparties(app: TestApp, *, manager_id: int | None = None) -> dict[str, int]:
    """tests/data/counterparties.csv as counterparty cards; returns their ids by CP-NNN."""
    path = DATA / "counterparties.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    ids: dict[str, int] = {}
    async with app.app.make_uow() as uow:
        for row in rows:
            fields = clients.NewCounterparty(
                name=row["name"],
                inn=row["inn"] or None,
                kpp=row["kpp"] or None,
                city=row["city"] or None,
                address=row["address"] or None,
                deferral_days=int(row["deferral_days"] or 0),
                docs_per_month=int(row["docs_per_month"] or 0),
                external_id=row["id"],
                manager_id=manager_id,
            )
            cp = await clients.add_counterparty(uow, fields, None, app.clock.now())
            ids[row["id"]] = cp.id
        await uow.commit()
    return ids


# --- department tasks --------------------------------------------------------------------

# Department members used across the order tests (People has storekeeper, supplier, driver).
SEAMSTRESS = Person(900007, "Жанна", "Соболева")
LOGO_MASTER = Person(900008, "Нина", "Левашова")
CLIENT = Person(900020, "Ольга", "Клиентова")
WORKSHOP_CHAT = Group(-1001000000004, "Тех. задание швейный цех")
DELIVERY_CHAT = Group(-1001000000005, "Доставка")


@dataclass(frozen=True)
class Line:
    model: str
    qty: int
    work: tuple[str, ...] = ("stock",)
    sku: str | None = None
    colour: str | None = None
    size: str | None = None
    height: str | None = None
    unit: str = "шт"


@dataclass
class Seeded:
    order_id: int
    number: int
    counterparty_id: int
    position_ids: list[int] = field(default_factory=list)


async def actor_of(app: TestApp, who: Person) -> Actor:
    lookup = await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, who.full_name))
    return lookup.actor


async def staff(app: TestApp) -> None:
    """The manager and one member of each department."""
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.add_person(app.people.supplier, Role.SUPPLY, "supply")
    await app.add_person(SEAMSTRESS, Role.WORKSHOP, "workshop")
    await app.add_person(app.people.driver, Role.DRIVER, "delivery")


async def bind(app: TestApp, department: str, group: Group, thread_id: int | None = None) -> None:
    await app.say(app.people.admin, f"/bind {department}", group=group, thread_id=thread_id)


async def registered_client(app: TestApp, counterparty_id: int, who: Person) -> None:
    """`who` becomes a client user of the counterparty (told when the order is ready)."""
    user = await app.add_person(who, Role.CLIENT)
    async with app.app.make_uow() as uow:
        uow.counterparties.add_person(
            ContactPerson(
                counterparty_id=counterparty_id,
                full_name=who.full_name,
                user_id=user.id,
                created_at=app.clock.now(),
            )
        )
        await uow.commit()


async def catalog_item(app: TestApp, sku: str, model: str, stock: int) -> None:
    async with app.app.make_uow() as uow:
        uow.session.add(
            CatalogEntry(
                sku=sku,
                model=model,
                category="",
                colours=[],
                sizes=[],
                heights=[],
                unit="шт",
                prices_kopecks={},
                stock_qty=stock,
                is_logo_possible=True,
                updated_at=app.clock.now(),
            )
        )
        await uow.commit()


async def seed_order(
    app: TestApp,
    lines: Sequence[Line] = (Line("Костюм «Технолог»", 10, sku="KS-101", colour="серый"),),
    *,
    manager: Person | None = None,
    client: str = "ООО «Ромашка»",
    counterparty_id: int | None = None,
    delivery_kind: str | None = None,
    carrier: str | None = None,
    address: str | None = None,
    deadline: date | None = None,
    is_urgent: bool = False,
) -> Seeded:
    manager = manager or app.people.manager
    if counterparty_id is None:
        counterparty_id = await app.add_counterparty(client, manager=manager)
    who = await actor_of(app, manager)
    assert who.user_id is not None
    now = app.clock.now()
    async with app.app.make_uow() as uow:
        order = Order(
            number=await uow.orders.next_number(),
            counterparty_id=counterparty_id,
            manager_id=who.user_id,
            created_by_id=who.user_id,
            status="new",
            delivery_kind=delivery_kind,
            carrier=carrier,
            address=address,
            deadline_on=deadline,
            is_urgent=is_urgent,
            source_text="",
            text_hash="",
            created_at=now,
            updated_at=now,
        )
        uow.orders.add(order)
        await uow.flush()
        positions = [
            OrderPosition(
                order_id=order.id,
                line_no=i,
                sku=line.sku,
                model=line.model,
                colour=line.colour,
                size=line.size,
                height=line.height,
                qty=line.qty,
                unit=line.unit,
                work=list(line.work),
            )
            for i, line in enumerate(lines, start=1)
        ]
        uow.orders.add_positions(positions)
        await uow.flush()
        await dispatch_order(uow, order, positions, actor=who, clock=app.clock)
        await uow.commit()
        seeded = Seeded(order.id, order.number, counterparty_id, [p.id for p in positions])
    await app.app.sender.drain()
    return seeded


async def tasks_of(app: TestApp, order_id: int) -> dict[str, Task]:
    """The order's tasks by department (the newest one of a department wins)."""
    tasks = await app.read(lambda uow: uow.tasks.of_order(order_id))
    return {t.department_id: t for t in tasks}


async def order_of(app: TestApp, order_id: int) -> Order:
    order = await app.read(lambda uow: uow.tasks.order(order_id))
    assert order is not None
    return order
