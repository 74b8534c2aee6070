"""Claims: /claim (a client, or staff for a client), the card's buttons, the client's answer
to a question (a reply to the bot's question, matched before the client-request handler),
the rating, /claims, and a client's /my (their orders and claims)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.claims.rules import (
    MAX_FILES,
    AttachmentKind,
    Channel,
    FileRef,
    Resolution,
    check_description,
    check_file,
)
from bot.domain.client_portal.requests import Content, Payload
from bot.domain.company import CompanyConfig
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor, Role
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.claims import filing, listing, working
from bot.services.client_portal import requests as client_requests
from bot.services.counterparties.directory import find_counterparties
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import claims as views
from bot.views import client_portal as portal_views
from bot.views.callbacks import ClaimAction, ClaimCb, ClaimFileAction, ClaimFileCb
from bot.views.rendered import Rendered, button, cancel_row, keyboard
from handlers.filters import NOT_A_COMMAND, PLAIN_TEXT, PRIVATE, is_client
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


class ClaimForm(StatesGroup):
    client = State()  # staff: which client
    target = State()  # which order (buttons)
    kind = State()  # which kind (buttons)
    description = State()
    files = State()
    confirm = State()


class ClaimWork(StatesGroup):
    question = State()  # data: claim
    comment = State()  # data: claim, resolution, remedy, culprit
    rating_comment = State()  # data: claim


def file_ref(message: Message) -> FileRef | None:
    group = message.media_group_id
    if message.photo:
        p = message.photo[-1]
        return FileRef(AttachmentKind.PHOTO, p.file_id, p.file_unique_id, None, p.file_size, group)
    if message.video:
        v = message.video
        return FileRef(
            AttachmentKind.VIDEO, v.file_id, v.file_unique_id, v.file_name, v.file_size, group
        )
    if message.document:
        d = message.document
        return FileRef(
            AttachmentKind.DOCUMENT, d.file_id, d.file_unique_id, d.file_name, d.file_size, group
        )
    return None


def _is_staff(actor: Actor) -> bool:
    return actor.role is not None and actor.role is not Role.CLIENT


# --- filing -------------------------------------------------------------------------------


async def cmd_claim(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, state: FSMContext,
    reply: Replies,
) -> None:  # fmt: skip
    await state.clear()
    if actor.role is Role.CLIENT:
        orders = await filing.order_choices(actor, uow)
        await state.set_state(ClaimForm.target)
        await state.set_data({"files": []})
        await reply.answer(views.pick_target(texts, orders))
        return
    if not filing.may_file_for_clients(actor):
        raise InvalidInput("error-forbidden")
    await state.set_state(ClaimForm.client)
    await state.set_data({"files": []})
    await reply.answer(Rendered(texts("claim-staff-pick-client"), keyboard([cancel_row(texts)])))


async def on_client_query(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    found = await find_counterparties(actor, message.text or "", uow)
    if not found:
        await reply.answer(texts("claim-staff-no-client"))
        return
    rows = [[button(cp.name, ClaimFileCb(a=ClaimFileAction.CLIENT, arg=str(cp.id)).pack())]
            for cp in found]  # fmt: skip
    rows.append(cancel_row(texts))
    await reply.answer(Rendered(texts("claim-staff-pick-client"), keyboard(rows)))


async def on_pick_client(
    query: CallbackQuery, callback_data: ClaimFileCb, texts: Texts, state: FSMContext,
    reply: Replies,
) -> None:  # fmt: skip
    await state.update_data(client=int(callback_data.arg))
    await reply.answer(views.pick_channel(texts))


async def on_pick_channel(
    query: CallbackQuery, callback_data: ClaimFileCb, actor: Actor, uow: UnitOfWork,
    texts: Texts, state: FSMContext, reply: Replies,
) -> None:  # fmt: skip
    data = await state.get_data()
    Channel(callback_data.arg)  # a value no member has does not get here (the filter)
    orders = await filing.order_choices(actor, uow, data.get("client"))
    await state.update_data(channel=callback_data.arg)
    await state.set_state(ClaimForm.target)
    await reply.answer(views.pick_target(texts, orders))


async def on_pick_order(
    query: CallbackQuery, callback_data: ClaimFileCb, actor: Actor, uow: UnitOfWork,
    texts: Texts, state: FSMContext, company: CompanyConfig, reply: Replies,
) -> None:  # fmt: skip
    data = await state.get_data()
    order = await filing.check_order(actor, uow, int(callback_data.arg), data.get("client"))
    await state.update_data(order=order.id, order_number=order.number)
    await state.set_state(ClaimForm.kind)
    await reply.answer(views.pick_kind(texts, company.claims))


async def on_pick_other(
    query: CallbackQuery, texts: Texts, state: FSMContext, company: CompanyConfig,
    reply: Replies,
) -> None:  # fmt: skip
    await state.update_data(order=None, order_number=None)
    await state.set_state(ClaimForm.kind)
    await reply.answer(views.pick_kind(texts, company.claims))


async def on_pick_kind(
    query: CallbackQuery, callback_data: ClaimFileCb, actor: Actor, texts: Texts,
    state: FSMContext, company: CompanyConfig, reply: Replies,
) -> None:  # fmt: skip
    try:
        company.claims.category(callback_data.arg)
    except KeyError:
        raise InvalidInput("claim-bad-kind") from None
    await state.update_data(kind=callback_data.arg)
    await state.set_state(ClaimForm.description)
    await reply.answer(views.ask_description(texts, client=actor.role is Role.CLIENT))


async def on_description(
    message: Message, texts: Texts, state: FSMContext, reply: Replies
) -> None:
    ref = file_ref(message)
    description = check_description(message.text or message.caption)
    data = await state.get_data()
    files = list(data.get("files") or [])
    if ref is not None:
        check_file(ref, len(files))
        files.append(ref.to_json())
    await state.update_data(description=description, files=files)
    await state.set_state(ClaimForm.files)
    await reply.answer(views.ask_files(texts, len(files) if files else None))


async def on_file(message: Message, texts: Texts, state: FSMContext, reply: Replies) -> None:
    ref = file_ref(message)
    assert ref is not None
    data = await state.get_data()
    files = list(data.get("files") or [])
    groups = list(data.get("groups") or [])
    told = ref.media_group_id is not None and ref.media_group_id in groups
    check_file(ref, 0)  # its size first
    if len(files) >= MAX_FILES:
        warned = list(data.get("warned") or [])
        if ref.media_group_id is not None and ref.media_group_id in warned:
            return  # one answer to an album, not one per photo
        if ref.media_group_id is not None:
            await state.update_data(warned=[*warned, ref.media_group_id])
        await reply.answer(texts("claim-too-many-files", limit=MAX_FILES))
        return
    check_file(ref, len(files))
    files.append(ref.to_json())
    if ref.media_group_id is not None and not told:
        groups.append(ref.media_group_id)
    await state.update_data(files=files, groups=groups)
    if not told:
        await reply.answer(views.ask_files(texts, len(files)))


async def on_not_a_file(message: Message, texts: Texts, reply: Replies) -> None:
    await reply.answer(views.ask_files(texts, None).text)


async def on_files_done(
    query: CallbackQuery, actor: Actor, texts: Texts, state: FSMContext,
    company: CompanyConfig, reply: Replies,
) -> None:  # fmt: skip
    data = await state.get_data()
    if "description" not in data or "kind" not in data:
        await state.clear()
        raise InvalidInput("claim-dialogue-expired")
    await state.set_state(ClaimForm.confirm)
    rendered = views.confirm(
        texts, company.claims, data.get("order_number"), str(data["kind"]),
        str(data["description"]), len(data.get("files") or []),
        client=actor.role is Role.CLIENT,
    )  # fmt: skip
    await reply.answer(rendered)


async def on_confirm(
    query: CallbackQuery, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    state: FSMContext, company: CompanyConfig, calendar: WorkCalendar,
    callback_reply: CallbackReply, reply: Replies,
) -> None:  # fmt: skip
    data = await state.get_data()
    if "description" not in data or "kind" not in data:
        await state.clear()
        raise InvalidInput("claim-dialogue-expired")
    cmd = filing.FileClaim(
        actor,
        category=str(data["kind"]),
        description=str(data["description"]),
        order_id=data.get("order"),
        files=[FileRef.from_json(f) for f in data.get("files") or []],
        counterparty_id=data.get("client"),
        channel=Channel(data.get("channel") or Channel.TELEGRAM.value),
    )
    done = await filing.file_claim(cmd, uow, clock, company.claims, calendar)
    await state.clear()
    await reply.drop_buttons()
    if actor.role is Role.CLIENT:
        await reply.answer(
            views.filed(texts, done.number, done.department, done.accept_by, done.decide_by,
                        calendar.zone)
        )  # fmt: skip
    else:
        await reply.answer(texts("claim-filed-staff", number=done.number,
                                 client=done.client,
                                 department=done.department))  # fmt: skip
    callback_reply.text = done.number


async def on_to_request(
    query: CallbackQuery, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    state: FSMContext, reply: Replies,
) -> None:  # fmt: skip
    """Not a claim but a question: it goes to the manager as an ordinary request."""
    data = await state.get_data()
    await state.clear()
    description = data.get("description")
    if not description:
        await reply.answer(texts("claim-ask-question-instead"))
        return
    cmd = client_requests.FileRequest(actor, Payload(Content.TEXT, str(description)))
    filed = await client_requests.file_request(cmd, uow, clock)
    await reply.answer(texts("claim-turned-to-request") + "\n" +
                       portal_views.request_filed(texts, filed))  # fmt: skip


# --- the card -----------------------------------------------------------------------------


async def on_accept(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, clock: Clock,
    texts: Texts, calendar: WorkCalendar, callback_reply: CallbackReply,
) -> None:  # fmt: skip
    claim = await working.accept(actor, callback_data.claim, uow, clock, calendar)
    callback_reply.text = texts("claim-accepted", number=claim.number)


async def on_ask(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, texts: Texts,
    state: FSMContext, reply: Replies,
) -> None:  # fmt: skip
    claim = await working.check_worker(actor, callback_data.claim, uow)
    await state.set_state(ClaimWork.question)
    await state.set_data({"claim": claim.id})
    await reply.answer(views.ask_text(texts, "claim-ask-question", claim.number))


async def on_question(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    state: FSMContext, calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    claim_id = int((await state.get_data())["claim"])
    claim = await working.ask(actor, claim_id, message.text or "", uow, clock, calendar)
    await state.clear()
    await reply.answer(texts("claim-asked", number=claim.number))


async def on_decide(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, texts: Texts,
    state: FSMContext, company: CompanyConfig, reply: Replies,
) -> None:  # fmt: skip
    claim = await working.check_worker(actor, callback_data.claim, uow)
    if not callback_data.arg:
        await reply.answer(views.pick_resolution(texts, claim.id, claim.number))
        return
    resolution = _resolution(callback_data.arg)
    if resolution is Resolution.REJECTED:
        await _ask_comment(claim.id, claim.number, {"resolution": resolution.value}, texts,
                           state, reply)  # fmt: skip
        return
    await reply.answer(
        views.pick_remedy(texts, company.claims, claim.id, claim.number, resolution.value)
    )


async def on_remedy(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, texts: Texts,
    company: CompanyConfig, reply: Replies,
) -> None:  # fmt: skip
    claim = await working.check_worker(actor, callback_data.claim, uow)
    departments = [(d.id, d.title) for d in company.departments if d.id != "sales"]
    await reply.answer(
        views.pick_culprit(texts, departments, claim.id, claim.number, callback_data.arg)
    )


async def on_culprit(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, texts: Texts,
    state: FSMContext, reply: Replies,
) -> None:  # fmt: skip
    claim = await working.check_worker(actor, callback_data.claim, uow)
    parts = callback_data.arg.split("/")
    if len(parts) != 3:  # noqa: PLR2004 - resolution:remedy:culprit
        raise InvalidInput("claim-bad-culprit")
    resolution, remedy, culprit = parts
    _resolution(resolution)
    data = {"resolution": resolution, "remedy": remedy, "culprit": culprit}
    await _ask_comment(claim.id, claim.number, data, texts, state, reply)


def _resolution(value: str) -> Resolution:
    try:
        return Resolution(value)
    except ValueError:
        raise InvalidInput("claim-dialogue-expired") from None


async def _ask_comment(
    claim_id: int, number: str, data: dict[str, Any], texts: Texts, state: FSMContext,
    reply: Replies,
) -> None:  # fmt: skip
    await state.set_state(ClaimWork.comment)
    await state.set_data({"claim": claim_id, **data})
    await reply.answer(views.ask_text(texts, "claim-ask-comment", number))


async def on_comment(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    state: FSMContext, company: CompanyConfig, calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    data = await state.get_data()
    resolution = _resolution(str(data.get("resolution")))
    cmd = working.Decide(
        actor, int(data["claim"]), resolution, message.text or "",
        remedy=data.get("remedy"), culprit=data.get("culprit"),
    )  # fmt: skip
    claim = await working.decide(cmd, uow, clock, company.claims, calendar)
    await state.clear()
    await reply.answer(texts("claim-decided", number=claim.number))


async def on_close(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, clock: Clock,
    texts: Texts, calendar: WorkCalendar, callback_reply: CallbackReply,
) -> None:  # fmt: skip
    claim = await working.close(actor, callback_data.claim, uow, clock, calendar)
    callback_reply.text = texts("claim-closed", number=claim.number)


async def on_open(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, clock: Clock,
    texts: Texts, calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    assert query.message is not None
    params = await listing.claim_card(
        actor, callback_data.claim, uow, calendar, clock.now(), query.message.chat.id
    )
    await reply.answer(views.claim_card_for_viewer(texts, params))


# --- the client: answers and the rating ---------------------------------------------------


async def on_client_reply(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    """A reply to the bot's question about a claim; anything else goes on (SkipHandler)."""
    assert message.reply_to_message is not None
    ref = file_ref(message)
    cmd = working.ClientAnswer(
        actor,
        message.text or message.caption,
        files=[ref] if ref else [],
        chat_id=message.chat.id,
        replied_message_id=message.reply_to_message.message_id,
    )
    claim = await working.answer(cmd, uow, clock, calendar)
    if claim is None:
        raise SkipHandler
    if message.media_group_id is None or message.caption:
        await reply.answer(texts("claim-client-answer-taken", number=claim.number))


