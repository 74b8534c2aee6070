"""Invoices (счета), their payments and guarantee letters: the receivables ladder's subjects.

Money is in kopecks. `counterparty_id` is a foreign key named so that a merge of two cards
moves the invoices too (`CounterpartyRepository.move_references`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["GuaranteeLetter", "Invoice", "InvoicePayment"]


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        Index("ix_invoices_counterparty", "counterparty_id"),
        Index("ix_invoices_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("counterparties.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    issued_on: Mapped[date] = mapped_column(Date)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    due_on: Mapped[date] = mapped_column(Date)
    payment_day: Mapped[str | None] = mapped_column(String(64))  # the client's, if it has one
    status: Mapped[str] = mapped_column(String(16))  # unpaid | partly_paid | paid
    paid_kop: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_on: Mapped[date | None] = mapped_column(Date)  # the last payment's date
    claim_sent_at: Mapped[datetime | None]  # the lawyer sent the claim letter
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class InvoicePayment(Base):
    __tablename__ = "invoice_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    paid_on: Mapped[date] = mapped_column(Date)
    amount_kop: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))  # command | button | file | import
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]


class GuaranteeLetter(Base):
    """A client's promise to pay by `promised_on` (at most 7 days after the letter)."""

    __tablename__ = "guarantee_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    letter_on: Mapped[date] = mapped_column(Date)
    promised_on: Mapped[date] = mapped_column(Date)
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
