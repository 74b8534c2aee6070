"""Logging a contact in three taps and a line (form, result, text, control date); /today;
the card's «Позвонить» (its numbers as Telegram contacts)."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services import interactions
from bot.services.counterparties import directory
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import contacts as views
from bot.views.callbacks import ClientAction, ClientCb, ControlDateCb, LogCb
from bot.views.clients import call_contacts
from handlers.filters import PLAIN_TEXT, PRIVATE
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class LogContact(StatesGroup):
    note = State()
    date = State()
    typed_date = State()


async def on_log_start(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    cp = await interactions.begin_log(actor, callback_data.cp, uow)
    await state.clear()
    await reply.answer(views.form_picker(texts, cp.id, cp.name))


async def on_call(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    """«Позвонить»: the card's numbers as Telegram contacts; tapping one offers a call."""
    card = await directory.counterparty_card(actor, callback_data.cp, uow)
    numbers = call_contacts(texts, card)
    if not numbers:
        raise InvalidInput("card-no-phones")
    for number in numbers:
        await reply.contact(number.phone, number.first_name, number.last_name)


async def on_log_step(
    query: CallbackQuery,
    callback_data: LogCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    form, outcome = callback_data.form, callback_data.outcome or None
    cp = await interactions.begin_note(actor, callback_data.cp, form, outcome, uow)
    if outcome is None:
        await reply.answer(views.outcome_picker(texts, cp.id, cp.name, form))
        return
    await state.set_state(LogContact.note)
    await state.set_data({"cp": cp.id, "name": cp.name, "form": form, "outcome": outcome})
    await reply.answer(views.note_prompt(texts, cp.name, form, outcome))


async def on_note(
    message: Message,
    texts: Texts,
    state: FSMContext,
    calendar: WorkCalendar,
    clock: Clock,
    reply: Replies,
) -> None:
    interactions.check_note(message.text or "")
    await state.update_data(note=message.text or "")
    await state.set_state(LogContact.date)
    await reply.answer(views.date_picker(texts, interactions.quick_control_dates(calendar, clock)))


async def on_date_button(
    query: CallbackQuery,
    callback_data: ControlDateCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    if callback_data.on == "type":
        await state.set_state(LogContact.typed_date)
        await reply.answer(views.ask_date(texts))
        return
    try:
        on = None if callback_data.on == "none" else date.fromisoformat(callback_data.on)
    except ValueError:
        raise InvalidInput("contact-expired") from None
    cmd, name = await _logging(state, actor, on)
    await interactions.log_interaction(cmd, uow, clock, calendar)
    await state.clear()
    callback_reply.text = views.logged(texts, name, on)


async def on_typed_date(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    reply: Replies,
) -> None:
    on = interactions.typed_control_date(message.text or "", calendar, clock)
    cmd, name = await _logging(state, actor, on)
    await interactions.log_interaction(cmd, uow, clock, calendar)
    await state.clear()
    await reply.answer(views.logged(texts, name, on))


async def _logging(
    state: FSMContext, actor: Actor, on: date | None
) -> tuple[interactions.LogInteraction, str]:
    """The contact the dialogue collected (and the counterparty's name)."""
    data = await state.get_data()
    if "note" not in data:
        raise InvalidInput("contact-expired")
    cmd = interactions.LogInteraction(
        actor, int(data["cp"]), str(data["form"]), str(data["outcome"]), str(data["note"]), on
    )
    return cmd, str(data["name"])


async def cmd_today(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    reply: Replies,
) -> None:
    plan = await interactions.today_plan(actor, uow, clock, calendar)
    await reply.answer(views.today_plan(texts, plan))


def build_router() -> Router:
    router = Router(name="contacts")
    router.message.filter(PRIVATE)
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_today, Command("today"))
    router.message.register(on_note, StateFilter(LogContact.note), PLAIN_TEXT)
    router.message.register(on_typed_date, StateFilter(LogContact.typed_date), PLAIN_TEXT)
    router.callback_query.register(on_log_start, ClientCb.filter(F.action == ClientAction.LOG))
    router.callback_query.register(on_call, ClientCb.filter(F.action == ClientAction.CALL))
    router.callback_query.register(on_log_step, LogCb.filter())
    router.callback_query.register(
        on_date_button, ControlDateCb.filter(), StateFilter(LogContact.date)
    )
    return router
