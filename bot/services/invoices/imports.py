"""A document captioned /invoices: an invoices file (the columns of invoices.csv: created or
updated by number; its payments and guarantee letters recorded) or a payments file (number,
date, amount: each marks a payment). One transaction; every row in its own savepoint, so a
refused row changes nothing and the others still go in. The report says per row: created,
updated, unchanged, paid, or refused with the reason."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.invoices import ladder as rules
from bot.domain.invoices import table
from bot.domain.invoices.values import roubles
from bot.domain.roles import Action, Actor, require
from bot.services import audit
from bot.services.invoices import book
from bot.services.invoices.clients import find_client
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from storage.repositories.invoices import PAID
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")
CREATED, UPDATED, UNCHANGED, PAID_ROW, REFUSED = (
    "created", "updated", "unchanged", "paid", "refused",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvoicesFile:
    actor: Actor
    file_name: str
    file_size: int | None
    read: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True, slots=True)
class RowResult:
    line: int
    number: str
    status: str
    reason: str | None = None  # a locale key (refused, or a note)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportReport:
    payments: bool  # a payments file
    rows: list[RowResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def check_file(actor: Actor, file_name: str, file_size: int | None) -> None:
    require(actor, Action.IMPORT_INVOICES)
    if not file_name.lower().endswith((*SUFFIXES, ".xls")):
        raise InvalidInput("import-bad-type", name=file_name[:80])
    if file_size is not None and file_size > MAX_BYTES:
        raise InvalidInput("invoices-file-too-big")


async def import_invoices(
    cmd: InvoicesFile, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> ImportReport:
    check_file(cmd.actor, cmd.file_name, cmd.file_size)
    content = await cmd.read()
    if len(content) > MAX_BYTES:
        raise InvalidInput("invoices-file-too-big")
    rows = await asyncio.to_thread(table.read_rows, PurePath(cmd.file_name).name, content)
    now = clock.now()
    today = calendar.local_date(now)
    payments = table.is_payments_file(rows)
    results: list[RowResult] = []
    policies = await current_policies(uow)
    max_days = rules.max_promise_days(policies.get(f"{rules.POLICY}.{rules.GUARANTEE_REMINDER}"))
    for row in rows:
        number = row.values.get("number", "")
        try:  # every check of a row comes before its first write: a refused row writes nothing
            if payments:
                result = await _payment_row(uow, cmd.actor, row, today, now)
            else:
                result = await _invoice_row(uow, cmd.actor, row, calendar, today, now, max_days)
        except DomainError as exc:
            result = RowResult(row.line, number, REFUSED, exc.key, dict(exc.params))
        results.append(result)
    report = ImportReport(payments, results)
    audit.record(
        uow, cmd.actor, "invoices_imported", f"file:{cmd.file_name[:80]}", at=now,
        payments=payments, **{s: report.count(s) for s in (CREATED, UPDATED, PAID_ROW, REFUSED)},
    )  # fmt: skip
    await uow.commit()
    log.info("invoices_imported", rows=len(results), payments=payments)
    return report


async def _invoice_row(
    uow: UnitOfWork,
    actor: Actor,
    row: table.Row,
    calendar: WorkCalendar,
    today: date,
    now: datetime,
    max_days: int,
) -> RowResult:
    record = table.invoice_record(row, today)
    if record.letter_on and record.promised_on:
        rules.check_promise(record.letter_on, record.promised_on, max_days)
    client = await find_client(uow, record.counterparty_code, record.counterparty_name)
    if client is None:
        raise InvalidInput(
            "invoice-unknown-client",
            client=(record.counterparty_name or record.counterparty_code or "")[:80],
        )
    due_on = record.due_on
    if due_on is None:
        due_on = record.issued_on + timedelta(days=client.deferral_days or 0)
    facts = book.InvoiceFacts(
        record.number, client.id, record.issued_on, record.amount_kop, due_on,
        payment_day=record.payment_day,
    )  # fmt: skip
    existing = await uow.invoices.by_number(record.number)
    if existing is not None and record.amount_kop < existing.paid_kop:
        raise InvalidInput("invoice-amount-below-paid")
    done = await book.upsert(uow, facts, actor, calendar, now)
    invoice = done.invoice
    status = CREATED if done.created else UPDATED if done.changed else UNCHANGED
    if record.letter_on and record.promised_on and invoice.status != PAID:
        await book.add_letter(
            uow, invoice, record.letter_on, record.promised_on, actor, calendar, now
        )
    if record.paid_kop > invoice.paid_kop:
        paid = await book.pay(
            uow, invoice, record.paid_kop - invoice.paid_kop, record.paid_on or today,
            "import", actor, now,
        )  # fmt: skip
        if paid.settled:
            status = PAID_ROW
        elif status == UNCHANGED:
            status = UPDATED
    return RowResult(row.line, invoice.number, status)


async def _payment_row(
    uow: UnitOfWork, actor: Actor, row: table.Row, today: date, now: datetime
) -> RowResult:
    record = table.payment_record(row, today)
    invoice = await uow.invoices.by_number(record.number, for_update=True)
    if invoice is None:
        raise InvalidInput("invoice-not-found-number", number=record.number)
    if invoice.status == PAID:
        raise InvalidInput("invoice-already-paid", number=invoice.number)
    paid = await book.pay(uow, invoice, record.amount_kop, record.paid_on, "file", actor, now)
    return RowResult(
        row.line, invoice.number, PAID_ROW if paid.settled else UPDATED,
        None if paid.settled else "invoice-partly-paid-note",
        {"owed": roubles(invoice.amount_kop - invoice.paid_kop)},
    )  # fmt: skip
