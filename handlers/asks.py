"""Managers' requests to departments: /ask and «Запрос в отдел» on a card (question, files,
department), the card's buttons in the department's chat and the text they ask for, a reply
to the card (an answer), the manager's buttons on the answer, /requests; /my shows the
manager's open ones beside the orders."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.asks.rules import DEPARTMENT_SIDE, AskAction, AskSettings
from bot.domain.company import CompanyConfig
from bot.domain.orders.draft import to_data
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.asks import intake, lists, manager, work
from bot.services.asks.cards import AskFile
from bot.services.catalog import CatalogCache
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import asks as views
from bot.views import orders as order_views
from bot.views.callbacks import AskCb, AskDeptCb, AskStartCb
from handlers.filters import GROUPS, PLAIN_TEXT, PRIVATE
from handlers.questions import question_kept_on_typo
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

MAX_ALERT = 200
# the orders dialogue's state (handlers/orders.py OrderDialogue.draft): «Оформить заказ»
# opens the draft there, and the order dialogue answers the next press or text
ORDER_DIALOGUE_STATE = "OrderDialogue:draft"
TEXT_OR_FILE = PLAIN_TEXT | F.photo | F.document


class AskDialogue(StatesGroup):
    question = State()  # data: cp, order
    files = State()  # data: cp, order, question, files, groups


class AskInput(StatesGroup):
    value = State()  # data: r (the request), a (the action)


def _settings(company: CompanyConfig) -> AskSettings:
    return AskSettings.of(company.requests)


def _file_of(message: Message) -> AskFile | None:
    if message.photo:
        return AskFile("photo", message.photo[-1].file_id, message.media_group_id)
    if message.document:
        return AskFile("document", message.document.file_id, message.media_group_id)
    return None


def _files(data: dict[str, Any]) -> list[AskFile]:
    return [AskFile(f["kind"], f["file_id"], f.get("group")) for f in data.get("files", [])]


def _file_data(f: AskFile) -> dict[str, Any]:
    return {"kind": f.kind, "file_id": f.file_id, "group": f.media_group_id}


# --- asking -------------------------------------------------------------------------------


async def cmd_ask(
    message: Message,
    command: CommandObject,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    company: CompanyConfig,
    state: FSMContext,
    reply: Replies,
) -> None:
    links = await intake.begin_ask(intake.BeginAsk(actor), uow)
    await state.set_state(AskDialogue.question)
    await state.set_data({"cp": 0, "order": 0})
    if (command.args or "").strip():
        await _question(command.args or "", None, actor, uow, texts, company, state, reply)
        return
    await reply.answer(views.prompt(texts, links.client, links.order_number))


async def on_start_button(
    query: CallbackQuery,
    callback_data: AskStartCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    cmd = intake.BeginAsk(actor, callback_data.cp or None, callback_data.order or None)
    links = await intake.begin_ask(cmd, uow)
    await state.set_state(AskDialogue.question)
    await state.set_data({"cp": links.counterparty_id or 0, "order": links.order_id or 0})
    await reply.answer(views.prompt(texts, links.client, links.order_number))


async def on_question(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    company: CompanyConfig,
    state: FSMContext,
    reply: Replies,
) -> None:
    text = message.text or message.caption or ""
    await _question(text, _file_of(message), actor, uow, texts, company, state, reply)


async def _question(
    text: str,
    file: AskFile | None,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    company: CompanyConfig,
    state: FSMContext,
    reply: Replies,
) -> None:
    settings = _settings(company)
    suggestion = await intake.suggest(actor, text, settings, uow)
    data = await state.get_data()
    files = [_file_data(file)] if file is not None else []
    groups = [file.media_group_id] if file is not None and file.media_group_id else []
    await state.set_state(AskDialogue.files)
    await state.set_data(
        data | {"question": suggestion.question, "files": files, "groups": groups}
    )
    choices = [(d.id, d.title) for d in suggestion.departments]
    await reply.answer(
        views.departments(
            texts, suggestion.question, suggestion.suggested, choices, len(files),
            settings.max_files,
        )
    )  # fmt: skip


async def on_file(
    message: Message, texts: Texts, company: CompanyConfig, state: FSMContext, reply: Replies
) -> None:
    """A photo or file for the request; an album is one set (one reply for all of it)."""
    file = _file_of(message)
    if file is None:
        return
    data = await state.get_data()
    files, groups = list(data.get("files", [])), list(data.get("groups", []))
    seen_group = file.media_group_id is not None and file.media_group_id in groups
    if file.media_group_id is not None and not seen_group:
        groups.append(file.media_group_id)
    settings = _settings(company)
    if len(files) + 1 > settings.max_files:
        if not seen_group or not data.get("refused"):
            count = len(files) + 1
            await reply.answer(texts("ask-too-many-files", count=count, limit=settings.max_files))
        await state.set_data(data | {"groups": groups, "refused": True})
        return
    files.append(_file_data(file))
    await state.set_data(data | {"files": files, "groups": groups})
    if not seen_group:
        await reply.answer(views.file_added(texts, len(files)))


async def on_department(
    query: CallbackQuery,
    callback_data: AskDeptCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    company: CompanyConfig,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
    raw_state: str | None = None,
) -> None:
    if raw_state != AskDialogue.files.state:
        callback_reply.text, callback_reply.show_alert = texts("ask-not-in-dialogue"), True
        return
    data = await state.get_data()
    cmd = intake.SubmitAsk(
        actor=actor,
        department_id=callback_data.v,
        question=str(data.get("question", "")),
        files=_files(data),
        counterparty_id=int(data.get("cp") or 0) or None,
        order_id=int(data.get("order") or 0) or None,
    )
    done = await intake.submit_ask(cmd, uow, clock, calendar, _settings(company))
    await state.clear()
    await reply.drop_buttons()
    await reply.answer(views.submitted(texts, done.number, done.department, done.is_posted))


# --- the card's buttons and what they ask for ------------------------------------------


async def on_card_button(
    query: CallbackQuery,
    callback_data: AskCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    cmd = work.PressAsk(actor, callback_data.r, callback_data.a)
    result = await work.press_ask(cmd, uow, clock, calendar)
    await _after_press(result, texts, state, callback_reply, reply)


async def on_manager_button(
    query: CallbackQuery,
    callback_data: AskCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    company: CompanyConfig,
    catalog_cache: CatalogCache,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    cmd = work.PressAsk(actor, callback_data.r, callback_data.a)
    if callback_data.a is AskAction.OFFER:
        offer = await manager.make_offer(cmd, uow, clock, _settings(company))
        for rendered in views.offer(
            texts,
            number=offer.number,
            client=offer.client,
            item=offer.item,
            price_kopecks=offer.price_kopecks,
            base_kopecks=offer.base_kopecks,
            markup_percent=offer.markup_percent,
            term_days=offer.term_days,
        ):
            await reply.answer(rendered)
        return
    if callback_data.a is AskAction.ORDER:
        step = await manager.order_from_ask(cmd, uow, clock, catalog_cache)
        await state.set_state(ORDER_DIALOGUE_STATE)
        await state.set_data({"draft": to_data(step.draft)})
        callback_reply.text = texts("ask-order-started")[:MAX_ALERT]
        await reply.answer(order_views.first_screen(texts, step, catalog_cache.company))
        return
    result = await manager.press_manager(cmd, uow, clock)
    await _after_press(result, texts, state, callback_reply, reply)


async def _after_press(
    result: work.AskPressed,
    texts: Texts,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    if not result.needs_input:
        callback_reply.text = views.done(texts, result.action, result.number)
        return
    await state.set_state(AskInput.value)
    await state.set_data({"r": result.request_id, "a": result.action.value})
    prompt = views.input_prompt(texts, result.action, result.number)
    callback_reply.text = prompt.text[:MAX_ALERT]
    await reply.answer(prompt)


async def on_input(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    reply: Replies,
) -> None:
    data = await state.get_data()
    action = AskAction(data["a"])
    file = _file_of(message)
    cmd = work.TypedAsk(
        actor,
        int(data["r"]),
        action,
        message.text or message.caption or "",
        (file,) if file is not None else (),
    )
    async with question_kept_on_typo(state):
        if action in DEPARTMENT_SIDE:
            result = await work.submit_typed(cmd, uow, clock, calendar)
        else:
            result = await manager.submit_manager_text(cmd, uow, clock)
    await state.clear()
    await reply.answer(views.done(texts, result.action, result.number), quote=True)


async def on_card_reply(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    reply: Replies,
) -> None:
    """A reply to a request's card in the department's chat is its answer; a reply to any
    other message goes on to the task cards' router."""
    replied = message.reply_to_message
    if replied is None or replied.forum_topic_created:
        raise SkipHandler
    file = _file_of(message)
    cmd = work.CardReply(
        actor,
        message.chat.id,
        replied.message_id,
        message.text or message.caption or "",
        (file,) if file is not None else (),
    )
    result = await work.reply_to_card(cmd, uow, clock, calendar)
    if result is None:
        raise SkipHandler
    await reply.answer(views.done(texts, result.action, result.number), quote=True)


# --- lists --------------------------------------------------------------------------------


async def cmd_requests(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    lines = await lists.department_open_asks(actor, uow)
    await reply.answer(views.ask_list(texts, "ask-list-title", lines, clock.now()))


def build_router() -> Router:
    router = Router(name="asks")
    router.message.register(cmd_ask, Command("ask"), PRIVATE)
    router.message.register(cmd_requests, Command("requests"))
    router.callback_query.register(on_start_button, AskStartCb.filter())
    router.callback_query.register(on_department, AskDeptCb.filter())
    router.callback_query.register(on_card_button, AskCb.filter(F.a.in_(DEPARTMENT_SIDE)))
    router.callback_query.register(on_manager_button, AskCb.filter())
    router.message.register(on_question, StateFilter(AskDialogue.question), PRIVATE, TEXT_OR_FILE)
    router.message.register(on_file, StateFilter(AskDialogue.files), PRIVATE, F.photo | F.document)
    router.message.register(on_input, StateFilter(AskInput.value), TEXT_OR_FILE)
    router.message.register(
        on_card_reply, GROUPS, StateFilter(None), F.reply_to_message, TEXT_OR_FILE
    )
    return router
