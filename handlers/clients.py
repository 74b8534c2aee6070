"""/find, the counterparty card and its buttons: edit, merge, a new order."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services import interactions
from bot.services.catalog import CatalogCache
from bot.services.counterparties import directory as clients
from bot.services.counterparties import edit as counterparty_edit
from bot.services.counterparties import merge as counterparty_merge
from bot.services.counterparties.edit import CardField
from bot.texts import Texts
from bot.views import clients as views
from bot.views.callbacks import ClientCb, MergeCb
from bot.views.rendered import Rendered, cancel_row, keyboard
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

NOT_A_COMMAND = F.text & ~F.text.startswith("/")


class EditCard(StatesGroup):
    value = State()


class MergeSearch(StatesGroup):
    query = State()


async def reply(target: Message | CallbackQuery, rendered: Rendered) -> None:
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
    await reply(target, views.card(texts, card, settings.zone, today))


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
    await reply(message, views.found_list(texts, query.strip(), found, clients.FIND_LIMIT))


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
    elif action == "edit":
        start = await counterparty_edit.begin_edit(actor, cp_id, uow)
        await reply(query, views.edit_menu(texts, start.counterparty, start.can_reassign))
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
        ask = texts("merge-ask-query", name=cp.name)
        await reply(query, Rendered(ask, cancel_keyboard(texts)))
    else:
        raise InvalidInput()


def cancel_keyboard(texts: Texts) -> InlineKeyboardMarkup:
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
        await reply(query, views.manager_picker(texts, cp, staff))
        return
    start = await counterparty_edit.begin_edit(actor, callback_data.cp, uow)
    if field is CardField.CATEGORY:
        await reply(query, views.category_picker(texts, start.counterparty))
        return
    await state.set_state(EditCard.value)
    await state.set_data({"cp": callback_data.cp, "field": field.value})
    await reply(query, views.edit_prompt(texts, field))


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
    await reply(message, views.merge_targets(texts, cp_id, found))


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
        await reply(query, views.merge_confirm(texts, first, second))
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


def build_router() -> Router:
    router = Router(name="clients")
    router.message.filter(F.chat.type == "private")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_find, Command("find"))
    router.message.register(on_edit_value, StateFilter(EditCard.value), NOT_A_COMMAND)
    router.message.register(on_merge_query, StateFilter(MergeSearch.query), NOT_A_COMMAND)
    router.callback_query.register(
        on_client_action, ClientCb.filter(~F.action.in_({"log", "call", "order"}))
    )
    router.callback_query.register(on_merge, MergeCb.filter())
    return router
