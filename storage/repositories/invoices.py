"""Invoices, their payments and guarantee letters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Counterparty, GuaranteeLetter, Invoice, InvoicePayment

UNPAID, PARTLY_PAID, PAID = "unpaid", "partly_paid", "paid"
OUTSTANDING = (UNPAID, PARTLY_PAID)


class InvoiceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, invoice: Invoice) -> None:
        self.session.add(invoice)

    async def find(self, invoice_id: int, *, for_update: bool = False) -> Invoice | None:
        query = select(Invoice).where(Invoice.id == invoice_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def get(self, invoice_id: int, *, for_update: bool = False) -> Invoice:
        invoice = await self.find(invoice_id, for_update=for_update)
        if invoice is None:
            raise NotFound("invoice-not-found")
        return invoice

    async def by_number(self, number: str, *, for_update: bool = False) -> Invoice | None:
        query = select(Invoice).where(Invoice.number == number)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def by_numbers(self, numbers: Sequence[str]) -> dict[str, Invoice]:
        if not numbers:
            return {}
        found = await self.session.scalars(select(Invoice).where(Invoice.number.in_(numbers)))
        return {i.number: i for i in found}

    async def of_counterparty(self, counterparty_id: int) -> Sequence[Invoice]:
        query = (
            select(Invoice)
            .where(Invoice.counterparty_id == counterparty_id)
            .order_by(Invoice.due_on, Invoice.id)
        )
        return (await self.session.scalars(query)).all()

    async def outstanding(
        self, *, due_before: date, manager_id: int | None = None
    ) -> Sequence[tuple[Invoice, Counterparty]]:
        """Unpaid (or partly paid) invoices due before `due_before`, with their client; of one
        manager's clients when `manager_id` is given."""
        query = (
            select(Invoice, Counterparty)
            .join(Counterparty, Counterparty.id == Invoice.counterparty_id)
            .where(Invoice.status.in_(OUTSTANDING), Invoice.due_on < due_before)
            .order_by(Invoice.due_on, Invoice.id)
        )
        if manager_id is not None:
            query = query.where(Counterparty.manager_id == manager_id)
        return [(i, c) for i, c in (await self.session.execute(query)).all()]

    def add_payment(self, payment: InvoicePayment) -> None:
        self.session.add(payment)

    async def payments(self, invoice_id: int) -> Sequence[InvoicePayment]:
        query = (
            select(InvoicePayment)
            .where(InvoicePayment.invoice_id == invoice_id)
            .order_by(InvoicePayment.paid_on, InvoicePayment.id)
        )
        return (await self.session.scalars(query)).all()

    def add_letter(self, letter: GuaranteeLetter) -> None:
        self.session.add(letter)

    async def latest_letter(self, invoice_id: int) -> GuaranteeLetter | None:
        query = (
            select(GuaranteeLetter)
            .where(GuaranteeLetter.invoice_id == invoice_id)
            .order_by(GuaranteeLetter.letter_on.desc(), GuaranteeLetter.id.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    async def clients_for_acts(self, manager_id: int, min_docs: int) -> Sequence[Counterparty]:
        """A manager's clients with at least `min_docs` documents a month (0: every one)."""
        query = (
            select(Counterparty)
            .where(Counterparty.manager_id == manager_id)
            .order_by(Counterparty.name, Counterparty.id)
        )
        if min_docs > 0:
            query = query.where(Counterparty.docs_per_month >= min_docs)
        return (await self.session.scalars(query)).all()

    async def managers_with_clients(self) -> list[int]:
        query = (
            select(Counterparty.manager_id)
            .where(Counterparty.manager_id.is_not(None))
            .distinct()
            .order_by(Counterparty.manager_id)
        )
        return [int(m) for m in (await self.session.scalars(query)).all() if m is not None]
