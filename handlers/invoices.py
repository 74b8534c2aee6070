"""Invoices: /invoice (a short dialogue: client, number, amount, due date; or an order's
«счёт» button), /paid <number> [amount], /letter <number> <date> (a guarantee letter, with
its file as a document captioned so), a document captioned /invoices (invoices or
payments), /debts."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Document, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.services.invoices import commands, debts, imports
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import invoices as views
from bot.views.callbacks import InvoiceAction, InvoiceCb
from handlers.filters import PLAIN_TEXT, PRIVATE
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class InvoiceDialogue(StatesGroup):
    client = State()
    number = State()
    amount = State()
    due = State()


class InvoicesUpload(StatesGroup):
    waiting = State()


# --- /invoice -----------------------------------------------------------------------------


async def cmd_invoice(
    message: Message, actor: Actor, state: FSMContext, texts: Texts, reply: Replies
) -> None:
    commands.begin_invoice(actor)
    await state.set_state(InvoiceDialogue.client)
    await state.set_data({})
    await reply.answer(views.ask_client(texts))


async def on_client_query(
    message: Message, actor: Actor, uow: UnitOfWork, state: FSMContext, texts: Texts,
    reply: Replies,
) -> None:  # fmt: skip
    found = await commands.find_clients(actor, message.text or "", uow)
    if len(found) == 1:
        await _client_chosen(state, found[0].id, found[0].name, None)
        await reply.answer(views.ask_number(texts, found[0].name))
        return
    await reply.answer(views.pick_client(texts, [(c.id, c.name) for c in found]))


async def on_client_picked(
    query: CallbackQuery, callback_data: InvoiceCb, actor: Actor, uow: UnitOfWork,
    state: FSMContext, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    commands.begin_invoice(actor)
    client = await uow.counterparties.get(callback_data.id)
    await _client_chosen(state, client.id, client.name, None)
    await reply.edit(views.ask_number(texts, client.name))


async def on_order_invoice(
    query: CallbackQuery, callback_data: InvoiceCb, actor: Actor, uow: UnitOfWork,
    state: FSMContext, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    """An order's card: «🧾 Счёт» registers the invoice of that order (its client, its terms)."""
    commands.begin_invoice(actor)
    order = await uow.orders.get(callback_data.id)
    client = await uow.counterparties.get(order.counterparty_id)
    await _client_chosen(state, client.id, client.name, order.id)
    await reply.answer(views.ask_number(texts, client.name))


async def _client_chosen(
    state: FSMContext, client_id: int, name: str, order_id: int | None
) -> None:
    await state.set_state(InvoiceDialogue.number)
    await state.set_data({"client_id": client_id, "client": name, "order_id": order_id})


async def on_number(message: Message, state: FSMContext, texts: Texts, reply: Replies) -> None:
    await state.update_data(number=(message.text or "").strip())
    await state.set_state(InvoiceDialogue.amount)
    await reply.answer(views.ask_amount(texts))


