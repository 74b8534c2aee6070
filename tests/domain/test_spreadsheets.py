"""The one reader of uploaded tables refuses hostile or broken files quickly, with a reason."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from bot.domain import spreadsheets
from bot.domain.catalog import read_catalog_xlsx
from bot.domain.counterparties.table import read_table
from bot.domain.errors import InvalidInput


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, member: str, change: object) -> bytes:
    """The same zip with one member's text changed (``change`` maps old bytes to new)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == member:
                assert callable(change)
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
STOCK = [["артикул", "остаток"], ["KS-101", 7]]


def huge_dimension() -> bytes:
    """A few KB whose sheet claims 1,048,576 × 16,384 cells."""

    def claim(body: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body)

    return rewrite(workbook(STOCK), SHEET, claim)


def zip_bomb() -> bytes:
    """A sheet padded with 60 MB of blanks: small zipped, huge unzipped."""
    return rewrite(workbook(STOCK), SHEET, lambda body: body + b" " * (60 * 1024 * 1024))


def test_a_sheet_claiming_a_billion_cells_is_refused_at_once() -> None:
    data = huge_dimension()
    assert len(data) < 10_000
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        read_catalog_xlsx(data)
    assert time.perf_counter() - started < 2
    assert caught.value.key == "table-too-large"
    assert caught.value.params["reason"] == "cells"
    assert (caught.value.params["rows"], caught.value.params["columns"]) == (1_048_576, 16_384)


def test_a_zip_bomb_is_refused_from_the_member_sizes() -> None:
    data = zip_bomb()
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        read_table("x.xlsx", data)
    assert time.perf_counter() - started < 2
    assert (caught.value.key, caught.value.params["reason"]) == ("table-too-large", "unzipped")


def test_a_sheet_without_a_dimension_still_reads_only_the_limit() -> None:
    """No ``<dimension>`` and many rows: reading stops at ``max_rows`` whatever the file says."""
    rows: list[list[object]] = [["sku", "stock_qty"]] + [[f"A-{i}", i] for i in range(3000)]
    data = rewrite(workbook(rows), SHEET, lambda b: re.sub(rb"<dimension [^>]*/>", b"", b))
    grid = spreadsheets.read_grid("s.xlsx", data, max_rows=100)
    assert len(grid) == 101


def test_a_csv_field_over_128_kb_is_refused() -> None:
    data = b"sku,model\nA-1," + b"x" * (200 * 1024) + b"\n"
    with pytest.raises(InvalidInput) as caught:
        read_table("x.csv", data)
    assert (caught.value.key, caught.value.params["reason"]) == ("table-too-large", "field")


def test_broken_xml_inside_an_xlsx_is_refused() -> None:
    data = rewrite(workbook(STOCK), SHEET, lambda body: body[: len(body) // 2])
    with pytest.raises(InvalidInput) as caught:
        read_catalog_xlsx(data)
    assert caught.value.key == "table-unreadable"


def test_a_workbook_without_sheets_is_refused() -> None:
    def no_sheets(body: bytes) -> bytes:
        return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", body, flags=re.S)

    data = rewrite(workbook(STOCK), "xl/workbook.xml", no_sheets)
    with pytest.raises(InvalidInput) as caught:
        read_table("x.xlsx", data)
    assert caught.value.key == "table-no-sheets"


def test_an_ordinary_xlsx_and_csv_read_the_same() -> None:
    from_xlsx = spreadsheets.read_grid("s.xlsx", workbook(STOCK), max_rows=10)
    from_csv = spreadsheets.read_grid("s.csv", "артикул;остаток\nKS-101;7\n".encode(), max_rows=10)
    assert from_xlsx == from_csv == [["артикул", "остаток"], ["KS-101", "7"]]
