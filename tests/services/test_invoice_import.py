"""Importing invoices: an XLSX file, an unknown client refused, a changed due date re-plans
the ladder (the old steps cancelled, new ones planned)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from tests.harness import TestApp
from tests.invoices_seed import msk, staff, upload


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["Номер", "Дата", "Код контрагента", "Контрагент", "Сумма", "Срок оплаты"]


async def _steps(app: TestApp, number: str) -> dict[tuple[str, str], str]:
    async def load(uow):  # type: ignore[no-untyped-def]
        invoice = await uow.invoices.by_number(number)
        return await uow.reminders.of_subject("invoice", str(invoice.id))

    return {(r.step, r.occurrence): f"{r.status}:{r.reason or ''}" for r in await app.read(load)}


async def test_an_xlsx_file_creates_and_a_new_due_date_replans(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(date(2026, 11, 23), 10))
    report = await upload(
        app,
        xlsx([HEADER,
              ["СЧ-7", "01.12.2026", "CP-001", "", 1500.5, "15.12.2026"],
              ["СЧ-8", "01.12.2026", "", "ООО «Нет такого»", 100, "15.12.2026"]]),
        "счета.xlsx",
    )  # fmt: skip
    assert [(r.number, r.status, r.reason) for r in report.rows] == [
        ("СЧ-7", "created", None),
        ("СЧ-8", "refused", "invoice-unknown-client"),
    ]
    assert await _steps(app, "СЧ-7") == {
        ("request_documents", "2026-12-15"): "pending:",
        ("confirm_payment_call", "2026-12-15"): "pending:",
        ("overdue_reason_call", "2026-12-15"): "pending:",
    }

    report = await upload(
        app, xlsx([HEADER, ["СЧ-7", "01.12.2026", "CP-001", "", 1500.5, "22.12.2026"]]), "b.xlsx"
    )
    assert [r.status for r in report.rows] == ["updated"]
    steps = await _steps(app, "СЧ-7")
    assert steps[("confirm_payment_call", "2026-12-15")] == "cancelled:due_date_changed"
    assert steps[("confirm_payment_call", "2026-12-22")] == "pending:"
