"""One reader for every uploaded table (catalog, stock, counterparties): CSV or XLSX → a grid of
strings, within limits checked before anything big is built.

An XLSX is a zip: its members' stated sizes are checked first (a member's output is cut at its
stated size, so a lying size fails the CRC instead of inflating), then the size each sheet says
it has (``<dimension ref="A1:XFD1048576"/>``), and reading stops at ``max_rows`` rows and
``MAX_COLUMNS`` columns whatever the file claims. A CSV field is at most ``MAX_FIELD``
characters. Anything unreadable is an ``InvalidInput`` with a ``table-*`` key, never a crash.
Callers run ``read_grid`` in a worker thread: parsing never blocks the event loop.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence

from bot.domain.errors import InvalidInput

MAX_COLUMNS = 100
MAX_CELLS = 2_000_000  # declared rows × columns of a sheet
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_RATIO = 200  # unzipped / zipped bytes of a member bigger than 1 MB
MAX_FIELD = 128 * 1024
HEADER_SEARCH_ROWS = 10

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?:?([A-Z]{1,3})?(\d+)?\"")
_SHEET_MEMBER = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def read_grid(file_name: str, data: bytes, *, max_rows: int) -> list[list[str]]:
    """The rows of a CSV or of the first sheet of an XLSX, at most ``max_rows`` of them.

    Raises InvalidInput: table-xls, table-too-large (with ``reason`` and limits),
    table-unreadable, table-no-sheets.
    """
    if data.startswith(OLE_MAGIC) or file_name.lower().endswith(".xls"):
        raise InvalidInput("table-xls")
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _xlsx_grid(data, max_rows)
    return csv_grid(decode_text(data), max_rows)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or cp1251 (Russian Excel)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput("table-unreadable") from None
    if b"\x00" in data[:4096]:
        raise InvalidInput("table-unreadable")  # binary, not text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise InvalidInput("table-unreadable") from None


def csv_grid(text: str, max_rows: int) -> list[list[str]]:
    delimiter = _delimiter(text.splitlines()[:HEADER_SEARCH_ROWS])
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=delimiter)
    grid: list[list[str]] = []
    try:
        for row in reader:  # the field limit is csv's own (128 KB), checked as it reads
            grid.append(row[:MAX_COLUMNS])
            if len(grid) > max_rows:
                break
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise _too_large("field", limit=MAX_FIELD // 1024) from None
        raise InvalidInput("table-unreadable") from None
    return grid


def _delimiter(head: Sequence[str]) -> str:
    """The commonest of ``;`` ``,`` tab in the first line that has any (a title may precede)."""
    for line in head:
        counts = {d: line.count(d) for d in (";", ",", "\t")}
        if any(counts.values()):
            return max(counts, key=lambda d: counts[d])
    return ","


def rows_as_dicts(grid: Sequence[Sequence[str]]) -> list[dict[str, str]]:
    """The first row is the header; blank rows are skipped, missing cells are empty."""
    if not grid:
        return []
    header = [cell.strip() for cell in grid[0]]
    out: list[dict[str, str]] = []
    for cells in grid[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        out.append({h: cells[i] if i < len(cells) else "" for i, h in enumerate(header) if h})
    return out


def _too_large(reason: str, **params: object) -> InvalidInput:
    return InvalidInput("table-too-large", reason=reason, **params)


def _xlsx_grid(data: bytes, max_rows: int) -> list[list[str]]:
    _check_zip(data)
    from openpyxl import load_workbook  # noqa: PLC0415 - heavy, needed only for XLSX

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises anything on a broken file
        raise InvalidInput("table-unreadable") from None
    try:
        if not book.worksheets:
            raise InvalidInput("table-no-sheets")
        sheet = book.worksheets[0]
        grid: list[list[str]] = []
        try:
            rows = sheet.iter_rows(max_row=max_rows + 1, max_col=MAX_COLUMNS, values_only=True)
            for values in rows:
                grid.append(_strip_empty_tail([_cell(v) for v in values]))
        except InvalidInput:
            raise
        except Exception:  # noqa: BLE001 - broken XML inside the sheet
            raise InvalidInput("table-unreadable") from None
        while grid and not grid[-1]:
            grid.pop()
        return grid
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InvalidInput("table-unreadable") from None
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED_BYTES:
            raise _too_large("unzipped", limit=MAX_UNZIPPED_BYTES // (1024 * 1024))
        for member in members:
            big = member.file_size > 1024 * 1024
            if big and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise _too_large("unzipped", limit=MAX_UNZIPPED_BYTES // (1024 * 1024))
        for member in members:
            if _SHEET_MEMBER.match(member.filename):
                rows, columns = _declared_size(archive, member)
                if rows * columns > MAX_CELLS:
                    raise _too_large("cells", rows=rows, columns=columns, limit=MAX_CELLS)


def _declared_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """Rows and columns the sheet's ``<dimension>`` claims (read from its first 4 KB)."""
    try:
        with archive.open(member) as stream:
            head = stream.read(4096)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput("table-unreadable") from None
    found = _DIMENSION.search(head)
    if found is None:
        return 0, 0
    first_col, first_row, last_col, last_row = (g.decode() if g else "" for g in found.groups())
    last_col, last_row = last_col or first_col, last_row or first_row
    rows = int(last_row or "1") - int(first_row or "1") + 1
    columns = _column_number(last_col or "A") - _column_number(first_col or "A") + 1
    return max(rows, 1), max(columns, 1)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _strip_empty_tail(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an INN typed as a number comes back as 3528972289.0
    return str(value)
