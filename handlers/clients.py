"""/find, the counterparty card and its buttons: edit, merge, /newclient with the dup check."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services import (
    client_portal,
    clients,
    counterparty_edit,
    counterparty_merge,
    counterparty_new_order,
    interactions,
)
from bot.services.catalog import CatalogCache
from bot.services.counterparty_edit import CardField
from bot.texts import Texts
from bot.views import clients as views
from bot.views.callbacks import ClientCb, MergeCb, NewClientCb
from bot.views.rendered import Rendered, cancel_row, keyboard
from handlers import orders
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

NOT_A_COMMAND = F.text & ~F.text.startswith("/")


class EditCard(StatesGroup):
    value = State()


class MergeSearch(StatesGroup):
    query = State()


class NewClient(StatesGroup):
    name = State()
    inn = State()
    city = State()
    phone = State()
    confirm = State()


async def _reply(target: Message | CallbackQuery, rendered: Rendered) -> None:
    message = target.message if isinstance(target, CallbackQuery) else target
    if isinstance(message, Message):
        await message.answer(rendered.text, reply_markup=rendered.reply_markup)


async def show_card(
    target: Message | CallbackQuery,
    cp_id: int,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    clock: Clock,
) -> None:
    card = await clients.counterparty_card(actor, cp_id, uow)
    today = interactions.today(calendar, clock)
    await _reply(target, views.card(texts, card, settings.zone, today))


async def cmd_find(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    clock: Clock,
) -> None:
    query = command.args or ""
    found = await clients.find_counterparties(actor, query, uow)
    if len(found) == 1:
        await show_card(message, found[0].id, actor, uow, texts, settings, calendar, clock)
        return
    await _reply(message, views.found_list(texts, query.strip(), found, clients.FIND_LIMIT))


async def on_client_action(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
    catalog_cache: CatalogCache,
) -> None:
    cp_id, action = callback_data.cp, callback_data.action
    if action == "open":
        await show_card(query, cp_id, actor, uow, texts, settings, calendar, clock)
    elif action == "order":
        await _new_order(query, cp_id, actor, uow, clock, texts, state, catalog_cache)
    elif action == "edit":
        start = await counterparty_edit.begin_edit(actor, cp_id, uow)
        await _reply(query, views.edit_menu(texts, start.counterparty, start.can_reassign))
    elif action == "field":
        await _ask_field(query, callback_data, actor, uow, texts, state)
    elif action in {"cat", "mgr"}:
        field = CardField.CATEGORY if action == "cat" else CardField.MANAGER
        cp = await counterparty_edit.edit_counterparty(
            counterparty_edit.EditCounterparty(actor, cp_id, field, callback_data.arg), uow, clock
        )
        callback_reply.text = texts("edit-saved", name=cp.name)
        await show_card(query, cp_id, actor, uow, texts, settings, calendar, clock)
    elif action == "merge":
        cp = await counterparty_merge.begin_merge(actor, cp_id, uow)
        await state.set_state(MergeSearch.query)
        await state.set_data({"cp": cp.id})
        await _reply(query, Rendered(texts("merge-ask-query", name=cp.name), _cancel(texts)))
    else:
        raise InvalidInput()


async def _new_order(
    query: CallbackQuery,
    cp_id: int,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    cache: CatalogCache,
) -> None:
    """The card's «Новая заявка»: the order dialogue, its client already chosen."""
    step = await counterparty_new_order.begin_order_for(
        actor, cp_id, orders.new_id(), uow, clock, cache
    )
    await orders.save(state, step.draft)
    if isinstance(query.message, Message):
        await query.message.answer(
            texts("card-new-order-started", name=step.draft.client_name or "—")
        )
        await orders.show(query.message, step, texts, cache)


def _cancel(texts: Texts) -> InlineKeyboardMarkup:
    return keyboard([cancel_row(texts)])


async def _ask_field(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
) -> None:
    field = counterparty_edit.parse_field(callback_data.arg)
    if field is CardField.MANAGER:
        cp, staff = await counterparty_edit.manager_choices(actor, callback_data.cp, uow)
        await _reply(query, views.manager_picker(texts, cp, staff))
        return
    start = await counterparty_edit.begin_edit(actor, callback_data.cp, uow)
    if field is CardField.CATEGORY:
        await _reply(query, views.category_picker(texts, start.counterparty))
        return
    await state.set_state(EditCard.value)
    await state.set_data({"cp": callback_data.cp, "field": field.value})
    await _reply(query, views.edit_prompt(texts, field))


