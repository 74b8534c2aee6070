"""Orders: a staff member's free text (or /order) becomes a draft, questions fill it in,
the preview confirms it; a client's /order goes to their manager to confirm."""

from __future__ import annotations

import secrets

import structlog
from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.orders.draft import Draft, from_data, to_data
from bot.domain.roles import Actor, Role
from bot.middlewares.callbacks import CallbackReply
from bot.services.catalog import CatalogCache
from bot.services.counterparties import new_order as counterparty_new_order
from bot.services.orders import client_orders
from bot.services.orders import comments as order_comments
from bot.services.orders import intake as order_intake
from bot.services.orders import placing as order_placing
from bot.services.orders.intake import Step
from bot.services.orders.placing import DuplicateSuspected, PlaceOrder
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import orders as views
from bot.views.callbacks import ClientAction, ClientCb, OrderApprovalCb, OrderCb
from bot.views.rendered import Rendered
from storage.uow import UnitOfWork

log = structlog.get_logger()

NOT_A_COMMAND = ~F.text.startswith("/")
ORDER_WRITERS = frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN})
VIEW_ONLY = frozenset({"edit", "pos"})


class OrderDialogue(StatesGroup):
    draft = State()


def writes_orders(_: object, actor: Actor | None = None) -> bool:
    """Routes a staff member's free text to the orders (the service still checks the role)."""
    return actor is not None and actor.role in ORDER_WRITERS


def new_id() -> str:
    return secrets.token_hex(3)


async def load_draft(state: FSMContext) -> Draft | None:
    data = await state.get_data()
    raw = data.get("draft")
    if not isinstance(raw, dict):
        return None
    try:
        return from_data(raw)
    except (KeyError, ValueError, TypeError):
        log.warning("order_draft_unreadable")
        return None


async def save(state: FSMContext, draft: Draft, raw_state: str | None = None) -> None:
    """Keep the draft in the dialogue state (the state is written only when it changes)."""
    await state.set_data({"draft": to_data(draft)})
    if raw_state != OrderDialogue.draft.state:
        await state.set_state(OrderDialogue.draft)


async def show(message: Message, step: Step, texts: Texts, cache: CatalogCache) -> None:
    rendered = views.step_view(texts, step, cache.company)
    await message.answer(rendered.text, reply_markup=rendered.reply_markup)


# --- text ---------------------------------------------------------------------------------


async def cmd_order(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    raw_state: str | None = None,
) -> None:
    if not (command.args or "").strip():
        step = await order_intake.begin_order(actor, new_id(), uow, clock, catalog_cache)
        await save(state, step.draft, raw_state)
        await show(message, step, texts, catalog_cache)
        return
    await _start(message, command.args or "", actor, uow, clock, texts, state, catalog_cache)


async def on_text(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
) -> None:
    await _start(message, message.text or "", actor, uow, clock, texts, state, catalog_cache)


async def _start(
    message: Message,
    text: str,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    cache: CatalogCache,
) -> None:
    cmd = order_intake.StartOrder(actor, text, new_id())
    step = await order_intake.start_order(cmd, uow, clock, cache)
    await save(state, step.draft)
    if not order_intake.is_recognised(step):
        rendered = views.nothing_found(texts, step.draft)
        await message.answer(rendered.text, reply_markup=rendered.reply_markup)
        return
    await show(message, step, texts, cache)


async def on_draft_text(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    raw_state: str | None = None,
) -> None:
    draft = await load_draft(state)
    if draft is None:
        await _start(message, message.text or "", actor, uow, clock, texts, state, catalog_cache)
        return
    cmd = order_intake.Answer(actor, draft, message.text or "", new_id())
    step = await order_intake.answer(cmd, uow, clock, catalog_cache)
    await save(state, step.draft, raw_state)
    if step.draft.id != draft.id:
        if not order_intake.is_recognised(step):
            rendered = views.nothing_found(texts, step.draft)
            await message.answer(rendered.text, reply_markup=rendered.reply_markup)
            return
        if draft.order.positions:
            await message.answer(texts("order-replaced"))
    await show(message, step, texts, catalog_cache)


async def on_card_new_order(
    query: CallbackQuery,
    callback_data: ClientCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    reply: Replies,
) -> None:
    """A counterparty card's «Новая заявка»: this dialogue, its client already chosen."""
    cmd = counterparty_new_order.BeginOrderFor(actor, callback_data.cp, new_id())
    step = await counterparty_new_order.begin_order_for(cmd, uow, clock, catalog_cache)
    await save(state, step.draft)
    await reply.answer(texts("card-new-order-started", name=step.draft.client_name or "—"))
    await reply.answer(views.step_view(texts, step, catalog_cache.company))


# --- buttons ------------------------------------------------------------------------------


