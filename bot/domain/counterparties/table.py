"""Reading a counterparty table exported from an accounting system: CSV or XLSX.

``read_table(name, content)`` finds the header row (the first of the top rows that names a
"name" column), maps its headers to our columns (``COLUMNS`` and a few synonyms) and returns the
data rows as dicts. CSV may be UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text") or
cp1251 (Excel in Russian Windows); the delimiter is one of ``,`` ``;`` and tab.
``parse_record`` validates one row into an ``ImportRecord`` or raises ``InvalidInput`` whose key
and parameters say what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.counterparties.emails import normalize_email, split_emails
from bot.domain.counterparties.fields import (
    MAX_ADDRESS,
    MAX_CITY,
    Category,
    PersonEntry,
    clean_name,
    clean_text,
    parse_category,
    parse_days,
    parse_people,
)
from bot.domain.counterparties.inn import InvalidInn, inn_fault, validate_kpp
from bot.domain.counterparties.phones import Phone, normalize_phone, split_phones
from bot.domain.errors import InvalidInput
from bot.domain.ids import parse_count
from bot.domain.spreadsheets import read_grid

MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10
MAX_CELL = 2000

COLUMNS: tuple[str, ...] = (
    "id", "name", "inn", "kpp", "category", "city", "address", "phones", "emails",
    "contacts", "deferral_days", "manager", "docs_per_month",
)  # fmt: skip

# Headers other exports use (folded: lower case, ё → е, punctuation → spaces).
_SYNONYMS: dict[str, str] = {
    "код": "id", "код контрагента": "id", "внешний код": "id", "external id": "id",
    "наименование": "name", "название": "name", "контрагент": "name",
    "наименование контрагента": "name", "краткое наименование": "name",
    "инн": "inn", "кпп": "kpp",
    "категория": "category", "тип клиента": "category", "тип контрагента": "category",
    "вид контрагента": "category",
    "город": "city", "населенный пункт": "city",
    "адрес": "address", "юридический адрес": "address", "фактический адрес": "address",
    "phone": "phones", "телефон": "phones", "телефоны": "phones",
    "email": "emails", "e mail": "emails", "e mails": "emails", "эл почта": "emails",
    "электронная почта": "emails", "почта": "emails",
    "контакты": "contacts", "контактные лица": "contacts", "контактное лицо": "contacts",
    "deferral": "deferral_days", "отсрочка": "deferral_days", "отсрочка дней": "deferral_days",
    "отсрочка платежа": "deferral_days", "отсрочка дн": "deferral_days",
    "менеджер": "manager", "ответственный": "manager", "ответственный менеджер": "manager",
    "документов в месяц": "docs_per_month",
}  # fmt: skip


def fold_header(value: str) -> str:
    return " ".join(re.sub(r"[^\w]+|_", " ", value.lower().replace("ё", "е")).split())


def map_header(value: str) -> str | None:
    key = fold_header(value)
    if key in COLUMNS:
        return key
    if key.replace(" ", "_") in COLUMNS:
        return key.replace(" ", "_")
    return _SYNONYMS.get(key)


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int  # as a spreadsheet shows it: 1 is the first row of the file
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]  # our names of the columns found
    rows: tuple[TableRow, ...]


def read_table(file_name: str, content: bytes) -> Table:
    """Raises InvalidInput: import-not-a-table, import-too-many-rows, import-empty, table-*."""
    return _table(read_grid(file_name, content, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS))


def _header_index(grid: list[list[str]]) -> int:
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        mapped = [map_header(cell) for cell in row]
        if "name" in mapped and sum(m is not None for m in mapped) >= 2:  # noqa: PLR2004
            return index
    raise InvalidInput("import-not-a-table")


def _table(grid: list[list[str]]) -> Table:
    header = _header_index(grid)
    mapped = [map_header(cell) for cell in grid[header]]
    positions: dict[str, int] = {}
    for position, column in enumerate(mapped):
        if column is not None and column not in positions:
            positions[column] = position
    rows = []
    for offset, cells in enumerate(grid[header + 1 :], start=header + 2):
        if not any(c.strip() for c in cells):
            continue
        values = {
            col: cells[pos][:MAX_CELL] if pos < len(cells) else ""
            for col, pos in positions.items()
        }
        rows.append(TableRow(offset, values))
        if len(rows) > MAX_ROWS:
            raise InvalidInput("import-too-many-rows", limit=str(MAX_ROWS))
    if not rows:
        raise InvalidInput("import-empty")
    return Table(tuple(positions), tuple(rows))


@dataclass(frozen=True, slots=True)
class ImportRecord:
    external_id: str | None
    name: str
    inn: str | None
    kpp: str | None
    category: Category
    city: str | None
    address: str | None
    phones: tuple[Phone, ...]
    emails: tuple[str, ...]
    people: tuple[PersonEntry, ...]
    deferral_days: int | None
    manager: str | None
    docs_per_month: int | None


def parse_record(values: Mapping[str, str]) -> ImportRecord:
    """One row, validated; the InvalidInput raised names the first problem found."""

    def get(key: str) -> str:
        return (values.get(key) or "").strip()

    name = clean_name(get("name"))
    inn = get("inn") or None
    if inn is not None:
        fault = inn_fault(inn)
        if fault is not None:
            raise InvalidInn(fault)
    kpp = validate_kpp(get("kpp")) if get("kpp") else None
    phones = []
    for part in split_phones(get("phones")):
        try:
            phones.append(normalize_phone(part))
        except InvalidInput:
            raise InvalidInput("import-bad-phone", value=part[:40]) from None
    emails = []
    for part in split_emails(get("emails")):
        try:
            emails.append(normalize_email(part))
        except InvalidInput:
            raise InvalidInput("import-bad-email", value=part[:60]) from None
    docs = get("docs_per_month")
    if docs and parse_count(docs) is None:
        raise InvalidInput("import-bad-number", column="docs_per_month", value=docs[:20])
    return ImportRecord(
        external_id=get("id")[:64] or None,
        name=name,
        inn=inn,
        kpp=kpp,
        category=parse_category(get("category")),
        city=clean_text(get("city"), MAX_CITY),
        address=clean_text(get("address"), MAX_ADDRESS),
        phones=tuple(dict.fromkeys(phones)),
        emails=tuple(dict.fromkeys(emails)),
        people=tuple(parse_people(get("contacts"))),
        deferral_days=parse_days(get("deferral_days")) if get("deferral_days") else None,
        manager=get("manager")[:200] or None,
        docs_per_month=int(docs) if docs else None,
    )