async def on_edit_value(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    cmd = counterparty_edit.EditCounterparty(
        actor, int(data["cp"]), str(data["field"]), message.text or ""
    )
    cp = await counterparty_edit.edit_counterparty(cmd, uow, clock)
    await state.clear()
    await message.answer(texts("edit-saved", name=cp.name))
    await show_card(message, cp.id, actor, uow, texts, settings, calendar, clock)


# --- merging ------------------------------------------------------------------------------


async def on_merge_query(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, state: FSMContext
) -> None:
    cp_id = int((await state.get_data())["cp"])
    found = await counterparty_merge.merge_candidates(actor, cp_id, message.text or "", uow)
    await _reply(message, views.merge_targets(texts, cp_id, found))


async def on_merge(
    query: CallbackQuery,
    callback_data: MergeCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
) -> None:
    if not callback_data.confirm:
        first, second = await counterparty_merge.merge_preview(
            actor, callback_data.keep, callback_data.drop, uow
        )
        await _reply(query, views.merge_confirm(texts, first, second))
        return
    merged = await counterparty_merge.merge_counterparties(
        counterparty_merge.MergeCounterparties(actor, callback_data.keep, callback_data.drop),
        uow,
        clock,
    )
    await state.clear()
    moved = str(sum(merged.moved.values()))
    callback_reply.text = texts(
        "merge-done", dropped=merged.dropped_name, kept=merged.kept.name, moved=moved
    )
    await show_card(query, merged.kept.id, actor, uow, texts, settings, calendar, clock)


# --- a new counterparty (also for a registration request) -------------------------------


async def cmd_newclient(message: Message, actor: Actor, texts: Texts, state: FSMContext) -> None:
    clients.begin_create(actor)
    await state.set_state(NewClient.name)
    await state.set_data({})
    await message.answer(texts("new-ask-name"), reply_markup=_cancel(texts))


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
    await _after_inn(message, texts, state, message.text or "")


async def _after_inn(message: Message, texts: Texts, state: FSMContext, inn: str) -> None:
    await state.update_data(inn=inn)
    await state.set_state(NewClient.city)
    await message.answer(
        texts("new-ask-city"), reply_markup=views.skip_keyboard(texts, "button-skip")
    )


async def on_new_city(message: Message, texts: Texts, state: FSMContext) -> None:
    await _after_city(message, texts, state, message.text or "")


async def _after_city(message: Message, texts: Texts, state: FSMContext, city: str) -> None:
    await state.update_data(city=city)
    await state.set_state(NewClient.phone)
    await message.answer(
        texts("new-ask-phone"), reply_markup=views.skip_keyboard(texts, "button-skip")
    )


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
    if callback_data.action == "skip" and current == NewClient.inn.state:
        await _after_inn(message, texts, state, "")
    elif callback_data.action == "skip" and current == NewClient.city.state:
        await _after_city(message, texts, state, "")
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
        await _reply(message, views.candidates(texts, result.candidates, can_confirm=can_confirm))
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
            await _reply(query, Rendered(texts(decided.key, **decided.params)))
            return
        await _reply(query, Rendered(texts("registration-linked", counterparty=cp.name)))
        return
    await state.clear()
    await show_card(query, cp_id, actor, uow, texts, settings, calendar, clock)


def build_router() -> Router:
    router = Router(name="clients")
    router.message.filter(F.chat.type == "private")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_find, Command("find"))
    router.message.register(cmd_newclient, Command("newclient"))
    router.message.register(on_edit_value, StateFilter(EditCard.value), NOT_A_COMMAND)
    router.message.register(on_merge_query, StateFilter(MergeSearch.query), NOT_A_COMMAND)
    router.message.register(on_new_name, StateFilter(NewClient.name), NOT_A_COMMAND)
    router.message.register(on_new_inn, StateFilter(NewClient.inn), NOT_A_COMMAND)
    router.message.register(on_new_city, StateFilter(NewClient.city), NOT_A_COMMAND)
    router.message.register(on_new_phone, StateFilter(NewClient.phone), NOT_A_COMMAND)
    router.callback_query.register(
        on_client_action, ClientCb.filter(~F.action.in_({"log", "call"}))
    )
    router.callback_query.register(on_merge, MergeCb.filter())
    router.callback_query.register(on_new_button, NewClientCb.filter())
    return router
