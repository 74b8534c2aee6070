"""The invoice's own writes, in the caller's transaction (the caller commits once).

- `upsert`: create an invoice, or update it by number (amount, dates, client); the ladder is
  planned for its due date (a changed due date re-plans it).
- `pay`: a payment (full or partial); a payment that settles the invoice stops the rest of its
  ladder at once, in the same transaction.
- `add_letter`: a guarantee letter (the promised date at most `guarantee_letter_max_days`
  after it); plans the guarantee steps and cancels those of an earlier letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.invoices import ladder as rules
from bot.domain.roles import Actor
from bot.services import audit
from bot.services.invoices import ladder
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from storage.models import GuaranteeLetter, Invoice, InvoicePayment
from storage.repositories.invoices import PAID, PARTLY_PAID, UNPAID
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    number: str
    counterparty_id: int
    issued_on: date
    amount_kop: int
    due_on: date
    order_id: int | None = None
    payment_day: str | None = None


@dataclass(frozen=True, slots=True)
class Upserted:
    invoice: Invoice
    created: bool
    changed: bool


async def upsert(
    uow: UnitOfWork,
    facts: InvoiceFacts,
    actor: Actor | None,
    calendar: WorkCalendar,
    now: datetime,
) -> Upserted:
    invoice = await uow.invoices.by_number(facts.number, for_update=True)
    if invoice is None:
        invoice = Invoice(
            number=facts.number,
            counterparty_id=facts.counterparty_id,
            order_id=facts.order_id,
            issued_on=facts.issued_on,
            amount_kop=facts.amount_kop,
            due_on=facts.due_on,
            payment_day=facts.payment_day,
            status=UNPAID,
            paid_kop=0,
            created_by_id=actor.user_id if actor else None,
            created_at=now,
            updated_at=now,
        )
        uow.invoices.add(invoice)
        await uow.flush()
        audit.record(uow, actor, "invoice_registered", f"invoice:{invoice.id}", at=now,
                     number=invoice.number, amount_kop=invoice.amount_kop)  # fmt: skip
        await ladder.plan_due_steps(uow, invoice, calendar, now)
        return Upserted(invoice, created=True, changed=True)
    if facts.amount_kop < invoice.paid_kop:
        raise InvalidInput("invoice-amount-below-paid")
    before = (invoice.counterparty_id, invoice.issued_on, invoice.amount_kop, invoice.due_on,
              invoice.payment_day)  # fmt: skip
    after = (facts.counterparty_id, facts.issued_on, facts.amount_kop, facts.due_on,
             facts.payment_day or invoice.payment_day)  # fmt: skip
    if before == after:
        return Upserted(invoice, created=False, changed=False)
    due_changed = invoice.due_on != facts.due_on
    invoice.counterparty_id, invoice.issued_on = facts.counterparty_id, facts.issued_on
    invoice.amount_kop, invoice.due_on = facts.amount_kop, facts.due_on
    invoice.order_id = facts.order_id or invoice.order_id
    invoice.payment_day = facts.payment_day or invoice.payment_day
    invoice.updated_at = now
    _settle_status(invoice)
    audit.record(uow, actor, "invoice_updated", f"invoice:{invoice.id}", at=now,
                 number=invoice.number, amount_kop=invoice.amount_kop,
                 due_on=invoice.due_on.isoformat())  # fmt: skip
    if invoice.status == PAID:
        await ladder.stop(uow, invoice.id, now, "paid")
    elif due_changed:
        await ladder.stop_steps(uow, invoice.id, rules.DUE_STEPS, now, "due_date_changed")
        await ladder.plan_due_steps(uow, invoice, calendar, now)
    return Upserted(invoice, created=False, changed=True)


@dataclass(frozen=True, slots=True)
class Paid:
    invoice: Invoice
    amount_kop: int
    settled: bool  # the invoice is paid in full now
    stopped: int  # ladder steps cancelled


async def pay(
    uow: UnitOfWork,
    invoice: Invoice,
    amount_kop: int | None,
    paid_on: date,
    source: str,
    actor: Actor | None,
    now: datetime,
) -> Paid:
    """`amount_kop` None: whatever is still outstanding."""
    if invoice.status == PAID:
        raise InvalidTransition("invoice-already-paid", number=invoice.number)
    outstanding = invoice.amount_kop - invoice.paid_kop
    amount = outstanding if amount_kop is None else amount_kop
    if amount <= 0:
        raise InvalidInput("invoice-bad-amount", value=str(amount))
    if amount > outstanding:
        raise InvalidInput("invoice-overpaid")
    uow.invoices.add_payment(
        InvoicePayment(
            invoice_id=invoice.id,
            paid_on=paid_on,
            amount_kop=amount,
            source=source,
            recorded_by_id=actor.user_id if actor else None,
            created_at=now,
        )
    )
    invoice.paid_kop += amount
    invoice.paid_on = paid_on
    invoice.updated_at = now
    _settle_status(invoice)
    audit.record(uow, actor, "invoice_payment", f"invoice:{invoice.id}", at=now,
                 number=invoice.number, amount_kop=amount, paid_on=paid_on.isoformat(),
                 source=source, status=invoice.status)  # fmt: skip
    stopped = 0
    if invoice.status == PAID:
        stopped = await ladder.stop(uow, invoice.id, now, "paid")
    return Paid(invoice, amount, invoice.status == PAID, stopped)


async def add_letter(
    uow: UnitOfWork,
    invoice: Invoice,
    letter_on: date,
    promised_on: date,
    actor: Actor | None,
    calendar: WorkCalendar,
    now: datetime,
    *,
    file_id: str | None = None,
    file_name: str | None = None,
) -> GuaranteeLetter:
    if invoice.status == PAID:
        raise InvalidTransition("invoice-already-paid", number=invoice.number)
    policies = await current_policies(uow)
    step = policies.get(f"{rules.POLICY}.{rules.GUARANTEE_REMINDER}")
    rules.check_promise(letter_on, promised_on, rules.max_promise_days(step))
    previous = await uow.invoices.latest_letter(invoice.id)
    if previous is not None and (previous.letter_on, previous.promised_on) == (
        letter_on,
        promised_on,
    ):
        if file_id and not previous.file_id:
            previous.file_id, previous.file_name = file_id, file_name
        return previous
    letter = GuaranteeLetter(
        invoice_id=invoice.id,
        letter_on=letter_on,
        promised_on=promised_on,
        file_id=file_id,
        file_name=file_name,
        recorded_by_id=actor.user_id if actor else None,
        created_at=now,
    )
    uow.invoices.add_letter(letter)
    await uow.flush()
    if previous is not None:
        await ladder.stop_steps(uow, invoice.id, rules.GUARANTEE_STEPS, now, "new_letter")
    audit.record(uow, actor, "guarantee_letter", f"invoice:{invoice.id}", at=now,
                 number=invoice.number, letter_on=letter_on.isoformat(),
                 promised_on=promised_on.isoformat())  # fmt: skip
    await ladder.plan_guarantee_steps(uow, invoice, letter, calendar, now)
    return letter


def _settle_status(invoice: Invoice) -> None:
    if invoice.paid_kop >= invoice.amount_kop:
        invoice.status = PAID
    elif invoice.paid_kop > 0:
        invoice.status = PARTLY_PAID
    else:
        invoice.status = UNPAID
