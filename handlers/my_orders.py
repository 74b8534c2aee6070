"""/my: the manager's open orders, an order's card, comment, attach a file, change, cancel,
hand over."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.config import Settings
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.asks import lists as dept_requests
from bot.services.catalog import CatalogCache
from bot.services.orders import comments as order_comments
from bot.services.orders import my_orders
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import asks as ask_views
from bot.views import my_orders as views
from bot.views.callbacks import MyOrderAction, MyOrderCb
from bot.views.rendered import Rendered
from handlers.filters import NOT_A_COMMAND, PLAIN_TEXT, PRIVATE
from handlers.questions import question_kept_on_typo
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class OrderFollowUp(StatesGroup):
    comment = State()  # data: order id
    qty = State()  # data: order id, position id
    file = State()  # data: order id


async def cmd_my(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    await reply.answer(views.order_list(texts, await my_orders.my_orders(actor, uow)))
    asks = await dept_requests.my_open_asks(actor, uow)  # requests to departments, if any
    if asks:
        await reply.answer(ask_views.ask_list(texts, "ask-my-title", asks, clock.now()))


async def on_open(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    settings: Settings,
    reply: Replies,
) -> None:
    card = await my_orders.order_card(actor, callback_data.order, uow)
    await reply.answer(views.order_card(texts, card, settings.zone))


async def on_change(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    card = await my_orders.order_card(actor, callback_data.order, uow)
    await reply.answer(views.pick_position(texts, card))


# The button's action → the dialogue step it opens and the question it asks.
_FOLLOW_UPS = {
    MyOrderAction.COMMENT: (OrderFollowUp.comment, "my-order-ask-comment"),
    MyOrderAction.ATTACH: (OrderFollowUp.file, "my-order-ask-file"),
}


async def on_follow_up_button(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    """«Комментарий» or «📎 Файл»: ask for it (the dialogue state says which comes next)."""
    follow_up, question = _FOLLOW_UPS[callback_data.a]
    number = await my_orders.check_order_placed(actor, callback_data.order, uow)
    await state.set_state(follow_up)
    await state.set_data({"order": callback_data.order})
    await reply.answer(views.ask_with_cancel(texts, texts(question, number=number)))


async def on_file(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    order_id = int((await state.get_data())["order"])
    if message.photo:
        kind, file_id = "photo", message.photo[-1].file_id
    else:
        assert message.document is not None  # the filter lets only photos and documents in
        kind, file_id = "document", message.document.file_id
    cmd = order_comments.AttachFile(actor, order_id, file_id, kind, message.caption or "")
    count = await order_comments.attach_file(cmd, uow, clock)
    await state.clear()
    await reply.answer(texts("my-order-file-sent", count=count))


async def on_not_a_file(message: Message, texts: Texts, reply: Replies) -> None:
    await reply.answer(texts("my-order-file-expected"))


async def on_position(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    p = await my_orders.position_for_change(actor, callback_data.order, callback_data.pos, uow)
    await state.set_state(OrderFollowUp.qty)
    await state.set_data({"order": callback_data.order, "pos": p.id})
    text = texts("my-order-ask-qty", no=p.line_no, model=p.model, qty=p.qty, unit=p.unit)
    await reply.answer(views.ask_with_cancel(texts, text))


async def on_cancel(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    found = await my_orders.check_order_open(actor, callback_data.order, uow)
    await reply.answer(views.confirm_cancel(texts, callback_data.order, found))


async def on_cancel_confirmed(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    catalog_cache: CatalogCache,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    cmd = my_orders.CancelOrder(actor, callback_data.order)
    done = await my_orders.cancel_order(cmd, uow, clock, catalog_cache)
    key = "my-order-declined-done" if done.awaiting else "my-order-cancel-done"
    callback_reply.text = texts(key, number=done.number)
    await reply.answer(Rendered(callback_reply.text))


async def on_hand_over(
    query: CallbackQuery,
    callback_data: MyOrderCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    number = await my_orders.hand_over(actor, callback_data.order, uow, clock, calendar)
    callback_reply.text = texts("my-order-hand-over-done", number=number)
    await reply.answer(Rendered(callback_reply.text))


async def on_comment(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    order_id = int((await state.get_data())["order"])
    async with question_kept_on_typo(state):
        count = await order_comments.comment_order(
            order_comments.CommentOrder(actor, order_id, message.text or ""), uow, clock
        )
    await state.clear()
    await reply.answer(texts("my-order-comment-sent", count=count))


async def on_qty(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    data = await state.get_data()
    cmd = my_orders.ChangePosition(actor, int(data["order"]), int(data["pos"]), message.text or "")
    async with question_kept_on_typo(state):
        changed = await my_orders.change_position(cmd, uow, clock)
    await state.clear()
    await reply.answer(
        texts(
            "my-order-position-changed",
            number=changed.number,
            no=changed.line_no,
            old=changed.old_qty,
            new=changed.new_qty,
        )
    )


def build_router() -> Router:
    router = Router(name="my_orders")
    router.message.filter(PRIVATE)
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.message.register(cmd_my, Command("my"))
    router.message.register(on_comment, StateFilter(OrderFollowUp.comment), PLAIN_TEXT)
    router.message.register(on_qty, StateFilter(OrderFollowUp.qty), PLAIN_TEXT)
    router.message.register(on_file, StateFilter(OrderFollowUp.file), F.photo | F.document)
    router.message.register(on_not_a_file, StateFilter(OrderFollowUp.file), NOT_A_COMMAND)
    on_press = router.callback_query.register
    on_press(on_open, MyOrderCb.filter(F.a == MyOrderAction.OPEN))
    on_press(on_change, MyOrderCb.filter(F.a == MyOrderAction.CHANGE))
    on_press(on_position, MyOrderCb.filter(F.a == MyOrderAction.POSITION))
    on_press(on_cancel, MyOrderCb.filter(F.a == MyOrderAction.CANCEL))
    on_press(on_cancel_confirmed, MyOrderCb.filter(F.a == MyOrderAction.CANCEL_CONFIRMED))
    on_press(on_hand_over, MyOrderCb.filter(F.a == MyOrderAction.HAND_OVER))
    on_press(on_follow_up_button, MyOrderCb.filter(F.a.in_(_FOLLOW_UPS)))
    return router
