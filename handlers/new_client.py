"""/newclient: a new counterparty through the duplicate check (also for a head who creates
the card of a registration request)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.client_portal import registration as client_portal
from bot.services.counterparties import directory as clients
from bot.texts import Texts
from bot.views import clients as views
from bot.views.callbacks import NewClientCb
from bot.views.rendered import Rendered
from handlers.clients import NOT_A_COMMAND, cancel_keyboard, reply, show_card
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class NewClient(StatesGroup):
    name = State()
    inn = State()
    city = State()
    phone = State()
    confirm = State()


async def cmd_newclient(message: Message, actor: Actor, texts: Texts, state: FSMContext) -> None:
    clients.begin_create(actor)
    await state.set_state(NewClient.name)
    await state.set_data({})
    await message.answer(texts("new-ask-name"), reply_markup=cancel_keyboard(texts))


async def on_new_name(message: Message, texts: Texts, state: FSMContext) -> None:
    clients.validate_new(name=message.text or "")
    await state.update_data(name=message.text or "")
    await state.set_state(NewClient.inn)
    await message.answer(
        texts("new-ask-inn"), reply_markup=views.skip_keyboard(texts, "button-no-inn")
    )


async def on_new_inn(message: Message, texts: Texts, state: FSMContext) -> None:
    data = await state.get_data()
    clients.validate_new(name=str(data.get("name", "")), inn=message.text or "")
    await _save_and_ask_next(message, texts, state, message.text or "")


async def on_new_city(message: Message, texts: Texts, state: FSMContext) -> None:
    await _save_and_ask_next(message, texts, state, message.text or "")


# the optional steps: the field a step fills, the step after it and its question
_OPTIONAL_STEPS = {
    NewClient.inn.state: ("inn", NewClient.city, "new-ask-city"),
    NewClient.city.state: ("city", NewClient.phone, "new-ask-phone"),
}


async def _save_and_ask_next(
    message: Message, texts: Texts, state: FSMContext, value: str
) -> None:
    """Keep the answer (empty when skipped) to the current step and ask the next one."""
    field, following, question = _OPTIONAL_STEPS[str(await state.get_state())]
    await state.update_data({field: value})
    await state.set_state(following)
    await message.answer(texts(question), reply_markup=views.skip_keyboard(texts, "button-skip"))


async def on_new_phone(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
) -> None:
    clients.validate_new(name="-", phone=message.text or "")
    await state.update_data(phone=message.text or "")
    await _create(message, actor, uow, clock, texts, settings, calendar, state, confirmed=False)


async def on_new_button(
    query: CallbackQuery,
    callback_data: NewClientCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        return
    current = await state.get_state()
    if callback_data.action == "skip" and current in _OPTIONAL_STEPS:
        await _save_and_ask_next(message, texts, state, "")
    elif callback_data.action == "skip" and current == NewClient.phone.state:
        await state.update_data(phone="")
        await _create(message, actor, uow, clock, texts, settings, calendar, state, False)
    elif callback_data.action == "new" and current == NewClient.confirm.state:
        await _create(message, actor, uow, clock, texts, settings, calendar, state, True)
    elif callback_data.action == "pick" and current == NewClient.confirm.state:
        await _picked(query, callback_data.cp, actor, uow, clock, texts, settings, calendar, state)
    else:
        raise InvalidInput("new-expired")


async def _create(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
    confirmed: bool,
) -> None:
    data = await state.get_data()
    fields = clients.validate_new(
        name=str(data.get("name", "")),
        inn=str(data.get("inn", "")),
        city=str(data.get("city", "")),
        phone=str(data.get("phone", "")),
    )
    registration = data.get("registration")
    if registration is not None:
        try:
            result = await client_portal.create_for_registration(
                client_portal.CreateForRegistration(actor, int(registration), fields, confirmed),
                uow,
                clock,
            )
        except InvalidTransition as decided:
            await state.clear()  # another head decided the request meanwhile (and commit)
            await message.answer(texts(decided.key, **decided.params))
            return
    else:
        result = await clients.create_counterparty(
            clients.CreateCounterparty(actor, fields, confirmed), uow, clock
        )
    if result.counterparty is None:
        await state.set_state(NewClient.confirm)
        can_confirm = not any("inn" in m.reasons for m in result.candidates)
        await reply(message, views.candidates(texts, result.candidates, can_confirm=can_confirm))
        return
    await state.clear()
    await message.answer(texts("new-created", name=result.counterparty.name))
    await show_card(message, result.counterparty.id, actor, uow, texts, settings, calendar, clock)


async def _picked(
    query: CallbackQuery,
    cp_id: int,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
) -> None:
    """The person said the new client is this existing one: open it (or link the applicant)."""
    registration = (await state.get_data()).get("registration")
    if registration is not None:
        await state.clear()
        try:
            cp = await client_portal.link_registration(
                client_portal.LinkRegistration(actor, int(registration), cp_id), uow, clock
            )
        except InvalidTransition as decided:  # another head decided it meanwhile
            await reply(query, Rendered(texts(decided.key, **decided.params)))
            return
        await reply(query, Rendered(texts("registration-linked", counterparty=cp.name)))
        return
    await state.clear()
    await show_card(query, cp_id, actor, uow, texts, settings, calendar, clock)


def build_router() -> Router:
    router = Router(name="new_client")
    router.message.filter(F.chat.type == "private")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_newclient, Command("newclient"))
    router.message.register(on_new_name, StateFilter(NewClient.name), NOT_A_COMMAND)
    router.message.register(on_new_inn, StateFilter(NewClient.inn), NOT_A_COMMAND)
    router.message.register(on_new_city, StateFilter(NewClient.city), NOT_A_COMMAND)
    router.message.register(on_new_phone, StateFilter(NewClient.phone), NOT_A_COMMAND)
    router.callback_query.register(on_new_button, NewClientCb.filter())
    return router
