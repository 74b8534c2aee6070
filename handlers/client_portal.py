"""Clients in Telegram: sharing a phone, the head's decision, requests and answers, /forget."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.roles import Actor, Role
from bot.middlewares.callbacks import CallbackReply
from bot.services.client_portal import registration as client_portal
from bot.services.client_portal import requests as client_requests
from bot.services.client_portal.requests import Content, Payload
from bot.texts import Texts
from bot.views import client_portal as views
from bot.views.callbacks import ForgetCb, RegistrationCb, RequestCb
from bot.views.rendered import Rendered, cancel_row, keyboard
from handlers.new_client import NewClient
from storage.uow import UnitOfWork

NOT_A_COMMAND = ~F.text.startswith("/")
CONTENT = F.text | F.photo | F.document


class AnswerRequest(StatesGroup):
    text = State()


class LinkSearch(StatesGroup):
    query = State()


def is_client(_: object, actor: Actor | None = None) -> bool:
    """Routes a client's free messages to the portal (the services still check the role)."""
    return actor is not None and actor.role is Role.CLIENT


def payload_of(message: Message) -> Payload:
    if message.photo:
        return Payload(Content.PHOTO, message.caption, message.photo[-1].file_id)
    if message.document:
        document = message.document
        return Payload(Content.DOCUMENT, message.caption, document.file_id, document.file_name)
    return Payload(Content.TEXT, message.text)


async def _reply(query: CallbackQuery, rendered: Rendered) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(rendered.text, reply_markup=rendered.reply_markup)


# --- registration -------------------------------------------------------------------------


async def on_contact(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    assert message.from_user is not None
    assert message.contact is not None
    user, contact = message.from_user, message.contact
    result = await client_portal.register_by_contact(
        actor,
        client_portal.ShareContact(
            user.id, user.full_name, user.username, contact.user_id, contact.phone_number
        ),
        uow,
        clock,
    )
    text, markup = views.registration_answer(texts, result)
    await message.answer(text, reply_markup=markup)


async def on_registration(
    query: CallbackQuery,
    callback_data: RegistrationCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    callback_reply: CallbackReply,
) -> None:
    rid = callback_data.request
    if callback_data.action == "link":
        await client_portal.pending_request(actor, rid, uow)
        await state.set_state(LinkSearch.query)
        await state.set_data({"registration": rid})
        text = texts("registration-ask-query", id=str(rid))
        await _reply(query, Rendered(text, keyboard([cancel_row(texts)])))
    elif callback_data.action == "new":
        await client_portal.pending_request(actor, rid, uow)
        await state.set_state(NewClient.name)
        await state.set_data({"registration": rid})
        await _reply(query, Rendered(texts("new-ask-name"), keyboard([cancel_row(texts)])))
    elif callback_data.action == "pick":
        await state.clear()
        try:
            cp = await client_portal.link_registration(
                client_portal.LinkRegistration(actor, rid, callback_data.cp), uow, clock
            )
        except InvalidTransition as decided:  # another head was first: the search ends here
            callback_reply.text = texts(decided.key, **decided.params)
            callback_reply.show_alert = True
            return
        callback_reply.text = texts("registration-linked", counterparty=cp.name)
        await _reply(query, Rendered(callback_reply.text))
    elif callback_data.action == "decline":
        await client_portal.decline_registration(actor, rid, uow, clock)
        callback_reply.text = texts("registration-declined", id=str(rid))
        await _reply(query, Rendered(callback_reply.text))
    else:
        raise InvalidInput()


async def on_link_query(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, state: FSMContext
) -> None:
    rid = int((await state.get_data())["registration"])
    try:
        request, found = await client_portal.search_for_link(actor, rid, message.text or "", uow)
    except InvalidTransition as decided:
        await state.clear()  # another head decided it meanwhile: leave the search (and commit)
        await message.answer(texts(decided.key, **decided.params))
        return
    rendered = views.link_candidates(texts, request.id, request.full_name, found)
    await message.answer(rendered.text, reply_markup=rendered.reply_markup)


# --- requests -----------------------------------------------------------------------------


async def on_client_message(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    filed = await client_requests.file_request(
        client_requests.FileRequest(actor, payload_of(message), message.message_id), uow, clock
    )
    await message.answer(views.request_filed(texts, filed))


async def on_answer_button(
    query: CallbackQuery,
    callback_data: RequestCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
) -> None:
    request = await client_requests.begin_answer(actor, callback_data.request, uow)
    await state.set_state(AnswerRequest.text)
    await state.set_data({"request": request.id})
    await _reply(query, views.answer_prompt(texts, request.id))


async def on_answer(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
) -> None:
    rid = int((await state.get_data())["request"])
    answered = await client_requests.answer_request(
        client_requests.AnswerRequest(actor, rid, payload_of(message)), uow, clock
    )
    await state.clear()
    await message.answer(texts("request-answered", id=str(answered.request_id)))


async def on_reply(
    message: Message, actor: Actor, uow: UnitOfWork, clock: Clock, texts: Texts
) -> None:
    """A staff member replied to a message of the bot: an answer if it was a relayed request."""
    assert message.reply_to_message is not None
    answered = await client_requests.answer_by_reply(
        actor,
        message.chat.id,
        message.reply_to_message.message_id,
        payload_of(message),
        uow,
        clock,
    )
    if answered is None:
        raise SkipHandler
    await message.answer(texts("request-answered", id=str(answered.request_id)))


# --- /forget ------------------------------------------------------------------------------


async def cmd_forget(message: Message, actor: Actor, texts: Texts) -> None:
    client_portal.require_client(actor)
    rendered = views.forget_confirm(texts)
    await message.answer(rendered.text, reply_markup=rendered.reply_markup)


async def on_forget(
    query: CallbackQuery,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
) -> None:
    await client_portal.forget(actor, uow, clock)
    await state.clear()
    await _reply(query, Rendered(texts("forget-done")))


def build_router() -> Router:
    router = Router(name="client_portal")
    router.message.filter(F.chat.type == "private")
    router.message.register(on_contact, F.contact)
    router.message.register(cmd_forget, Command("forget"))
    router.message.register(on_link_query, StateFilter(LinkSearch.query), F.text, NOT_A_COMMAND)
    router.message.register(on_answer, StateFilter(AnswerRequest.text), CONTENT, NOT_A_COMMAND)
    router.message.register(
        on_client_message, is_client, StateFilter(None), CONTENT, NOT_A_COMMAND
    )
    router.message.register(
        on_reply, F.reply_to_message, StateFilter(None), CONTENT, NOT_A_COMMAND
    )
    router.callback_query.register(on_registration, RegistrationCb.filter())
    router.callback_query.register(on_answer_button, RequestCb.filter())
    router.callback_query.register(on_forget, ForgetCb.filter())
    return router
