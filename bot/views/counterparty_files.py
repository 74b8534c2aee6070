"""The import report (a message, plus an XLSX when long) and the XLSX export."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.counterparties.table import COLUMNS
from bot.services.counterparties.files import ImportReport, ReportLine, RowStatus
from bot.texts import Texts
from bot.views.clients import category_name, opt
from bot.views.rendered import Rendered, cancel_row, keyboard
from bot.views.split import TELEGRAM_TEXT_LIMIT

REPORT_LINES_IN_MESSAGE = 30


def ask_file(texts: Texts, max_bytes: int) -> Rendered:
    limit = str(max_bytes // 1024 // 1024)
    return Rendered(texts("import-ask-file", limit=limit), keyboard([cancel_row(texts)]))


def report_text(texts: Texts, report: ImportReport) -> tuple[str, bool]:
    """The summary and every row (only the ones that need attention when there are many);
    True when the XLSX with every row should follow."""
    lines = [
        texts(
            "import-report-title",
            file=report.file_name[:80],
            **{status.value: str(report.count(status)) for status in RowStatus},
        )
    ]
    notable = (
        list(report.lines)
        if len(report.lines) <= REPORT_LINES_IN_MESSAGE
        else [line for line in report.lines if line.status is not RowStatus.CREATED or line.reason]
    )
    shown = notable[:REPORT_LINES_IN_MESSAGE]
    lines += [report_line(texts, line) for line in shown]
    long = len(notable) > len(shown)
    if long:
        lines.append(texts("import-report-more", count=str(len(notable) - len(shown))))
    text = "\n".join(lines)
    if len(text) > TELEGRAM_TEXT_LIMIT:
        text, long = lines[0] + "\n" + texts("import-report-file"), True
    return text, long or len(report.lines) > REPORT_LINES_IN_MESSAGE


def _note(texts: Texts, line: ReportLine) -> str:
    if not line.reason:
        return ""
    params = {k: str(v) for k, v in line.params.items()} | {"other": line.other or ""}
    return texts(line.reason, **params) if texts.has(line.reason) else line.reason


def report_line(texts: Texts, line: ReportLine) -> str:
    name, number = line.name or "—", str(line.line)
    note = _note(texts, line)
    if line.status is RowStatus.DUPLICATE and line.reason == "import-dup-row":
        return texts("import-line-duplicate-row", line=number, name=name, note=note)
    if line.status is RowStatus.DUPLICATE:
        return texts("import-line-duplicate", line=number, name=name, other=line.other or "")
    key = f"import-line-{line.status.value}"
    return texts(key, line=number, name=name, note=opt(note))


def report_xlsx(texts: Texts, report: ImportReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _append(sheet, [texts(f"import-col-{c}") for c in ("line", "name", "status", "card", "note")])
    for line in report.lines:
        note = _note(texts, line)
        if line.status is RowStatus.DUPLICATE and not note:
            note = line.other or ""
        _append(
            sheet,
            [
                line.line,
                line.name,
                texts(f"import-status-{line.status.value}"),
                line.counterparty_id,
                note,
            ],
        )
    return _bytes(book)


def export_xlsx(texts: Texts, rows: Sequence[dict[str, str]]) -> bytes:
    """The same columns the import reads, so an export can be edited and imported back."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _append(sheet, list(COLUMNS))
    for row in rows:
        values = dict(row, category=category_name(texts, row["category"]))
        _append(sheet, [values[c] for c in COLUMNS])
    return _bytes(book)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """A row in which every text is text: openpyxl would write ``=…`` as a live formula, and a
    spreadsheet may take ``+ - @`` for one; such cells are typed as strings explicitly."""
    row = sheet.max_row + 1 if sheet["A1"].value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell.data_type = "s"


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
