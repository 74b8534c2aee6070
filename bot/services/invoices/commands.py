"""/invoice (a manager registers an invoice: client, number, amount, due date; or from an
order's card), /paid <number> [amount] (a payment: full without an amount), /letter <number>
<promised date> (a guarantee letter, optionally with its file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, NotFound
from bot.domain.invoices.values import clean_number, parse_amount, parse_date
from bot.domain.roles import Action, Actor, Role, can, require
from bot.services.counterparties.directory import search
from bot.services.invoices import book
from reminders.calendar import WorkCalendar
from storage.models import Counterparty, Invoice
from storage.uow import UnitOfWork

log = structlog.get_logger()
CLIENT_CHOICES = 8


def _own_client(actor: Actor, client: Counterparty) -> None:
    """A manager works with their own clients' invoices; heads, admins, the accountant: all."""
    if actor.role == Role.MANAGER and client.manager_id not in (None, actor.user_id):
        raise Forbidden("invoice-not-your-client")


async def find_clients(actor: Actor, query: str, uow: UnitOfWork) -> Sequence[Counterparty]:
    require(actor, Action.REGISTER_INVOICE)
    return list(await search(uow, query))[:CLIENT_CHOICES]


def check_amount(text: str) -> int:
    return parse_amount(text)


def begin_invoice(actor: Actor) -> None:
    require(actor, Action.REGISTER_INVOICE)


@dataclass(frozen=True, slots=True)
class RegisterInvoice:
    actor: Actor
    counterparty_id: int
    number: str
    amount: str
    due: str | None  # a date, or a number of days; None: the order's terms / client's deferral
    order_id: int | None = None


@dataclass(frozen=True, slots=True)
class Registered:
    invoice: Invoice
    client: Counterparty
    created: bool


async def default_due(
    uow: UnitOfWork, client: Counterparty, order_id: int | None, issued_on: date
) -> date:
    """The order's payment terms (a deferral of N days), else the client's deferral."""
    days = client.deferral_days or 0
    if order_id is not None:
        order = await uow.orders.find(order_id)
        terms = (order.payment or {}) if order is not None else {}
        if terms.get("kind") == "deferral" and terms.get("days"):
            days = int(terms["days"])
        elif terms.get("kind") == "prepayment":
            days = 0
    return issued_on + timedelta(days=days)


async def register_invoice(
    cmd: RegisterInvoice, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Registered:
    require(cmd.actor, Action.REGISTER_INVOICE)
    client = await uow.counterparties.get(cmd.counterparty_id)
    _own_client(cmd.actor, client)
    number = clean_number(cmd.number)
    amount = parse_amount(cmd.amount)
    now = clock.now()
    today = calendar.local_date(now)
    if cmd.due and cmd.due.strip().isdigit():
        due_on = today + timedelta(days=int(cmd.due.strip()))
    elif cmd.due:
        due_on = parse_date(cmd.due, today)
    else:
        due_on = await default_due(uow, client, cmd.order_id, today)
    if due_on < today:
        raise InvalidInput("invoice-due-before-date")
    existing = await uow.invoices.by_number(number)
    if existing is not None:
        raise InvalidInput("invoice-number-taken", number=number)
    facts = book.InvoiceFacts(number, client.id, today, amount, due_on, order_id=cmd.order_id)
    done = await book.upsert(uow, facts, cmd.actor, calendar, now)
    await uow.commit()
    log.info("invoice_registered", invoice_id=done.invoice.id)
    return Registered(done.invoice, client, done.created)


@dataclass(frozen=True, slots=True)
class MarkPaid:
    actor: Actor
    number: str
    amount: str | None  # None: the whole outstanding amount


async def mark_paid(
    cmd: MarkPaid, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> book.Paid:
    require(cmd.actor, Action.MARK_PAYMENTS)
    invoice = await _invoice(uow, cmd.number)
    client = await uow.counterparties.get(invoice.counterparty_id)
    _own_client(cmd.actor, client)
    amount = parse_amount(cmd.amount) if cmd.amount else None
    now = clock.now()
    paid = await book.pay(
        uow, invoice, amount, calendar.local_date(now), "command", cmd.actor, now
    )
    await uow.commit()
    return paid


@dataclass(frozen=True, slots=True)
class RecordLetter:
    actor: Actor
    number: str
    promised: str
    file_id: str | None = None
    file_name: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    invoice: Invoice
    promised_on: date


async def record_letter(
    cmd: RecordLetter, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> Recorded:
    """The manager records the date the guarantee letter promises (at most 7 days ahead)."""
    require(cmd.actor, Action.RECORD_GUARANTEE)
    invoice = await _invoice(uow, cmd.number)
    client = await uow.counterparties.get(invoice.counterparty_id)
    _own_client(cmd.actor, client)
    now = clock.now()
    today = calendar.local_date(now)
    promised_on = parse_date(cmd.promised, today)
    letter = await book.add_letter(
        uow, invoice, today, promised_on, cmd.actor, calendar, now,
        file_id=cmd.file_id, file_name=cmd.file_name,
    )  # fmt: skip
    await uow.commit()
    return Recorded(invoice, letter.promised_on)


@dataclass(frozen=True, slots=True)
class SetPaymentDay:
    actor: Actor
    number: str
    day: str  # as the client says it: «пятница», «15-е число», «по вторникам»


async def set_payment_day(cmd: SetPaymentDay, uow: UnitOfWork, clock: Clock) -> Invoice:
    """The client's payment day (the confirm-payment call asks to write it down)."""
    require(cmd.actor, Action.REGISTER_INVOICE)
    invoice = await _invoice(uow, cmd.number)
    client = await uow.counterparties.get(invoice.counterparty_id)
    _own_client(cmd.actor, client)
    day = " ".join(cmd.day.split())[:64]
    if not day:
        raise InvalidInput("payday-usage")
    invoice.payment_day = day
    invoice.updated_at = clock.now()
    await uow.commit()
    return invoice


async def _invoice(uow: UnitOfWork, number: str) -> Invoice:
    invoice = await uow.invoices.by_number(clean_number(number), for_update=True)
    if invoice is None:
        raise NotFound("invoice-not-found-number", number=number.strip()[:64])
    return invoice


def may_mark_paid(actor: Actor) -> bool:
    return can(actor, Action.MARK_PAYMENTS)