async def on_rate(
    query: CallbackQuery, callback_data: ClaimCb, actor: Actor, uow: UnitOfWork, clock: Clock,
    texts: Texts, state: FSMContext, calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    if not callback_data.arg.isdigit():
        raise InvalidInput("claim-bad-rating")
    claim = await working.rate(actor, callback_data.claim, int(callback_data.arg), uow, clock,
                               calendar)  # fmt: skip
    await reply.drop_buttons()
    await state.set_state(ClaimWork.rating_comment)
    await state.set_data({"claim": claim.id})
    await reply.answer(texts("claim-client-rated"))


async def on_rating_comment(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    state: FSMContext, calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    claim_id = int((await state.get_data())["claim"])
    await working.rating_comment(actor, claim_id, message.text or "", uow, clock, calendar)
    await state.clear()
    await reply.answer(texts("claim-client-rating-comment-saved"))


# --- lists --------------------------------------------------------------------------------


async def cmd_my_client(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, calendar: WorkCalendar,
    reply: Replies,
) -> None:  # fmt: skip
    overview = await listing.client_overview(actor, uow)
    await reply.answer(views.client_overview(texts, overview, calendar.zone))


async def cmd_claims(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts,
    calendar: WorkCalendar, reply: Replies,
) -> None:  # fmt: skip
    now = clock.now()
    found = await listing.open_claims(actor, uow, calendar, now)
    await reply.answer(views.open_claims(texts, found, now))


def build_router() -> Router:
    router = Router(name="claims")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    msg = router.message.register
    files = F.photo | F.video | F.document
    claim_word = F.text.lower() == "претензия"
    msg(cmd_claim, PRIVATE, Command("claim"))
    msg(cmd_claim, PRIVATE, is_client, claim_word)
    msg(cmd_my_client, PRIVATE, is_client, Command("my"))
    msg(cmd_claims, PRIVATE, Command("claims"))
    msg(on_client_query, PRIVATE, StateFilter(ClaimForm.client), PLAIN_TEXT)
    msg(on_description, PRIVATE, StateFilter(ClaimForm.description), PLAIN_TEXT | files)
    msg(on_file, PRIVATE, StateFilter(ClaimForm.files), files)
    msg(on_not_a_file, PRIVATE, StateFilter(ClaimForm.files), NOT_A_COMMAND)
    msg(on_question, StateFilter(ClaimWork.question), PLAIN_TEXT)
    msg(on_comment, StateFilter(ClaimWork.comment), PLAIN_TEXT)
    msg(on_rating_comment, PRIVATE, StateFilter(ClaimWork.rating_comment), PLAIN_TEXT)
    msg(on_client_reply, PRIVATE, is_client, StateFilter(None), F.reply_to_message,
        F.text | files, NOT_A_COMMAND)  # fmt: skip
    press = router.callback_query.register
    step = ClaimFileCb.filter
    press(on_pick_client, StateFilter(ClaimForm.client), step(F.a == ClaimFileAction.CLIENT))
    press(on_pick_channel, StateFilter(ClaimForm.client), step(F.a == ClaimFileAction.CHANNEL))
    press(on_pick_order, StateFilter(ClaimForm.target), step(F.a == ClaimFileAction.ORDER))
    press(on_pick_other, StateFilter(ClaimForm.target), step(F.a == ClaimFileAction.OTHER))
    press(on_pick_kind, StateFilter(ClaimForm.kind), step(F.a == ClaimFileAction.KIND))
    press(on_files_done, StateFilter(ClaimForm.files), step(F.a == ClaimFileAction.DONE))
    press(on_confirm, StateFilter(ClaimForm.confirm), step(F.a == ClaimFileAction.CONFIRM))
    press(on_to_request, is_client, step(F.a == ClaimFileAction.TO_REQUEST))
    card = ClaimCb.filter
    press(on_accept, card(F.a == ClaimAction.ACCEPT))
    press(on_ask, card(F.a == ClaimAction.ASK))
    press(on_decide, card(F.a == ClaimAction.DECIDE))
    press(on_remedy, card(F.a == ClaimAction.REMEDY))
    press(on_culprit, card(F.a == ClaimAction.CULPRIT))
    press(on_close, card(F.a == ClaimAction.CLOSE))
    press(on_open, card(F.a == ClaimAction.OPEN))
    press(on_rate, card(F.a == ClaimAction.RATE))
    return router
