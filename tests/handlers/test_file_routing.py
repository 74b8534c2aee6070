"""Who gets a document: a /catalog or /stock caption goes to the catalog, a bare table (or one
sent after /import) to the counterparty import."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Counterparty
from tests.handlers.test_catalog_import import app, send_file
from tests.harness import TestApp
from tests.orders_seed import DATA

__all__ = ["app"]  # the file-serving app fixture of the catalog tests

CATALOG = (DATA / "catalog.csv").read_bytes()
STOCK = "артикул;остаток\nKS-101;7\n".encode("cp1251")
COUNTERPARTIES = (
    "id,name,inn,kpp,category,city,address,phones,emails,contacts,deferral_days,manager,"
    "docs_per_month\n"
    "CP-001,ООО «Ромашка»,3528972289,352801001,конечный потребитель,Череповец,,"
    "89218662011,,,14,,3\n"
)


async def counterparties(app: TestApp) -> int:
    return int(await app.read(lambda uow: uow.session.scalar(select(func.count(Counterparty.id)))))


async def test_catalog_caption_loads_the_catalog_not_counterparties(app: TestApp) -> None:
    admin = app.people.admin
    await send_file(app, admin, "catalog.csv", CATALOG, caption="/catalog")
    assert app.last_to(admin).startswith("Каталог загружен: новых позиций 153")
    assert await counterparties(app) == 0


async def test_stock_caption_updates_stock_not_counterparties(app: TestApp) -> None:
    admin = app.people.admin
    await send_file(app, admin, "catalog.csv", CATALOG, caption="/catalog")
    await send_file(app, admin, "остатки.csv", STOCK, caption="/stock")
    assert app.last_to(admin) == "Остатки обновлены: 1 артикулов."
    entry = await app.read(lambda uow: uow.catalog.get("KS-101"))
    assert entry is not None
    assert entry.stock_qty == 7
    assert await counterparties(app) == 0


async def test_bare_table_is_a_counterparty_import(app: TestApp) -> None:
    admin = app.people.admin
    await send_file(app, admin, "clients.csv", COUNTERPARTIES.encode())
    assert "создано 1" in app.last_to(admin)
    assert await counterparties(app) == 1
    assert await app.read(lambda uow: uow.catalog.all()) == []


async def test_catalog_caption_wins_while_an_import_is_awaited(app: TestApp) -> None:
    admin = app.people.admin
    await app.say(admin, "/import")
    await send_file(app, admin, "catalog.csv", CATALOG, caption="/catalog")
    assert app.last_to(admin).startswith("Каталог загружен: новых позиций 153")
    assert await counterparties(app) == 0
    await send_file(app, admin, "clients.csv", COUNTERPARTIES.encode())  # the dialogue is over
    assert await counterparties(app) == 1
