import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.domain.catalog import (
    Catalog,
    load_catalog_csv,
    parse_catalog_rows,
    parse_money_kopecks,
    parse_stock_rows,
    read_catalog_csv,
    read_catalog_xlsx,
)

CATALOG_CSV = Path(__file__).resolve().parent.parent / "data" / "catalog.csv"
HEADER = (
    "sku,model,category,colours,sizes,heights,unit,price_retail,price_small_wholesale,"
    "price_wholesale,price_dealer,stock_qty,logo_possible"
)
GOOD_ROW = (
    "KS-101,Костюм «Технолог»,костюмы,серый/красный;чёрный/серый,48-50;52-54,170-176,компл.,"
    "3290,3060,2830,2600,140,да"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_csv(CATALOG_CSV)


def test_sample_catalog_loads_every_row(catalog: Catalog) -> None:
    result = parse_catalog_rows(read_catalog_csv(CATALOG_CSV))
    assert result.errors == ()
    assert len(catalog) == 153


def test_item_has_lists_prices_in_kopecks_and_stock(catalog: Catalog) -> None:
    item = catalog.get("KS-101")
    assert item is not None
    assert item.model == "Костюм «Технолог»"
    assert item.colours[0] == "серый/красный"
    assert item.sizes[3] == "52-54"
    assert item.heights == ("158-164", "170-176", "182-188", "194-200")
    assert item.prices_kopecks == {
        "retail": 329000,
        "small_wholesale": 306000,
        "wholesale": 283000,
        "dealer": 260000,
    }
    assert (item.stock_qty, item.is_logo_possible, item.unit) == (140, True, "компл.")


def test_lookup_by_sku_ignores_case_and_spaces(catalog: Catalog) -> None:
    assert catalog.get(" ks-101 ") is not None
    assert "OB-601" in catalog
    assert catalog.get("XX-999") is None


def test_cp1251_csv_reads_like_utf8() -> None:
    data = CATALOG_CSV.read_text(encoding="utf-8").encode("cp1251")
    assert read_catalog_csv(data) == read_catalog_csv(CATALOG_CSV)


def test_semicolon_csv_from_excel_is_read() -> None:
    text = (
        "sku;model;category;colours;sizes;heights;unit;price_retail;price_small_wholesale;"
        "price_wholesale;price_dealer;stock_qty;logo_possible\n"
        'KS-104;Костюм «Стандарт»;костюмы;"синий;серый";"48-50;52-54";170-176;компл.;'
        "2190,50;2040;1880;1730;210;да\n"
    )
    result = parse_catalog_rows(read_catalog_csv(("\ufeff" + text).encode("utf-8")))
    [item] = result.items
    assert item.colours == ("синий", "серый")
    assert item.prices_kopecks["retail"] == 219050


def test_xlsx_round_trip_gives_the_same_items(catalog: Catalog) -> None:
    rows = read_catalog_csv(CATALOG_CSV)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    header = list(rows[0])
    sheet.append(header)
    for row in rows:
        values: list[object] = [row[h] for h in header]
        values[header.index("stock_qty")] = int(row["stock_qty"])
        values[header.index("price_retail")] = float(row["price_retail"])
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_catalog_rows(read_catalog_xlsx(buffer.getvalue()))
    assert result.errors == ()
    assert result.items == catalog.items


def test_broken_rows_are_reported_and_good_ones_kept() -> None:
    text = "\n".join(
        [
            HEADER,
            GOOD_ROW,
            GOOD_ROW.replace("KS-101", "KS-105", 1).replace("3290", "три тысячи"),
            GOOD_ROW.replace("KS-101", "", 1),
            GOOD_ROW,
            GOOD_ROW.replace("KS-101", "KS-102", 1).replace(",140,", ",-5,"),
            GOOD_ROW.replace("KS-101", "KS-103", 1).replace(",да", ",может"),
            GOOD_ROW.replace("KS-101", "KS-104", 1).replace("Костюм «Технолог»", ""),
        ]
    )
    result = parse_catalog_rows(read_catalog_csv(text.encode("utf-8")))
    assert [i.sku for i in result.items] == ["KS-101"]
    assert [(e.row, e.key) for e in result.errors] == [
        (3, "error-catalog-price"),
        (4, "error-catalog-sku-empty"),
        (5, "error-catalog-sku-duplicate"),
        (6, "error-catalog-stock"),
        (7, "error-catalog-logo"),
        (8, "error-catalog-model-empty"),
    ]
    assert result.errors[0].value == "три тысячи"


def test_missing_columns_reject_the_file() -> None:
    result = parse_catalog_rows([{"sku": "KS-101", "model": "Костюм"}])
    assert result.items == ()
    [error] = result.errors
    assert error.key == "error-catalog-columns"
    assert "price_retail" in error.column


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [
        ("3290", 329000),
        ("3 290,50", 329050),
        ("12.5", 1250),
        ("0.99", 99),
        ("-1", None),
        ("", None),
    ],
)
def test_money_is_parsed_to_kopecks(text: str, kopecks: int | None) -> None:
    assert parse_money_kopecks(text) == kopecks


def test_stock_update_rows_with_russian_headers(catalog: Catalog) -> None:
    rows = [
        {"Артикул": "ks-101", "Остаток": "12"},
        {"Артикул": "XX-999", "Остаток": "1"},
        {"Артикул": "OB-601", "Остаток": "много"},
        {"Артикул": "", "Остаток": "3"},
    ]
    result = parse_stock_rows(rows, catalog)
    assert dict(result.updates) == {"KS-101": 12}
    assert [(e.row, e.key) for e in result.errors] == [
        (3, "error-stock-unknown-sku"),
        (4, "error-catalog-stock"),
        (5, "error-catalog-sku-empty"),
    ]
    updated = catalog.with_stock(result.updates)
    assert updated.get("KS-101").stock_qty == 12  # type: ignore[union-attr]
    assert catalog.get("KS-101").stock_qty == 140  # type: ignore[union-attr]


def test_model_search_suggests_the_closest_models(catalog: Catalog) -> None:
    found = catalog.search_models("костюм технолох", limit=3)
    assert found[0].sku == "KS-101"
    assert found[0].score >= found[-1].score
    assert catalog.search_models("") == []
