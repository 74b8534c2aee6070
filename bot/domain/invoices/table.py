"""An invoices file (the columns of shared/data/invoices.csv) or a payments file (number,
date, amount) as rows. `expected_*` and `scenario` columns are ignored. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.counterparties.table import fold_header
from bot.domain.errors import InvalidInput
from bot.domain.invoices.values import clean_number, parse_amount, parse_date
from bot.domain.spreadsheets import read_grid

MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10
INVOICE_COLUMNS = (
    "number", "date", "counterparty_id", "counterparty", "amount", "deferral_days", "due_date",
    "status", "paid_amount", "paid_date", "guarantee_letter_date", "guarantee_promise_date",
    "payment_day",
)  # fmt: skip
_SYNONYMS = {
    "номер": "number", "номер счета": "number", "счет": "number", "n": "number",
    "дата": "date", "дата счета": "date", "дата оплаты": "paid_date",
    "код контрагента": "counterparty_id", "контрагент": "counterparty", "клиент": "counterparty",
    "сумма": "amount", "сумма счета": "amount", "сумма оплаты": "amount",
    "отсрочка": "deferral_days", "срок оплаты": "due_date", "статус": "status",
    "оплачено": "paid_amount", "платежный день": "payment_day",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    number: str
    issued_on: date
    counterparty_code: str | None
    counterparty_name: str | None
    amount_kop: int
    due_on: date | None  # None: from the client's deferral
    deferral_days: int | None
    paid_kop: int
    paid_on: date | None
    letter_on: date | None
    promised_on: date | None
    payment_day: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    number: str
    paid_on: date
    amount_kop: int


def _column(header: str) -> str | None:
    key = fold_header(header)
    if key.replace(" ", "_") in INVOICE_COLUMNS:
        return key.replace(" ", "_")
    return _SYNONYMS.get(key)


def read_rows(file_name: str, content: bytes) -> list[Row]:
    """Raises InvalidInput import-empty or the spreadsheet reader's table-* refusals."""
    grid = read_grid(file_name, content, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS)
    index = 0
    for index, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):  # noqa: B007 - used below
        mapped = [_column(c) for c in cells]
        if "number" in mapped and ("amount" in mapped or "paid_amount" in mapped):
            break
    else:
        raise InvalidInput("invoices-not-a-table")
    positions: dict[str, int] = {}
    for position, column in enumerate(mapped):
        if column is not None and column not in positions:
            positions[column] = position
    rows = []
    for line, cells in enumerate(grid[index + 1 :], start=index + 2):
        if not any(c.strip() for c in cells):
            continue
        values = {c: cells[p].strip() if p < len(cells) else "" for c, p in positions.items()}
        rows.append(Row(line, values))
        if len(rows) > MAX_ROWS:
            raise InvalidInput("import-too-many-rows", limit=str(MAX_ROWS))
    if not rows:
        raise InvalidInput("import-empty")
    return rows


def is_payments_file(rows: list[Row]) -> bool:
    """Number, date and amount only: a bank's list of payments."""
    columns = set(rows[0].values) if rows else set()
    return bool(columns) and columns <= {"number", "date", "amount", "paid_amount", "paid_date"}


def invoice_record(row: Row, today: date) -> InvoiceRecord:
    v = row.values
    number = clean_number(v.get("number", ""))
    issued_on = parse_date(_required(v, "date"), today)
    amount = parse_amount(_required(v, "amount"))
    due_on = parse_date(v["due_date"], today) if v.get("due_date") else None
    deferral = _int(v.get("deferral_days"))
    if due_on is None and deferral is not None:
        due_on = issued_on + timedelta(days=deferral)
    if due_on is not None and due_on < issued_on:
        raise InvalidInput("invoice-due-before-date")
    paid = _paid(v.get("paid_amount", ""))
    if paid > amount:
        raise InvalidInput("invoice-overpaid")
    if v.get("status", "").strip().lower() == "paid" and paid == 0:
        paid = amount
    paid_on = parse_date(v["paid_date"], today) if v.get("paid_date") else None
    letter_on = (
        parse_date(v["guarantee_letter_date"], today) if v.get("guarantee_letter_date") else None
    )
    promised_on = (
        parse_date(v["guarantee_promise_date"], today) if v.get("guarantee_promise_date") else None
    )
    if promised_on is not None and letter_on is None:
        letter_on = promised_on
    code = v.get("counterparty_id") or None
    name = v.get("counterparty") or None
    if code is None and name is None:
        raise InvalidInput("invoice-no-client")
    return InvoiceRecord(
        number, issued_on, code, name, amount, due_on, deferral, paid,
        paid_on if paid else None, letter_on, promised_on,
        (v.get("payment_day") or "")[:64] or None,
    )  # fmt: skip


def payment_record(row: Row, today: date) -> PaymentRecord:
    v = row.values
    number = clean_number(v.get("number", ""))
    when = v.get("date") or v.get("paid_date") or ""
    amount = v.get("amount") or v.get("paid_amount") or ""
    return PaymentRecord(number, parse_date(when, today) if when else today, parse_amount(amount))


def _required(values: Mapping[str, str], column: str) -> str:
    value = values.get(column, "")
    if not value:
        raise InvalidInput("invoice-missing", column=column)
    return value


def _paid(text: str) -> int:
    if not text.strip():
        return 0
    try:
        return parse_amount(text)
    except InvalidInput:
        if text.strip().replace(",", ".").strip("0.") == "":
            return 0
        raise


def _int(text: str | None) -> int | None:
    if not text or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput("invoice-bad-deferral", value=text[:16]) from None