async def on_amount(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar,
    state: FSMContext, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    commands.check_amount(message.text or "")  # said what is wrong; the question stays
    await state.update_data(amount=(message.text or "").strip())
    data = await state.get_data()
    client = await uow.counterparties.get(int(data["client_id"]))
    today = calendar.local_date(clock.now())
    default = await commands.default_due(uow, client, data.get("order_id"), today)
    await state.set_state(InvoiceDialogue.due)
    await reply.answer(views.ask_due(texts, default.strftime("%d.%m.%Y")))


async def on_due(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar,
    state: FSMContext, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    await _register(actor, uow, clock, calendar, state, texts, reply, message.text or "")


async def on_default_due(
    query: CallbackQuery, actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar,
    state: FSMContext, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    await _register(actor, uow, clock, calendar, state, texts, reply, None)


async def _register(
    actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar, state: FSMContext,
    texts: Texts, reply: Replies, due: str | None,
) -> None:  # fmt: skip
    data = await state.get_data()
    if not data.get("client_id"):
        raise InvalidInput("invoice-dialogue-lost")
    cmd = commands.RegisterInvoice(
        actor, int(data["client_id"]), str(data.get("number", "")), str(data.get("amount", "")),
        due, data.get("order_id"),
    )  # fmt: skip
    done = await commands.register_invoice(cmd, uow, clock, calendar)
    await state.clear()
    invoice = done.invoice
    await reply.answer(
        views.registered(
            texts, invoice.number, done.client.name, invoice.amount_kop, invoice.due_on
        )
    )


# --- /paid, /letter -----------------------------------------------------------------------


async def cmd_paid(
    message: Message, command: CommandObject, actor: Actor, uow: UnitOfWork, clock: Clock,
    calendar: WorkCalendar, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    words = (command.args or "").split()
    if not words:
        raise InvalidInput("paid-usage")
    amount = " ".join(words[1:]) or None
    done = await commands.mark_paid(
        commands.MarkPaid(actor, words[0], amount), uow, clock, calendar
    )
    owed = done.invoice.amount_kop - done.invoice.paid_kop
    await reply.answer(views.paid(texts, done.invoice.number, done.amount_kop, owed, done.stopped))


async def cmd_letter(
    message: Message, command: CommandObject, actor: Actor, uow: UnitOfWork, clock: Clock,
    calendar: WorkCalendar, texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    words = (command.args or "").split()
    if len(words) < 2:  # noqa: PLR2004
        raise InvalidInput("letter-usage")
    document = message.document
    cmd = commands.RecordLetter(
        actor, words[0], words[1],
        file_id=document.file_id if document else None,
        file_name=document.file_name if document else None,
    )  # fmt: skip
    done = await commands.record_letter(cmd, uow, clock, calendar)
    await reply.answer(views.letter_recorded(texts, done.invoice.number, done.promised_on))


async def cmd_payday(
    message: Message, command: CommandObject, actor: Actor, uow: UnitOfWork, clock: Clock,
    texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    number, _, day = (command.args or "").strip().partition(" ")
    if not number or not day.strip():
        raise InvalidInput("payday-usage")
    invoice = await commands.set_payment_day(
        commands.SetPaymentDay(actor, number, day), uow, clock
    )
    await reply.answer(
        texts("payday-recorded", number=invoice.number, day=invoice.payment_day or "")
    )


# --- a document captioned /invoices ---------------------------------------------------------


async def cmd_invoices(
    message: Message, actor: Actor, state: FSMContext, texts: Texts, reply: Replies
) -> None:
    imports.check_file(actor, "invoices.csv", None)
    await state.set_state(InvoicesUpload.waiting)
    await reply.answer(texts("invoices-ask-file"))


async def on_invoices_file(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar,
    state: FSMContext, texts: Texts, bot: Bot, reply: Replies,
) -> None:  # fmt: skip
    document = message.document
    assert document is not None
    cmd = imports.InvoicesFile(
        actor, document.file_name or "invoices.csv", document.file_size,
        lambda: _download(bot, document),
    )  # fmt: skip
    report = await imports.import_invoices(cmd, uow, clock, calendar)
    await state.clear()
    await reply.answer(views.import_report(texts, report))


async def on_not_a_file(message: Message, texts: Texts, reply: Replies) -> None:
    await reply.answer(texts("invoices-ask-file"))


async def _download(bot: Bot, document: Document) -> bytes:
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    return buffer.getvalue()


# --- /debts ---------------------------------------------------------------------------------


async def cmd_debts(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar,
    texts: Texts, reply: Replies,
) -> None:  # fmt: skip
    await reply.answer(views.debts(texts, await debts.debts(actor, uow, clock, calendar)))


def build_router() -> Router:
    router = Router(name="invoices")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.filter(PRIVATE)
    router.message.register(on_invoices_file, F.document, Command("invoices"))
    router.message.register(on_invoices_file, F.document, StateFilter(InvoicesUpload.waiting))
    router.message.register(cmd_invoices, Command("invoices"))
    router.message.register(on_not_a_file, StateFilter(InvoicesUpload.waiting), PLAIN_TEXT)
    router.message.register(cmd_letter, Command("letter"))
    router.message.register(cmd_paid, Command("paid"))
    router.message.register(cmd_payday, Command("payday"))
    router.message.register(cmd_debts, Command("debts"))
    router.message.register(cmd_invoice, Command("invoice"))
    router.message.register(on_client_query, StateFilter(InvoiceDialogue.client), PLAIN_TEXT)
    router.message.register(on_number, StateFilter(InvoiceDialogue.number), PLAIN_TEXT)
    router.message.register(on_amount, StateFilter(InvoiceDialogue.amount), PLAIN_TEXT)
    router.message.register(on_due, StateFilter(InvoiceDialogue.due), PLAIN_TEXT)
    router.callback_query.register(on_client_picked, InvoiceCb.filter(F.a == InvoiceAction.CLIENT))
    router.callback_query.register(on_order_invoice, InvoiceCb.filter(F.a == InvoiceAction.ORDER))
    router.callback_query.register(
        on_default_due, InvoiceCb.filter(F.a == InvoiceAction.DEFAULT_DUE),
        StateFilter(InvoiceDialogue.due),
    )  # fmt: skip
    return router
