"""Orders: a staff member's free text (or /order, or «Новая заявка» on a client's card)
becomes a draft, questions fill it in, the preview confirms it; a client's /order goes to
their manager to confirm."""

from __future__ import annotations

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
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.catalog import CatalogCache
from bot.services.orders import client_orders, drafts
from bot.services.orders import comments as order_comments
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
    """Some open draft of the person awaits typed text (routes their text here)."""

    draft = State()


@dataclass(frozen=True, slots=True)
class Turn:
    """One update of the order dialogue: who, the unit of work, the dialogue state (which
    only routes typed text: the drafts are rows) and where the replies go."""

    actor: Actor
    uow: UnitOfWork
    clock: Clock
    texts: Texts
    state: FSMContext
    cache: CatalogCache
    reply: Replies
    raw_state: str | None = None

    async def mark(self, asking: bool) -> None:
        """Typed text comes to the orders while some draft of the person asks for it."""
        if asking and self.raw_state != OrderDialogue.draft.state:
            await self.state.set_state(OrderDialogue.draft)
        elif not asking and self.raw_state == OrderDialogue.draft.state:
            await self.state.clear()

    async def show(self, shown: drafts.Shown, *, edit: bool = False) -> None:
        await self.mark(shown.asking)
        company = self.cache.company
        if shown.new:
            await self.reply.answer(views.first_screen(self.texts, shown.step, company))
        elif edit:
            await self.reply.edit(views.step_view(self.texts, shown.step, company))
        else:
            await self.reply.answer(views.step_view(self.texts, shown.step, company))


def replied_draft(message: Message) -> str | None:
    """The key of the draft whose message (a preview or a question) this one replies to."""
    replied = message.reply_to_message
    markup = replied.reply_markup if replied is not None else None
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            data = button.callback_data or ""
            if data.startswith(f"{OrderCb.__prefix__}{OrderCb.__separator__}"):
                try:
                    return OrderCb.unpack(data).d
                except (TypeError, ValueError):
                    return None
    return None


def replies_to_draft(message: Message) -> bool:
    return replied_draft(message) is not None


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
        cmd = drafts.Typed(actor, command.args or "", forwarded=True)  # always a new order
        await turn.show(await drafts.typed(cmd, uow, clock, catalog_cache))
        return
    await turn.show(await drafts.begin(drafts.Begin(actor), uow, clock, catalog_cache))


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
    """An order text (a new draft), or the answer to a draft's question: the draft replied
    to, else the one that asked last."""
    turn = Turn(actor, uow, clock, texts, state, catalog_cache, reply, raw_state)
    cmd = drafts.Typed(
        actor,
        message.text or "",
        replied_key=replied_draft(message),
        forwarded=message.forward_origin is not None,
        answering=raw_state == OrderDialogue.draft.state,
    )
    await turn.show(await drafts.typed(cmd, uow, clock, catalog_cache))


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
    cmd = drafts.Begin(actor, counterparty_id=callback_data.cp)
    shown = await drafts.begin(cmd, uow, clock, catalog_cache)
    await reply.answer(texts("card-new-order-started", name=shown.step.draft.client_name or "—"))
    await turn.show(shown)


# --- buttons ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    """A button of the order dialogue pressed on the draft it belongs to."""

    turn: Turn
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
    press = Press(turn, callback_data, callback_reply)
    action = callback_data.a
    if isinstance(action, OrderScreen):
        await _SCREENS[action](press)
    else:
        await turn.show(await _choose(press, action), edit=True)


async def _choose(press: Press, choice: Choice) -> drafts.Shown:
    turn, data = press.turn, press.data
    cmd = drafts.Press(turn.actor, data.d, choice, data.p, data.v)
    return await drafts.press(cmd, turn.uow, turn.clock, turn.cache)


async def _cancel(press: Press) -> None:
    turn = press.turn
    await turn.mark(await drafts.cancel(turn.actor, press.data.d, turn.uow, turn.clock))
    await turn.reply.edit(turn.texts("cancelled"))


async def _open(press: Press) -> None:
    turn = press.turn
    await turn.show(await drafts.show(turn.actor, press.data.d, turn.uow, turn.clock, turn.cache))


async def _edit_menu(press: Press) -> None:
    shown = await _choose(press, Choice.PREVIEW)
    await press.turn.mark(shown.asking)
    await press.turn.reply.edit(views.edit_menu(press.turn.texts, shown.step))


async def _position_menu(press: Press) -> None:
    shown = await _choose(press, Choice.PREVIEW)
    await press.turn.mark(shown.asking)
    index = press.data.p
    if not 0 <= index < len(shown.step.draft.order.positions):
        raise InvalidInput("order-position-gone")
    await press.turn.reply.edit(views.position_menu(press.turn.texts, shown.step, index))


async def _confirm(press: Press) -> None:
    turn, texts = press.turn, press.turn.texts
    done = await drafts.confirm(turn.actor, press.data.d, turn.uow, turn.clock, turn.cache)
    if done.again is not None:
        press.answer.text = texts("order-duplicate", number=done.again.step.draft.duplicate)
        press.answer.show_alert = True
        await turn.show(done.again, edit=True)
        return
    await turn.mark(done.asking)
    key = "order-submitted-toast" if done.for_client else "order-placed-toast"
    press.answer.text = texts(key, number=done.number)
    await turn.reply.drop_buttons()


_SCREENS: Mapping[OrderScreen, Callable[[Press], Awaitable[None]]] = {
    OrderScreen.CANCEL: _cancel,
    OrderScreen.CONFIRM: _confirm,
    OrderScreen.EDIT: _edit_menu,
    OrderScreen.POSITION: _position_menu,
    OrderScreen.OPEN: _open,
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
        shown = await drafts.adopt(actor, draft, uow, clock, catalog_cache)
        callback_reply.text = texts("order-approval-editing")
        await turn.show(shown)


def build_router() -> Router:
    router = Router(name="orders")
    router.message.filter(PRIVATE)
    router.message.register(cmd_order, Command("order"))
    typing = StateFilter(None, OrderDialogue.draft)
    router.message.register(on_text, typing, F.reply_to_message, replies_to_draft, PLAIN_TEXT)
    router.message.register(on_reply, writes_orders, typing, F.reply_to_message, PLAIN_TEXT)
    router.message.register(on_text, StateFilter(OrderDialogue.draft), PLAIN_TEXT)
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
