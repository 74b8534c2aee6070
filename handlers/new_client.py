"""/newclient: a new counterparty through the duplicate check (also for a head who creates
the card of a registration request)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.clock import Clock
from bot.config import Settings
from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.services import interactions
from bot.services.client_portal import decisions
from bot.services.counterparties import directory
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import clients as card_views
from bot.views import new_client as views
from bot.views.callbacks import NewClientAction, NewClientCb, RegistrationAction, RegistrationCb
from handlers.filters import PLAIN_TEXT, PRIVATE
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class NewClient(StatesGroup):
    name = State()
    inn = State()
    city = State()
    phone = State()
    confirm = State()


# the optional steps: the field a step fills, the step after it and its question
_OPTIONAL_STEPS = {
    NewClient.inn.state: ("inn", NewClient.city, "new-ask-city"),
    NewClient.city.state: ("city", NewClient.phone, "new-ask-phone"),
}


@dataclass(frozen=True, slots=True)
class Turn:
    """What the dialogue's last steps need: the card is created (or candidates are shown),
    then opened. Handlers get it as the `turn` kwarg (TurnMiddleware)."""

    actor: Actor
    uow: UnitOfWork
    clock: Clock
    state: FSMContext
    texts: Texts
    reply: Replies
    zone: ZoneInfo
    today: date


class TurnMiddleware(BaseMiddleware):
    """Builds the `turn` of an update from its data (after the calendar middleware)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if "actor" in data and "reply" in data:
            clock: Clock = data["clock"]
            settings: Settings = data["settings"]
            calendar: WorkCalendar = data["calendar"]
            data["turn"] = Turn(
                actor=data["actor"],
                uow=data["uow"],
                clock=clock,
                state=data["state"],
                texts=data["texts"],
                reply=data["reply"],
                zone=settings.zone,
                today=interactions.today(calendar, clock),
            )
        return await handler(event, data)


async def cmd_newclient(
    message: Message, actor: Actor, texts: Texts, state: FSMContext, reply: Replies
) -> None:
    directory.begin_create(actor)
    await state.set_state(NewClient.name)
    await state.set_data({})
    await reply.answer(views.ask_name(texts))


