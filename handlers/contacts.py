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
from bot.services.counterparties import directory as clients
from bot.texts import Texts
from bot.views import contacts as views
from bot.views.callbacks import ClientCb, ControlDateCb, LogCb
from bot.views.clients import call_contacts, day
from bot.views.rendered import Rendered, cancel_row, keyboard
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

NOT_A_COMMAND = F.text & ~F.text.startswith("/")


class LogContact(StatesGroup):
    note = State()
    date = State()
    typed_date = State()


async def _reply(query: CallbackQuery, rendered: Rendered) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(rendered.text, reply_markup=rendered.reply_markup)


async def on_log_start(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
) -> None:
    cp = await interactions.begin_log(actor, callback_data.cp, uow)
    await state.clear()
    await _reply(query, views.form_picker(texts, cp.id, cp.name))


async def on_call(
    query: CallbackQuery, callback_data: ClientCb, actor: Actor, uow: UnitOfWork, texts: Texts
) -> None:
    """«Позвонить»: the card's numbers as Telegram contacts; tapping one offers a call."""
    card = await clients.counterparty_card(actor, callback_data.cp, uow)
    numbers = call_contacts(texts, card)
    if not numbers:
        raise InvalidInput("card-no-phones")
    if isinstance(query.message, Message):
        for number in numbers:
            await query.message.answer_contact(
                phone_number=number.phone,
                first_name=number.first_name,
                last_name=number.last_name,
            )


async def on_log_step(
    query: CallbackQuery,
    callback_data: LogCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
) -> None:
    if not callback_data.outcome:
        cp = await interactions.begin_note(actor, callback_data.cp, callback_data.form, None, uow)
        await _reply(query, views.outcome_picker(texts, cp.id, cp.name, callback_data.form))
        return
    cp = await interactions.begin_note(
        actor, callback_data.cp, callback_data.form, callback_data.outcome, uow
    )
    await state.set_state(LogContact.note)
    await state.set_data(
        {
            "cp": cp.id,
            "name": cp.name,
            "form": callback_data.form,
            "outcome": callback_data.outcome,
        }
    )
    await _reply(
        query, views.note_prompt(texts, cp.name, callback_data.form, callback_data.outcome)
    )


async def on_note(
    message: Message, texts: Texts, state: FSMContext, calendar: WorkCalendar, clock: Clock
) -> None:
    interactions.check_note(message.text or "")
    await state.update_data(note=message.text or "")
    await state.set_state(LogContact.date)
    picker = views.date_picker(texts, interactions.quick_control_dates(calendar, clock))
    await message.answer(picker.text, reply_markup=picker.reply_markup)


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
) -> None:
    if callback_data.on == "type":
        await state.set_state(LogContact.typed_date)
        await _reply(query, Rendered(texts("contact-ask-date"), keyboard([cancel_row(texts)])))
        return
    try:
        on = None if callback_data.on == "none" else date.fromisoformat(callback_data.on)
    except ValueError:
        raise InvalidInput("contact-expired") from None
    callback_reply.text = await _log(actor, uow, clock, texts, calendar, state, on)


async def on_typed_date(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
) -> None:
    on = interactions.typed_control_date(message.text or "", calendar, clock)
    await message.answer(await _log(actor, uow, clock, texts, calendar, state, on))


async def _log(
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    on: date | None,
) -> str:
    data = await state.get_data()
    if "note" not in data:
        raise InvalidInput("contact-expired")
    cmd = interactions.LogInteraction(
        actor, int(data["cp"]), str(data["form"]), str(data["outcome"]), str(data["note"]), on
    )
    await interactions.log_interaction(cmd, uow, clock, calendar)
    await state.clear()
    return texts("contact-logged", name=str(data["name"]), date=day(on) if on else "none")


async def cmd_today(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
) -> None:
    plan = await interactions.today_plan(actor, uow, clock, calendar)
    rendered = views.today_plan(texts, plan)
    await message.answer(rendered.text, reply_markup=rendered.reply_markup)


def build_router() -> Router:
    router = Router(name="contacts")
    router.message.filter(F.chat.type == "private")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_today, Command("today"))
    router.message.register(on_note, StateFilter(LogContact.note), NOT_A_COMMAND)
    router.message.register(on_typed_date, StateFilter(LogContact.typed_date), NOT_A_COMMAND)
    router.callback_query.register(on_log_start, ClientCb.filter(F.action == "log"))
    router.callback_query.register(on_call, ClientCb.filter(F.action == "call"))
    router.callback_query.register(on_log_step, LogCb.filter())
    router.callback_query.register(
        on_date_button, ControlDateCb.filter(), StateFilter(LogContact.date)
    )
    return router
