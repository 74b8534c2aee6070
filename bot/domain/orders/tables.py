"""Pasted tables (Excel tabs, 1C semicolons, pipes) rewritten as the lines a manager types.

A table is two or more consecutive lines cut by the same separator into the same number of
cells. A header row names the columns in any order (`№;Номенклатура;Ед.;Кол-во;Цена;Сумма`);
each data row becomes `name colour р-р size рост height — qty unit`, so the position reader
reads it like any other line. Row numbers, prices and sums are dropped (a price is no quantity).
Without a header the row number is dropped and the last whole number is the quantity.
A size × height matrix (`рост \\ размер` with sizes across) becomes `48-50/170-176 — 2, …`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.orders.text import Piece, Text

_SEPARATORS = ("\t", "|", ";")
_RULE_RE = re.compile(r"^[\s|:+\-—–=]+$")
_EMPTY_CELL_RE = re.compile(r"^[\s\-—–.]*$")
_MONEY_RE = re.compile(r"^\d[\d\s]*[.,]\d{2}(?:\s*(?:р|руб)\.?)?$|^\d+\s*(?:р|руб|₽)\.?$")
_INT_RE = re.compile(r"^\d{1,5}$")
_QTY_CELL_RE = re.compile(r"^\d{1,5}\s*[^\W\d_]*\.?$")
_SIZE_VALUE_RE = re.compile(r"^(\d{2,3})\s*[-–/]\s*(\d{2,3})$|^\d{2}$")
_MIN_ROWS = 2


class Column(StrEnum):
    NUMBER = "number"
    NAME = "name"
    SKU = "sku"
    QTY = "qty"
    UNIT = "unit"
    SIZE = "size"
    HEIGHT = "height"
    COLOUR = "colour"
    MONEY = "money"
    TEXT = "text"


# A header cell names its column by its first word(s); what follows («, шт», «(руб.)», «товара»)
# does not matter. Money columns first: «Цена за шт» is no quantity.
_TAIL = r"(?:[\s,.(/:].*)?$"
_HEADER_WORDS: tuple[tuple[re.Pattern[str], Column], ...] = tuple(
    (re.compile(p + _TAIL), c)
    for p, c in (
        (r"^(?:цен\w*|сумм\w*|стоимост\w*|итог\w*|ндс|руб\w*)", Column.MONEY),
        (r"^(?:№|n|#|п/п|№\s*п/п|поз\.?|nn)", Column.NUMBER),
        (
            r"^(?:наим\w*|номенклатур\w*|позици\w*|товар\w*|модел\w*|издели\w*|назван\w*"
            r"|продукци\w*|спецодежд\w*)",
            Column.NAME,
        ),
        (r"^(?:артикул\w*|арт|код\w*|sku)", Column.SKU),
        (r"^(?:кол-?\s?во|количеств\w*|кол|заказ\w*|qty|шт|штук)", Column.QTY),
        (r"^(?:ед|единиц\w*)", Column.UNIT),
        (r"^(?:размер\w*|р-р|разм|обхват\w*)", Column.SIZE),
        (r"^(?:рост\w*|ростовк\w*)", Column.HEIGHT),
        (r"^(?:цвет\w*)", Column.COLOUR),
        (r"^(?:характеристик\w*|описани\w*|примечани\w*|комментари\w*|параметр\w*)", Column.TEXT),
    )
)


@dataclass(frozen=True, slots=True)
class _Row:
    start: int  # line start in the text
    end: int  # line end (before the line break)
    cells: tuple[tuple[int, int], ...]  # cell spans, stripped


def rewrite_tables(doc: Text) -> Text:
    """`doc` with every pasted table rewritten as typed lines (unchanged when there is none)."""
    if not any(sep in doc.text for sep in _SEPARATORS):
        return doc
    blocks, rules = _blocks(doc)
    edits: list[tuple[int, int, str | Sequence[Piece]]] = [(s, e, "") for s, e in rules]
    for block in blocks:
        edits.extend(_block_edits(doc, block))
    return doc.rewrite(edits) if edits else doc


# ------------------------------------------------------------------------------- blocks


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _cells(text: str, start: int, end: int, sep: str) -> tuple[tuple[int, int], ...]:
    line = text[start:end]
    parts: list[tuple[int, int]] = []
    pos = 0
    for piece in line.split(sep):
        s, e = pos, pos + len(piece)
        pos = e + 1
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        parts.append((start + s, start + e))
    if sep == "|":  # «| a | b |»: the outer pipes make empty first and last cells
        if parts and parts[0][0] == parts[0][1]:
            parts = parts[1:]
        if parts and parts[-1][0] == parts[-1][1]:
            parts = parts[:-1]
    return tuple(parts)


def _blocks(doc: Text) -> tuple[list[list[_Row]], list[tuple[int, int]]]:
    """Runs of consecutive lines cut by one separator into the same number of cells, and the
    ruler lines (|---|---|) inside them."""
    rules: list[tuple[int, int]] = []
    blocks: list[list[_Row]] = []
    current: list[_Row] = []
    current_sep = ""
    for start, end in _lines(doc.text):
        line = doc.text[start:end]
        sep = next((s for s in _SEPARATORS if s in line), "")
        if sep == "|" and _RULE_RE.match(line) and current_sep == "|":
            rules.append((start, end))
            continue
        cells = _cells(doc.text, start, end, sep) if sep else ()
        same = (
            sep
            and sep == current_sep
            and current
            and abs(len(cells) - len(current[0].cells)) <= 1
            and len(cells) >= 2  # noqa: PLR2004
        )
        if not same:
            if len(current) >= _MIN_ROWS:
                blocks.append(current)
            current, current_sep = [], ""
            if sep and len(cells) >= 2:  # noqa: PLR2004
                current, current_sep = [_Row(start, end, cells)], sep
            continue
        current.append(_Row(start, end, cells))
    if len(current) >= _MIN_ROWS:
        blocks.append(current)
    return blocks, rules


# ------------------------------------------------------------------------------- rows


def _header(doc: Text, row: _Row) -> list[Column] | None:
    roles: list[Column] = []
    named = 0
    for s, e in row.cells:
        cell = doc.low[s:e].strip()
        role = next((c for p, c in _HEADER_WORDS if p.match(cell)), None)
        if role is not None:
            named += 1
        roles.append(role or Column.TEXT)
    return roles if named >= max(2, (len(row.cells) + 1) // 2) else None


def _block_edits(doc: Text, rows: list[_Row]) -> list[tuple[int, int, str | Sequence[Piece]]]:
    matrix = _matrix_edits(doc, rows)
    if matrix is not None:
        return matrix
    roles = _header(doc, rows[0])
    edits: list[tuple[int, int, str | Sequence[Piece]]] = []
    data = rows
    if roles is not None:
        edits.append((rows[0].start, rows[0].end, ""))
        data = rows[1:]
    else:
        roles = _guess_roles(doc, rows)
    for row in data:
        edits.append((row.start, row.end, _row_pieces(doc, row, roles)))
    return edits


def _guess_roles(doc: Text, rows: list[_Row]) -> list[Column]:
    width = max(len(r.cells) for r in rows)
    roles = [Column.TEXT] * width
    first = [doc.text[r.cells[0][0] : r.cells[0][1]] if r.cells else "" for r in rows]
    if all(_INT_RE.match(c) for c in first) and [int(c) for c in first] == list(
        range(int(first[0]), int(first[0]) + len(first))
    ):
        roles[0] = Column.NUMBER
    for col in range(width):
        values = [doc.text[r.cells[col][0] : r.cells[col][1]] for r in rows if col < len(r.cells)]
        filled = [v for v in values if not _EMPTY_CELL_RE.match(v)]
        if roles[col] is Column.TEXT and filled and all(_MONEY_RE.match(v) for v in filled):
            roles[col] = Column.MONEY
    numeric = [
        col
        for col in range(width)
        if roles[col] is Column.TEXT
        and all(
            _QTY_CELL_RE.match(doc.text[r.cells[col][0] : r.cells[col][1]])
            or _EMPTY_CELL_RE.match(doc.text[r.cells[col][0] : r.cells[col][1]])
            for r in rows
            if col < len(r.cells)
        )
    ]
    if numeric:
        roles[numeric[-1]] = Column.QTY
    return roles


def _row_pieces(doc: Text, row: _Row, roles: list[Column]) -> list[Piece]:
    by_role: dict[Column, list[tuple[int, int]]] = {}
    for (s, e), role in zip(row.cells, roles, strict=False):
        if s < e and not _EMPTY_CELL_RE.match(doc.text[s:e]):
            by_role.setdefault(role, []).append((s, e))
    pieces: list[Piece] = []

    def put(role: Column, prefix: str = " ") -> None:
        for s, e in by_role.get(role, ()):
            pieces.append(prefix)
            pieces.append((s, e))

    put(Column.SKU)
    put(Column.NAME)
    put(Column.TEXT)
    put(Column.COLOUR)
    for s, e in by_role.get(Column.SIZE, ()):
        pieces.append(" р-р " if _INT_RE.match(doc.text[s:e]) else " ")
        pieces.append((s, e))
    for s, e in by_role.get(Column.HEIGHT, ()):
        pieces.append(" рост ")
        pieces.append((s, e))
    put(Column.QTY, " — ")
    put(Column.UNIT)
    if pieces and pieces[0] == " ":
        pieces = pieces[1:]
    return pieces


# ------------------------------------------------------------------------------- matrix


def _matrix_edits(
    doc: Text, rows: list[_Row]
) -> list[tuple[int, int, str | Sequence[Piece]]] | None:
    """«рост \\ размер ⇥ 48-50 ⇥ 52-54» and rows «170-176 ⇥ 2 ⇥ 3»: one position per cell."""
    head = rows[0].cells
    across = [doc.text[s:e] for s, e in head[1:]]
    if len(across) < 1 or not all(_SIZE_VALUE_RE.match(v) for v in across):
        return None
    if not all(
        r.cells and _SIZE_VALUE_RE.match(doc.text[r.cells[0][0] : r.cells[0][1]]) for r in rows[1:]
    ):
        return None
    sizes_across = not _heights(across)
    edits: list[tuple[int, int, str | Sequence[Piece]]] = [(rows[0].start, rows[0].end, "")]
    for row in rows[1:]:
        pieces: list[Piece] = []
        for (s, e), col in zip(row.cells[1:], head[1:], strict=False):
            if _EMPTY_CELL_RE.match(doc.text[s:e]):
                continue
            size, height = (col, row.cells[0]) if sizes_across else (row.cells[0], col)
            pieces.extend([", " if pieces else "", size, "/", height, " — ", (s, e)])
        edits.append((row.start, row.end, pieces))
    return edits


def _heights(values: list[str]) -> bool:
    return all(int(re.findall(r"\d+", v)[0]) >= 150 for v in values)  # noqa: PLR2004
