"""Orders: a staff member's free text (or /order, or «Новая заявка» on a client's card)
becomes a draft, questions fill it in, the preview confirms it; a client's /order goes to
their manager to confirm."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import structlog
from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.orders.dialogue import Choice
from bot.domain.orders.draft import Draft, from_data, to_data
from bot.domain.orders.steps import Step
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.catalog import CatalogCache
from bot.services.orders import client_orders, placing
from bot.services.orders import comments as order_comments
from bot.services.orders import intake as order_intake
from bot.services.orders.confirming import DuplicateSuspected, PlaceOrder
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import orders as views
from bot.views.callbacks import (
    ApprovalAction,
    ClientAction,
    ClientCb,
    OrderApprovalCb,
    OrderCb,
    OrderScreen,
)
from handlers.filters import PLAIN_TEXT, PRIVATE, writes_orders
from storage.uow import UnitOfWork

log = structlog.get_logger()


class OrderDialogue(StatesGroup):
    draft = State()


def new_id() -> str:
    return secrets.token_hex(3)


@dataclass(frozen=True, slots=True)
class Turn:
    """One update of the order dialogue: who, the unit of work, where the draft is kept and
    where the replies go."""

    actor: Actor
    uow: UnitOfWork
    clock: Clock
    texts: Texts
    state: FSMContext
    cache: CatalogCache
    reply: Replies
    raw_state: str | None = None

    async def draft(self) -> Draft | None:
        raw = (await self.state.get_data()).get("draft")
        if not isinstance(raw, dict):
            return None
        try:
            return from_data(raw)
        except (KeyError, ValueError, TypeError):
            log.warning("order_draft_unreadable")
            return None

    async def save(self, draft: Draft) -> None:
        """Keep the draft in the dialogue state (the state is written only when it changes)."""
        await self.state.set_data({"draft": to_data(draft)})
        if self.raw_state != OrderDialogue.draft.state:
            await self.state.set_state(OrderDialogue.draft)


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
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    if (command.args or "").strip():
        await _start(turn, command.args or "")
        return
    step = await order_intake.begin_order(
        order_intake.BeginOrder(actor, new_id()), uow, clock, catalog_cache
    )
    await turn.save(step.draft)
    await reply.answer(views.step_view(texts, step, catalog_cache.company))


async def on_text(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    await _start(turn, message.text or "")


async def _start(turn: Turn, text: str) -> None:
    cmd = order_intake.StartOrder(turn.actor, text, new_id())
    step = await order_intake.start_order(cmd, turn.uow, turn.clock, turn.cache)
    await turn.save(step.draft)
    await turn.reply.answer(views.first_screen(turn.texts, step, turn.cache.company))


async def on_draft_text(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    catalog_cache: CatalogCache,
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    draft = await turn.draft()
    if draft is None:
        await _start(turn, message.text or "")
        return
    cmd = order_intake.Answer(actor, draft, message.text or "", new_id())
    step = await order_intake.answer_question(cmd, uow, clock, catalog_cache)
    await turn.save(step.draft)
    if step.draft.id != draft.id:
        if not step.is_recognised:
            await reply.answer(views.nothing_found(texts, step.draft))
            return
        if draft.order.positions:
            await reply.answer(texts("order-replaced"))
    await reply.answer(views.step_view(texts, step, catalog_cache.company))


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
    raw_state: str | None = None,
) -> None:
    """«Новая заявка» on a counterparty's card: the dialogue, its client already chosen."""
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    cmd = order_intake.BeginOrder(actor, new_id(), counterparty_id=callback_data.cp)
    step = await order_intake.begin_order(cmd, uow, clock, catalog_cache)
    await turn.save(step.draft)
    await reply.answer(texts("card-new-order-started", name=step.draft.client_name or "—"))
    await reply.answer(views.step_view(texts, step, catalog_cache.company))


# --- buttons ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    """A button of the order dialogue pressed on the draft it belongs to."""

    turn: Turn
    draft: Draft
    data: OrderCb
    answer: CallbackReply


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
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    draft = await turn.draft()
    if draft is None or draft.id != callback_data.d:
        placed = (await state.get_data()).get("placed", {}).get(callback_data.d)
        key, params = (
            ("order-already-placed", {"number": placed}) if placed else ("order-stale", {})
        )
        callback_reply.text, callback_reply.show_alert = texts(key, **params), True
        return
    press = Press(turn, draft, callback_data, callback_reply)
    action = callback_data.a
    if isinstance(action, OrderScreen):
        await _SCREENS[action](press)
    else:
        step = await _choose(press, action)
        await reply.edit(views.step_view(texts, step, catalog_cache.company))


