"""/find, the counterparty card and its buttons: edit, merge. (The card's «Новая заявка» is
the orders dialogue's, «Записать контакт» and «Позвонить» the contacts'.)"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.counterparties.edits import CardField, parse_field
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services import interactions
from bot.services.counterparties import directory
from bot.services.counterparties import edit as counterparty_edit
from bot.services.counterparties import merge as counterparty_merge
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import card_edits as edit_views
from bot.views import clients as views
from bot.views.callbacks import ClientAction, ClientCb, MergeCb
from handlers.filters import PLAIN_TEXT, PRIVATE
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class EditCard(StatesGroup):
    value = State()


class MergeSearch(StatesGroup):
    query = State()


async def cmd_find(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    clock: Clock,
    reply: Replies,
) -> None:
    query = command.args or ""
    found = await directory.find_counterparties(actor, query, uow)
    if len(found) == 1:
        card = await directory.counterparty_card(actor, found[0].id, uow)
        await reply.answer(
            views.card(texts, card, settings.zone, interactions.today(calendar, clock))
        )
        return
    await reply.answer(views.found_list(texts, query.strip(), found, directory.FIND_LIMIT))


async def on_open(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    reply: Replies,
) -> None:
    card = await directory.counterparty_card(actor, callback_data.cp, uow)
    await reply.answer(views.card(texts, card, settings.zone, interactions.today(calendar, clock)))


async def on_edit(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    start = await counterparty_edit.begin_edit(actor, callback_data.cp, uow)
    await reply.answer(edit_views.edit_menu(texts, start.counterparty, start.can_reassign))


async def on_field(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    """A field to change: the category and the manager are picked, the rest typed."""
    field = parse_field(callback_data.arg)
    if field is CardField.MANAGER:
        cp, staff = await counterparty_edit.manager_choices(actor, callback_data.cp, uow)
        await reply.answer(edit_views.manager_picker(texts, cp, staff))
        return
    start = await counterparty_edit.begin_edit(actor, callback_data.cp, uow)
    if field is CardField.CATEGORY:
        await reply.answer(edit_views.category_picker(texts, start.counterparty))
        return
    await state.set_state(EditCard.value)
    await state.set_data({"cp": callback_data.cp, "field": field.value})
    await reply.answer(edit_views.edit_prompt(texts, field))


async def on_picked(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    """A category or a responsible manager picked on the card."""
    field = (
        CardField.CATEGORY if callback_data.action is ClientAction.CATEGORY else CardField.MANAGER
    )
    cmd = counterparty_edit.EditCounterparty(actor, callback_data.cp, field, callback_data.arg)
    cp = await counterparty_edit.edit_counterparty(cmd, uow, clock)
    callback_reply.text = texts("edit-saved", name=cp.name)
    card = await directory.counterparty_card(actor, cp.id, uow)
    await reply.answer(views.card(texts, card, settings.zone, interactions.today(calendar, clock)))


async def on_edit_value(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    settings: Settings,
    calendar: WorkCalendar,
    state: FSMContext,
    reply: Replies,
) -> None:
    data = await state.get_data()
    cmd = counterparty_edit.EditCounterparty(
        actor, int(data["cp"]), str(data["field"]), message.text or ""
    )
    cp = await counterparty_edit.edit_counterparty(cmd, uow, clock)
    await state.clear()
    await reply.answer(texts("edit-saved", name=cp.name))
    card = await directory.counterparty_card(actor, cp.id, uow)
    await reply.answer(views.card(texts, card, settings.zone, interactions.today(calendar, clock)))


# --- merging ------------------------------------------------------------------------------


async def on_merge_start(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    cp = await counterparty_merge.begin_merge(actor, callback_data.cp, uow)
    await state.set_state(MergeSearch.query)
    await state.set_data({"cp": cp.id})
    await reply.answer(edit_views.merge_ask(texts, cp))


async def on_merge_query(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    cp_id = int((await state.get_data())["cp"])
    found = await counterparty_merge.merge_candidates(actor, cp_id, message.text or "", uow)
    await reply.answer(edit_views.merge_targets(texts, cp_id, found))


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
    reply: Replies,
) -> None:
    keep, drop = callback_data.keep, callback_data.drop
    if not callback_data.confirm:
        first, second = await counterparty_merge.merge_preview(actor, keep, drop, uow)
        await reply.answer(edit_views.merge_confirm(texts, first, second))
        return
    cmd = counterparty_merge.MergeCounterparties(actor, keep, drop)
    merged = await counterparty_merge.merge_counterparties(cmd, uow, clock)
    await state.clear()
    moved = str(sum(merged.moved.values()))
    callback_reply.text = texts(
        "merge-done", dropped=merged.dropped_name, kept=merged.kept.name, moved=moved
    )
    card = await directory.counterparty_card(actor, merged.kept.id, uow)
    await reply.answer(views.card(texts, card, settings.zone, interactions.today(calendar, clock)))


def build_router() -> Router:
    router = Router(name="clients")
    router.message.filter(PRIVATE)
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_find, Command("find"))
    router.message.register(on_edit_value, StateFilter(EditCard.value), PLAIN_TEXT)
    router.message.register(on_merge_query, StateFilter(MergeSearch.query), PLAIN_TEXT)
    card = ClientCb.filter
    router.callback_query.register(on_open, card(F.action == ClientAction.OPEN))
    router.callback_query.register(on_edit, card(F.action == ClientAction.EDIT))
    router.callback_query.register(on_field, card(F.action == ClientAction.FIELD))
    router.callback_query.register(
        on_picked, card(F.action.in_({ClientAction.CATEGORY, ClientAction.MANAGER}))
    )
    router.callback_query.register(on_merge_start, card(F.action == ClientAction.MERGE))
    router.callback_query.register(on_merge, MergeCb.filter())
    return router