async def on_button(
    query: CallbackQuery,
    callback_data: OrderCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    callback_reply: CallbackReply,
    raw_state: str | None = None,
) -> None:
    draft = await load_draft(state)
    if draft is None or draft.id != callback_data.d:
        placed = (await state.get_data()).get("placed", {}).get(callback_data.d)
        key, params = (
            ("order-already-placed", {"number": placed}) if placed else ("order-stale", {})
        )
        callback_reply.text, callback_reply.show_alert = texts(key, **params), True
        return
    action = callback_data.a
    if action == "x":
        await state.clear()
        await _edit(query, Rendered(texts("cancelled")))
        return
    if action == "ok":
        await _confirm(
            query, draft, actor, uow, clock, texts, state, catalog_cache, callback_reply
        )
        return
    choice = "preview" if action in VIEW_ONLY else action
    cmd = order_intake.Choose(actor, draft, choice, callback_data.p, callback_data.v)
    step = await order_intake.choose(cmd, uow, clock, catalog_cache)
    await save(state, step.draft, raw_state)
    if action == "edit":
        await _edit(query, views.edit_menu(texts, step))
    elif action == "pos":
        if not 0 <= callback_data.p < len(step.draft.order.positions):
            raise InvalidInput("order-position-gone")
        await _edit(query, views.position_menu(texts, step, callback_data.p))
    else:
        await _edit(query, views.step_view(texts, step, catalog_cache.company))


async def _confirm(
    query: CallbackQuery,
    draft: Draft,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    cache: CatalogCache,
    callback_reply: CallbackReply,
) -> None:
    result = await order_placing.place_order(PlaceOrder(actor, draft), uow, clock, cache)
    if isinstance(result, DuplicateSuspected):
        await save(state, result.draft, OrderDialogue.draft.state)
        callback_reply.text = texts("order-duplicate", number=result.number)
        callback_reply.show_alert = True
        step = await order_intake.current_step(actor, result.draft, uow, clock, cache)
        await _edit(query, views.step_view(texts, step, cache.company))
        return
    await state.set_state(None)
    await state.set_data({"placed": {draft.id: result.number}})
    key = "order-submitted-toast" if draft.for_client else "order-placed-toast"
    callback_reply.text = texts(key, number=result.number)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def _edit(query: CallbackQuery, rendered: Rendered) -> None:
    """Show the next screen in place of the pressed one (a new message if that is gone)."""
    if not isinstance(query.message, Message):
        await query.bot.send_message(  # type: ignore[union-attr]
            query.from_user.id, rendered.text, reply_markup=rendered.reply_markup
        )
        return
    try:
        await query.message.edit_text(rendered.text, reply_markup=rendered.reply_markup)
    except TelegramBadRequest as exc:
        if "message is not modified" not in str(exc):
            raise


# --- a reply to the bot's message about an order ------------------------------------------


async def on_reply(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    """A reply (quote) to a message about an order is a comment for its departments; a reply
    to anything else is free text as usual (a new order)."""
    assert message.reply_to_message is not None
    done = await order_comments.comment_by_reply(
        actor,
        message.chat.id,
        message.reply_to_message.message_id,
        message.text or "",
        uow,
        clock,
    )
    if done is None:
        raise SkipHandler
    await message.answer(
        texts("my-order-reply-comment-sent", number=done.number, count=done.departments)
    )


async def on_reply_file(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    """A photo or document in reply to a message about an order: a file for its departments
    (a logo layout, a spec); a reply to anything else goes on as usual."""
    assert message.reply_to_message is not None
    if message.photo:
        kind, file_id = "photo", message.photo[-1].file_id
    else:
        assert message.document is not None  # the filter lets only photos and documents in
        kind, file_id = "document", message.document.file_id
    cmd = order_comments.AttachFile(actor, 0, file_id, kind, message.caption or "")
    done = await order_comments.attach_by_reply(
        cmd, message.chat.id, message.reply_to_message.message_id, uow, clock
    )
    if done is None:
        raise SkipHandler
    await message.answer(
        texts("my-order-reply-file-sent", number=done.number, count=done.departments)
    )


# --- a client's order at the manager ------------------------------------------------------


async def on_approval(
    query: CallbackQuery,
    callback_data: OrderApprovalCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    callback_reply: CallbackReply,
    raw_state: str | None = None,
) -> None:
    cmd = client_orders.DecideClientOrder(actor, callback_data.order)
    if callback_data.a == "ok":
        order = await client_orders.confirm_client_order(cmd, uow, clock, catalog_cache)
        callback_reply.text = texts("order-placed-toast", number=order.number)
    elif callback_data.a == "no":
        await client_orders.reject_client_order(cmd, uow, clock, catalog_cache)
        callback_reply.text = texts("cancelled")
    elif callback_data.a == "edit":
        draft = await client_orders.edit_client_order(cmd, uow, catalog_cache)
        step = await order_intake.current_step(actor, draft, uow, clock, catalog_cache)
        await save(state, step.draft, raw_state)
        callback_reply.text = texts("order-approval-editing")
        if isinstance(query.message, Message):
            rendered = views.step_view(texts, step, catalog_cache.company)
            await query.message.answer(rendered.text, reply_markup=rendered.reply_markup)
    else:
        raise InvalidInput("order-choice-gone")


def build_router() -> Router:
    router = Router(name="orders")
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_order, Command("order"))
    router.message.register(on_draft_text, StateFilter(OrderDialogue.draft), F.text, NOT_A_COMMAND)
    router.message.register(
        on_reply, writes_orders, StateFilter(None), F.reply_to_message, F.text, NOT_A_COMMAND
    )
    router.message.register(on_text, writes_orders, StateFilter(None), F.text, NOT_A_COMMAND)
    router.message.register(
        on_reply_file, writes_orders, StateFilter(None), F.reply_to_message, F.photo | F.document
    )
    router.callback_query.register(on_button, OrderCb.filter())
    router.callback_query.register(
        on_card_new_order, ClientCb.filter(F.action == ClientAction.ORDER)
    )
    router.callback_query.register(on_approval, OrderApprovalCb.filter())
    return router
