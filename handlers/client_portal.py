"""Clients in Telegram: sharing a phone, the head's decision, requests and answers, /forget.
(A head creating the applicant's card goes through /newclient's dialogue: new_client.py.)"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.client_portal.requests import Content, Payload
from bot.domain.errors import InvalidTransition
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.client_portal import decisions, forget, registration
from bot.services.client_portal import requests as client_requests
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import client_portal as views
from bot.views.callbacks import ForgetCb, RegistrationAction, RegistrationCb, RequestCb
from handlers.filters import CONTENT, NOT_A_COMMAND, PLAIN_TEXT, PRIVATE, is_client
from storage.uow import UnitOfWork


class AnswerRequest(StatesGroup):
    text = State()


class LinkSearch(StatesGroup):
    query = State()


def payload_of(message: Message) -> Payload:
    if message.photo:
        return Payload(Content.PHOTO, message.caption, message.photo[-1].file_id)
    if message.document:
        document = message.document
        return Payload(Content.DOCUMENT, message.caption, document.file_id, document.file_name)
    return Payload(Content.TEXT, message.text)


# --- registration -------------------------------------------------------------------------


async def on_contact(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    assert message.from_user is not None
    assert message.contact is not None
    user, contact = message.from_user, message.contact
    cmd = registration.ShareContact(
        actor, user.id, user.full_name, user.username, contact.user_id, contact.phone_number
    )
    result = await registration.register_by_contact(cmd, uow, clock)
    text, no_keyboard = views.registration_answer(texts, result)
    await reply.answer(text, keyboard=no_keyboard)


async def on_link_start(
    query: CallbackQuery,
    callback_data: RegistrationCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    """«Найти клиента»: the head searches for the applicant's counterparty."""
    rid = callback_data.request
    await decisions.pending_request(actor, rid, uow)
    await state.set_state(LinkSearch.query)
    await state.set_data({"registration": rid})
    await reply.answer(views.link_query_prompt(texts, rid))


async def on_link_pick(
    query: CallbackQuery,
    callback_data: RegistrationCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    await state.clear()
    cmd = decisions.LinkRegistration(actor, callback_data.request, callback_data.cp)
    try:
        cp = await decisions.link_registration(cmd, uow, clock)
    except InvalidTransition as decided:  # another head was first: the search ends here
        callback_reply.text = texts(decided.key, **decided.params)
        callback_reply.show_alert = True
        return
    callback_reply.text = texts("registration-linked", counterparty=cp.name)
    await reply.answer(callback_reply.text)


async def on_decline(
    query: CallbackQuery,
    callback_data: RegistrationCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    rid = callback_data.request
    await decisions.decline_registration(actor, rid, uow, clock)
    callback_reply.text = texts("registration-declined", id=str(rid))
    await reply.answer(callback_reply.text)


async def on_link_query(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    rid = int((await state.get_data())["registration"])
    try:
        request, found = await decisions.search_for_link(actor, rid, message.text or "", uow)
    except InvalidTransition as decided:
        await state.clear()  # another head decided it meanwhile: leave the search (and commit)
        await reply.answer(texts(decided.key, **decided.params))
        return
    await reply.answer(views.link_candidates(texts, request.id, request.full_name, found))


# --- requests -----------------------------------------------------------------------------


async def on_client_message(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    cmd = client_requests.FileRequest(actor, payload_of(message), message.message_id)
    filed = await client_requests.file_request(cmd, uow, clock)
    await reply.answer(views.request_filed(texts, filed))


async def on_answer_button(
    query: CallbackQuery,
    callback_data: RequestCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    request = await client_requests.begin_answer(actor, callback_data.request, uow)
    await state.set_state(AnswerRequest.text)
    await state.set_data({"request": request.id})
    await reply.answer(views.answer_prompt(texts, request.id))


async def on_answer(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    rid = int((await state.get_data())["request"])
    cmd = client_requests.AnswerRequest(actor, rid, payload_of(message))
    answered = await client_requests.answer_request(cmd, uow, clock)
    await state.clear()
    await reply.answer(texts("request-answered", id=str(answered.request_id)))


async def on_reply(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts, reply: Replies
) -> None:
    """A staff member replied to a message of the bot: an answer if it was a relayed request."""
    assert message.reply_to_message is not None
    replied = message.reply_to_message.message_id
    cmd = client_requests.AnswerByReply(actor, message.chat.id, replied, payload_of(message))
    answered = await client_requests.answer_by_reply(cmd, uow, clock)
    if answered is None:
        raise SkipHandler
    await reply.answer(texts("request-answered", id=str(answered.request_id)))


# --- /forget ------------------------------------------------------------------------------


async def cmd_forget(message: Message, actor: Actor, texts: Texts, reply: Replies) -> None:
    forget.require_client(actor)
    await reply.answer(views.forget_confirm(texts))


async def on_forget(
    query: CallbackQuery,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    await forget.forget(actor, uow, clock)
    await state.clear()
    await reply.answer(texts("forget-done"))


def build_router() -> Router:
    router = Router(name="client_portal")
    router.message.filter(PRIVATE)
    router.message.register(on_contact, F.contact)
    router.message.register(cmd_forget, Command("forget"))
    router.message.register(on_link_query, StateFilter(LinkSearch.query), PLAIN_TEXT)
    router.message.register(on_answer, StateFilter(AnswerRequest.text), CONTENT, NOT_A_COMMAND)
    router.message.register(
        on_client_message, is_client, StateFilter(None), CONTENT, NOT_A_COMMAND
    )
    router.message.register(
        on_reply, F.reply_to_message, StateFilter(None), CONTENT, NOT_A_COMMAND
    )
    decision = RegistrationCb.filter
    router.callback_query.register(on_link_start, decision(F.action == RegistrationAction.LINK))
    router.callback_query.register(on_link_pick, decision(F.action == RegistrationAction.PICK))
    router.callback_query.register(on_decline, decision(F.action == RegistrationAction.DECLINE))
    router.callback_query.register(on_answer_button, RequestCb.filter())
    router.callback_query.register(on_forget, ForgetCb.filter())
    return router