async def on_registration_new(
    query: CallbackQuery,
    callback_data: RegistrationCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    """A head creates the card of a registration request's applicant: this dialogue."""
    await decisions.pending_request(actor, callback_data.request, uow)
    await state.set_state(NewClient.name)
    await state.set_data({"registration": callback_data.request})
    await reply.answer(views.ask_name(texts))


async def on_new_name(message: Message, texts: Texts, state: FSMContext, reply: Replies) -> None:
    directory.validate_new(name=message.text or "")
    await state.update_data(name=message.text or "")
    await state.set_state(NewClient.inn)
    await reply.answer(views.ask(texts, "new-ask-inn", "button-no-inn"))


async def on_new_inn(message: Message, texts: Texts, state: FSMContext, reply: Replies) -> None:
    data = await state.get_data()
    directory.validate_new(name=str(data.get("name", "")), inn=message.text or "")
    await _save_and_ask_next(state, texts, reply, message.text or "")


async def on_new_city(message: Message, texts: Texts, state: FSMContext, reply: Replies) -> None:
    await _save_and_ask_next(state, texts, reply, message.text or "")


async def _save_and_ask_next(state: FSMContext, texts: Texts, reply: Replies, value: str) -> None:
    """Keep the answer (empty when skipped) to the current step and ask the next one."""
    field, following, question = _OPTIONAL_STEPS[str(await state.get_state())]
    await state.update_data({field: value})
    await state.set_state(following)
    await reply.answer(views.ask(texts, question))


async def on_new_phone(message: Message, state: FSMContext, turn: Turn) -> None:
    directory.validate_new(name="-", phone=message.text or "")
    await state.update_data(phone=message.text or "")
    await _create(turn, confirmed=False)


async def on_skip(
    query: CallbackQuery, texts: Texts, state: FSMContext, reply: Replies, turn: Turn
) -> None:
    current = await state.get_state()
    if current in _OPTIONAL_STEPS:
        await _save_and_ask_next(state, texts, reply, "")
        return
    if current != NewClient.phone.state:
        raise InvalidInput("new-expired")
    await state.update_data(phone="")
    await _create(turn, confirmed=False)


async def on_confirmed_new(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    """The person saw the candidates and says the client is new after all."""
    if await state.get_state() != NewClient.confirm.state:
        raise InvalidInput("new-expired")
    await _create(turn, confirmed=True)


async def _create(turn: Turn, confirmed: bool) -> None:
    data = await turn.state.get_data()
    fields = directory.validate_new(
        name=str(data.get("name", "")),
        inn=str(data.get("inn", "")),
        city=str(data.get("city", "")),
        phone=str(data.get("phone", "")),
    )
    registration = data.get("registration")
    if registration is not None:
        cmd = decisions.CreateForRegistration(turn.actor, int(registration), fields, confirmed)
        try:
            result = await decisions.create_for_registration(cmd, turn.uow, turn.clock)
        except InvalidTransition as decided:
            await turn.state.clear()  # another head decided the request meanwhile (and commit)
            await turn.reply.answer(turn.texts(decided.key, **decided.params))
            return
    else:
        create = directory.CreateCounterparty(turn.actor, fields, confirmed)
        result = await directory.create_counterparty(create, turn.uow, turn.clock)
    if result.counterparty is None:
        await turn.state.set_state(NewClient.confirm)
        can_confirm = not any("inn" in m.reasons for m in result.candidates)
        await turn.reply.answer(
            views.candidates(turn.texts, result.candidates, can_confirm=can_confirm)
        )
        return
    await turn.state.clear()
    await turn.reply.answer(turn.texts("new-created", name=result.counterparty.name))
    await _open(turn, result.counterparty.id)


async def on_picked(
    query: CallbackQuery, callback_data: NewClientCb, state: FSMContext, turn: Turn
) -> None:
    """The person said the new client is this existing one: open it (or link the applicant)."""
    if await state.get_state() != NewClient.confirm.state:
        raise InvalidInput("new-expired")
    registration = (await state.get_data()).get("registration")
    await state.clear()
    if registration is None:
        await _open(turn, callback_data.cp)
        return
    cmd = decisions.LinkRegistration(turn.actor, int(registration), callback_data.cp)
    try:
        cp = await decisions.link_registration(cmd, turn.uow, turn.clock)
    except InvalidTransition as decided:  # another head decided it meanwhile
        await turn.reply.answer(turn.texts(decided.key, **decided.params))
        return
    await turn.reply.answer(turn.texts("registration-linked", counterparty=cp.name))


async def _open(turn: Turn, cp_id: int) -> None:
    card = await directory.counterparty_card(turn.actor, cp_id, turn.uow)
    await turn.reply.answer(card_views.card(turn.texts, card, turn.zone, turn.today))


def build_router() -> Router:
    router = Router(name="new_client")
    router.message.filter(PRIVATE)
    calendar, turns = CalendarMiddleware(), TurnMiddleware()
    for observer in (router.message, router.callback_query):
        observer.middleware(calendar)
        observer.middleware(turns)
    router.message.register(cmd_newclient, Command("newclient"))
    router.message.register(on_new_name, StateFilter(NewClient.name), PLAIN_TEXT)
    router.message.register(on_new_inn, StateFilter(NewClient.inn), PLAIN_TEXT)
    router.message.register(on_new_city, StateFilter(NewClient.city), PLAIN_TEXT)
    router.message.register(on_new_phone, StateFilter(NewClient.phone), PLAIN_TEXT)
    button = NewClientCb.filter
    router.callback_query.register(on_skip, button(F.action == NewClientAction.SKIP))
    router.callback_query.register(on_confirmed_new, button(F.action == NewClientAction.NEW))
    router.callback_query.register(on_picked, button(F.action == NewClientAction.PICK))
    router.callback_query.register(
        on_registration_new, RegistrationCb.filter(F.action == RegistrationAction.NEW)
    )
    return router