async def _choose(press: Press, choice: Choice) -> Step:
    turn, data = press.turn, press.data
    cmd = order_intake.Choose(turn.actor, press.draft, choice, data.p, data.v)
    step = await order_intake.choose(cmd, turn.uow, turn.clock, turn.cache)
    await turn.save(step.draft)
    return step


async def _cancel(press: Press) -> None:
    await press.turn.state.clear()
    await press.turn.reply.edit(press.turn.texts("cancelled"))


async def _edit_menu(press: Press) -> None:
    step = await _choose(press, Choice.PREVIEW)
    await press.turn.reply.edit(views.edit_menu(press.turn.texts, step))


async def _position_menu(press: Press) -> None:
    step = await _choose(press, Choice.PREVIEW)
    index = press.data.p
    if not 0 <= index < len(step.draft.order.positions):
        raise InvalidInput("order-position-gone")
    await press.turn.reply.edit(views.position_menu(press.turn.texts, step, index))


async def _confirm(press: Press) -> None:
    turn, draft, texts = press.turn, press.draft, press.turn.texts
    cmd = PlaceOrder(turn.actor, draft)
    if draft.for_client:  # a client's own order: it goes to their manager to confirm
        result = await client_orders.submit_order(cmd, turn.uow, turn.clock, turn.cache)
    else:
        result = await placing.place_order(cmd, turn.uow, turn.clock, turn.cache)
    if isinstance(result, DuplicateSuspected):
        await turn.save(result.draft)
        press.answer.text = texts("order-duplicate", number=result.number)
        press.answer.show_alert = True
        resumed = order_intake.ResumeDraft(turn.actor, result.draft)
        step = await order_intake.resume_draft(resumed, turn.uow, turn.clock, turn.cache)
        await turn.reply.edit(views.step_view(turn.texts, step, turn.cache.company))
        return
    await turn.state.set_state(None)
    await turn.state.set_data({"placed": {draft.id: result.number}})
    key = "order-submitted-toast" if draft.for_client else "order-placed-toast"
    press.answer.text = texts(key, number=result.number)
    await turn.reply.drop_buttons()


_SCREENS: Mapping[OrderScreen, Callable[[Press], Awaitable[None]]] = {
    OrderScreen.CANCEL: _cancel,
    OrderScreen.CONFIRM: _confirm,
    OrderScreen.EDIT: _edit_menu,
    OrderScreen.POSITION: _position_menu,
}


# --- a reply to the bot's message about an order ------------------------------------------


async def on_reply(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
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
    await reply.answer(
        texts("my-order-reply-comment-sent", number=done.number, count=done.departments)
    )


async def on_reply_file(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
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
    await reply.answer(
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
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    cmd = client_orders.DecideClientOrder(actor, callback_data.order)
    if callback_data.a is ApprovalAction.CONFIRM:
        order = await client_orders.confirm_client_order(cmd, uow, clock, catalog_cache)
        callback_reply.text = texts("order-placed-toast", number=order.number)
    elif callback_data.a is ApprovalAction.DECLINE:
        await client_orders.reject_client_order(cmd, uow, clock, catalog_cache)
        callback_reply.text = texts("cancelled")
    else:  # EDIT: the manager completes it in the order dialogue
        turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
        draft = await client_orders.edit_client_order(cmd, uow, catalog_cache)
        resumed = order_intake.ResumeDraft(actor, draft)
        step = await order_intake.resume_draft(resumed, uow, clock, catalog_cache)
        await turn.save(step.draft)
        callback_reply.text = texts("order-approval-editing")
        await reply.answer(views.step_view(texts, step, catalog_cache.company))


def build_router() -> Router:
    router = Router(name="orders")
    router.message.filter(PRIVATE)
    router.message.register(cmd_order, Command("order"))
    router.message.register(on_draft_text, StateFilter(OrderDialogue.draft), PLAIN_TEXT)
    router.message.register(
        on_reply, writes_orders, StateFilter(None), F.reply_to_message, PLAIN_TEXT
    )
    router.message.register(on_text, writes_orders, StateFilter(None), PLAIN_TEXT)
    router.message.register(
        on_reply_file, writes_orders, StateFilter(None), F.reply_to_message, F.photo | F.document
    )
    router.callback_query.register(on_button, OrderCb.filter())
    router.callback_query.register(on_approval, OrderApprovalCb.filter())
    router.callback_query.register(
        on_card_new_order, ClientCb.filter(F.action == ClientAction.ORDER)
    )
    return router
