"""The catalog in the database: imports, stock, the process cache, the file loaded on start."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.config import SettingsError, load_settings
from bot.domain.errors import Forbidden, InvalidInput
from bot.domain.roles import Action, Actor, Role
from bot.services import catalog
from bot.services.catalog import CatalogCache, CatalogFile
from bot.services.staff import people
from tests.builders import Person
from tests.conftest import TOKEN
from tests.fakes.clock import FakeClock
from tests.harness import TestApp
from tests.orders_seed import DATA

HEADER = (
    "sku,model,category,colours,sizes,heights,unit,price_retail,price_small_wholesale,"
    "price_wholesale,price_dealer,stock_qty,logo_possible"
)
GOOD = "ZZ-001,Костюм «Тест»,костюмы,синий;серый,48-50;52-54,,компл.,100,90,80,70.50,5,да"


async def _actor(app: TestApp, who: Person, role: Role) -> Actor:
    if who != app.people.admin:  # the admin is there from ADMIN_IDS
        await app.add_person(who, role)
    return (await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, ""))).actor


def _file(actor: Actor, name: str, data: bytes) -> CatalogFile:
    async def read() -> bytes:
        return data

    return CatalogFile(actor, name, len(data), read)


async def _import(app: TestApp, cmd: CatalogFile, cache: CatalogCache) -> catalog.CatalogImported:
    return await app.read(lambda uow: catalog.import_catalog(cmd, uow, app.clock, cache))


async def test_import_takes_good_rows_and_names_the_bad_ones(app: TestApp) -> None:
    admin = await _actor(app, app.people.admin, Role.ADMIN)
    rows = [
        HEADER,
        GOOD,
        "ZZ-002,,костюмы,,,,шт,1,1,1,1,1,нет",  # no model
        "ZZ-003,Каска,сиз,,,,шт,1,1,ноль,1,1,нет",  # price is not a number
        "ZZ-001,Дубль,сиз,,,,шт,1,1,1,1,1,нет",  # the same SKU again
    ]
    cache = CatalogCache(app.app.company)
    result = await _import(app, _file(admin, "cat.csv", "\n".join(rows).encode()), cache)
    assert (result.created, result.updated, result.total) == (1, 0, 1)
    assert [(e.row, e.key) for e in result.errors] == [
        (3, "error-catalog-model-empty"),
        (4, "error-catalog-price"),
        (5, "error-catalog-sku-duplicate"),
    ]
    item = (await app.read(cache.catalog)).get("ZZ-001")
    assert item is not None
    assert (item.colours, item.heights, item.prices_kopecks["dealer"]) == (
        ("синий", "серый"), (), 7050,
    )  # fmt: skip


async def test_second_import_updates_instead_of_duplicating(app: TestApp) -> None:
    admin = await _actor(app, app.people.admin, Role.ADMIN)
    cache = CatalogCache(app.app.company)
    await _import(app, _file(admin, "cat.csv", f"{HEADER}\n{GOOD}".encode()), cache)
    changed = GOOD.replace("Костюм «Тест»", "Костюм «Тест-2»")
    result = await _import(app, _file(admin, "cat.csv", f"{HEADER}\n{changed}".encode()), cache)
    assert (result.created, result.updated, result.total) == (0, 1, 1)
    item = (await app.read(cache.catalog)).get("ZZ-001")
    assert item is not None
    assert item.model == "Костюм «Тест-2»"


async def test_xlsx_file_is_read_like_csv(app: TestApp) -> None:
    admin = await _actor(app, app.people.admin, Role.ADMIN)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(GOOD.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    cache = CatalogCache(app.app.company)
    result = await _import(app, _file(admin, "Каталог.XLSX", buffer.getvalue()), cache)
    assert (result.created, result.errors) == (1, ())


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [("cat.pdf", b"%PDF", "catalog-bad-type"),
     ("cat.csv", b"", "catalog-file-empty"),
     ("cat.csv", f"{HEADER}\n".encode(), "catalog-file-empty"),
     ("cat.csv", b"sku;model\nA-1;X\n", "catalog-nothing"),
     ("cat.xlsx", b"not a zip at all", "table-unreadable"),
     ("cat.csv", b"x" * (5 * 1024 * 1024 + 1), "catalog-too-big")],
)  # fmt: skip
def test_unusable_files_are_refused(name: str, data: bytes, key: str) -> None:
    def check() -> None:
        catalog.check_file(Actor(1, 1, Role.ADMIN), Action.IMPORT_CATALOG, name, len(data))
        catalog.parse_items(catalog.read_rows(name, data))

    with pytest.raises(InvalidInput) as caught:
        check()
    assert caught.value.key == key


def test_missing_columns_are_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        catalog.parse_items(catalog.read_rows("c.csv", b"sku,model\nA-1,X\n"))
    assert caught.value.params["problem"] == "columns"
    assert "price_retail" in caught.value.params["column"]


async def test_refused_file_changes_nothing(app: TestApp) -> None:
    admin = await _actor(app, app.people.admin, Role.ADMIN)
    manager = await _actor(app, app.people.manager, Role.MANAGER)
    cache = CatalogCache(app.app.company)
    await _import(app, _file(admin, "cat.csv", f"{HEADER}\n{GOOD}".encode()), cache)
    changed = GOOD.replace("Костюм «Тест»", "Другое")
    with pytest.raises(Forbidden):
        await _import(app, _file(manager, "c.csv", f"{HEADER}\n{changed}".encode()), cache)
    bad_price = changed.replace(",100,", ",сто,")
    with pytest.raises(InvalidInput):
        await _import(app, _file(admin, "c.csv", f"{HEADER}\n{bad_price}".encode()), cache)
    items = await app.read(cache.catalog)
    assert [i.model for i in items.items] == ["Костюм «Тест»"]


async def test_stock_update_reaches_a_cache_of_another_process(app: TestApp) -> None:
    admin = await _actor(app, app.people.admin, Role.ADMIN)
    storekeeper = await _actor(app, app.people.storekeeper, Role.WAREHOUSE)
    here, elsewhere = CatalogCache(app.app.company), CatalogCache(app.app.company)
    await _import(app, _file(admin, "cat.csv", (DATA / "catalog.csv").read_bytes()), here)
    before = await app.read(elsewhere.catalog)
    assert before.get("KS-101") is not None
    assert before.get("KS-101").stock_qty == 140
    app.clock.advance(1)
    stock = "артикул;остаток\nKS-101;0\nNO-SUCH;5\nKR-201;-1\n".encode("cp1251")
    updated = await app.read(
        lambda uow: catalog.update_stock(
            _file(storekeeper, "ost.csv", stock), uow, app.clock, here
        )
    )
    assert updated.updated == 1
    assert [(e.row, e.key) for e in updated.errors] == [
        (3, "error-stock-unknown-sku"),
        (4, "error-catalog-stock"),
    ]
    after = await app.read(elsewhere.catalog)
    assert after.get("KS-101").stock_qty == 0  # type: ignore[union-attr]
    parser = await app.read(elsewhere.parser)
    parsed = parser.parse(
        "костюм технолог серый 52-54 рост 182-188 5 шт", today=app.clock.now().date()
    )
    assert [list(p.work) for p in parsed.positions] == [["procure"]]


async def test_catalog_file_setting_fills_an_empty_catalog_once(
    database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "catalog.csv"
    path.write_bytes((DATA / "catalog.csv").read_bytes())
    first = await TestApp.start(database_url, clock, catalog_file=str(path))
    try:
        assert len(await first.read(first.app.dp["catalog_cache"].catalog)) == 153
    finally:
        await first.close()
    path.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    again = await TestApp.start(database_url, clock, catalog_file=str(path))
    try:
        items = await again.read(again.app.dp["catalog_cache"].catalog)
        assert len(items) == 153
        assert items.get("ZZ-001") is None
    finally:
        await again.close()


@pytest.mark.parametrize("name", ["missing.csv", "catalog.txt"])
def test_catalog_file_setting_must_be_an_existing_csv_or_xlsx(tmp_path: Path, name: str) -> None:
    (tmp_path / "catalog.txt").write_text("x")
    with pytest.raises(SettingsError, match="CATALOG_FILE"):
        load_settings(bot_token=TOKEN, catalog_file=str(tmp_path / name), _env_file=None)
