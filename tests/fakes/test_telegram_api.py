"""Tests of the fake Bot API, mostly through a real aiogram Bot pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import SECRET_HEADER, FakeLimits, FakeTelegram, UploadedFile
from tests.fakes.telegram_client import RawApi, make_bot

TOKEN = "123456:TEST-token"


@pytest.fixture
def api_clock() -> FakeClock:
    """The fake API's clock (rate limits, Call.at): moves only when the test advances it."""
    return FakeClock()


@pytest.fixture
async def fake(api_clock: FakeClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN, clock=api_clock.monotonic) as fake:
        yield fake


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    bot = make_bot(fake)
    yield bot
    await bot.session.close()


@pytest.fixture
async def raw(fake: FakeTelegram) -> AsyncIterator[RawApi]:
    async with aiohttp.ClientSession() as session:
        yield RawApi(session, fake.base_url, fake.token)


SUPERGROUP = -1001234567890
GROUP = -4001234


def keyboard(*data: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=item, callback_data=item) for item in data]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


# ---- identity and routing --------------------------------------------------------------


async def test_get_me_returns_bot_identity_from_token(bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.is_bot, me.username, me.first_name) == (
        123456,
        True,
        "test_ops_bot",
        "Ops Bot",
    )
    assert me.can_join_groups is True
    assert me.supports_inline_queries is False


async def test_wrong_token_is_unauthorized(fake: FakeTelegram) -> None:
    stranger = make_bot(fake, token="654321:OTHER")

    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await stranger.get_me()
    await stranger.session.close()
    assert fake.calls[-1].status == 401


async def test_unknown_method_is_not_found(raw: RawApi) -> None:
    status, body = await raw.call("sendTelepathy", chat_id=1)

    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_method_names_ignore_case_and_json_bodies_are_accepted(
    fake: FakeTelegram, raw: RawApi
) -> None:
    status, body = await raw.call("SENDMESSAGE", json={"chat_id": 7, "text": "hi"})

    assert (status, body["result"]["text"]) == (200, "hi")
    assert fake.calls[-1].method == "sendMessage"


async def test_query_string_and_form_fields_are_decoded(fake: FakeTelegram, raw: RawApi) -> None:
    markup = '{"inline_keyboard": [[{"text": "a", "callback_data": "x"}]]}'
    url = f"{fake.base_url}/bot{fake.token}/sendMessage?chat_id=7"
    async with raw.session.post(url, data={"text": "123", "reply_markup": markup}) as response:
        assert response.status == 200

    params = fake.calls[-1].params
    assert params["chat_id"] == 7
    assert params["text"] == "123"
    assert params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "x"


# ---- messages --------------------------------------------------------------------------


async def test_message_ids_count_per_chat_shared_with_user_messages(
    fake: FakeTelegram, bot: Bot
) -> None:
    ann = fake.user(42, "Ann")
    fake.push_update(fake.private_message(ann, "/start"))

    first = await bot.send_message(42, "one")
    second = await bot.send_message(42, "two")
    other = await bot.send_message(43, "one")

    assert [first.message_id, second.message_id, other.message_id] == [2, 3, 1]
    assert first.chat.first_name == "Ann"
    assert fake.texts(42) == ["one", "two"]


async def test_sent_message_is_a_realistic_message_in_a_topic(
    fake: FakeTelegram, bot: Bot
) -> None:
    fake.make_forum(SUPERGROUP)
    topic = await bot.create_forum_topic(SUPERGROUP, "Orders")

    message = await bot.send_message(
        SUPERGROUP,
        "new order",
        message_thread_id=topic.message_thread_id,
        reply_markup=keyboard("ok"),
    )

    assert message.from_user is not None
    assert message.from_user.id == fake.bot_id
    assert message.chat.type == "supergroup"
    assert message.chat.is_forum is True
    assert (message.message_thread_id, message.is_topic_message) == (topic.message_thread_id, True)
    assert message.reply_markup is not None
    assert message.reply_markup.model_dump() == keyboard("ok").model_dump()
    assert fake.messages[SUPERGROUP][message.message_id].thread_id == topic.message_thread_id


async def test_html_text_becomes_plain_text_with_entities(bot: Bot) -> None:
    message = await bot.send_message(42, "<b>Заказ</b> &lt;1&gt;", parse_mode="HTML")

    assert message.text == "Заказ <1>"
    assert message.entities is not None
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 5)]


async def test_unsupported_html_tag_is_bad_request(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "foo"'):
        await bot.send_message(42, "client <foo> wrote", parse_mode="HTML")


async def test_edit_message_text_changes_message_in_place(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(42, "draft", reply_markup=keyboard("accept"))

    edited = await bot.edit_message_text(
        "accepted", chat_id=42, message_id=sent.message_id, reply_markup=keyboard("done")
    )

    assert isinstance(edited, Message)
    assert edited.edit_date is not None
    stored = fake.messages[42][sent.message_id]
    assert (stored.text, stored.reply_markup, stored.edits) == (
        "accepted",
        keyboard("done").model_dump(exclude_none=True),
        1,
    )


async def test_edit_with_same_text_and_markup_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(42, "same", reply_markup=keyboard("a"))

    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new message"):
        await bot.edit_message_text(
            "same", chat_id=42, message_id=sent.message_id, reply_markup=keyboard("a")
        )


async def test_edit_reply_markup_only_changes_the_keyboard(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(42, "pick", reply_markup=keyboard("a"))

    await bot.edit_message_reply_markup(chat_id=42, message_id=sent.message_id)

    assert fake.messages[42][sent.message_id].reply_markup is None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=42, message_id=sent.message_id)


async def test_edit_of_missing_message_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: message to edit not found"):
        await bot.edit_message_text("x", chat_id=42, message_id=99)


async def test_deleted_message_cannot_be_edited(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(42, "oops")

    assert await bot.delete_message(42, sent.message_id) is True
    assert fake.messages[42][sent.message_id].deleted is True
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("fixed", chat_id=42, message_id=sent.message_id)


async def test_text_longer_than_4096_is_too_long(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(42, "я" * 4096)

    with pytest.raises(TelegramBadRequest, match="Bad Request: message is too long"):
        await bot.send_message(43, "я" * 4097)
    assert len(fake.sent()) == 1


async def test_strict_chats_reject_chats_never_seen(fake: FakeTelegram, bot: Bot) -> None:
    fake.strict_chats = True
    fake.push_update(fake.private_message(fake.user(42), "hi"))

    await bot.send_message(42, "known")
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(43, "unknown")


async def test_documents_and_photos_return_file_objects(fake: FakeTelegram, bot: Bot) -> None:
    uploaded = await bot.send_document(
        42, BufferedInputFile(b"a;b\n", "orders.csv"), caption="csv"
    )
    assert uploaded.document is not None
    again = await bot.send_document(43, uploaded.document.file_id)
    photo = await bot.send_photo(42, "AgACAgIAAxkBAAIBfake")

    assert (uploaded.document.file_name, uploaded.document.file_size) == ("orders.csv", 4)
    assert again.document == uploaded.document
    assert photo.photo is not None
    assert photo.photo[-1].file_id == "AgACAgIAAxkBAAIBfake"
    upload = fake.sent(42, "sendDocument")[0].params["document"]
    assert upload == UploadedFile("orders.csv", upload.content_type, b"a;b\n")


async def test_copy_and_forward_repeat_the_source(fake: FakeTelegram, bot: Bot) -> None:
    source = await bot.send_message(42, "report")

    copied = await bot.copy_message(43, from_chat_id=42, message_id=source.message_id)
    forwarded = await bot.forward_message(44, from_chat_id=42, message_id=source.message_id)

    assert fake.messages[43][copied.message_id].text == "report"
    assert forwarded.text == "report"
    assert forwarded.forward_origin is not None
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(43, from_chat_id=42, message_id=77)


async def test_callback_carries_current_message_and_is_answered_once(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(42, "v1", reply_markup=keyboard("go"))
    await bot.edit_message_text("v2", chat_id=42, message_id=sent.message_id)
    update = fake.callback(fake.user(42), fake.sent(42)[0], "go")
    fake.push_update(update)
    query_id = update["callback_query"]["id"]

    parsed = Update.model_validate(update)
    assert parsed.callback_query is not None
    assert isinstance(parsed.callback_query.message, Message)
    assert parsed.callback_query.message.text == "v2"
    assert await bot.answer_callback_query(query_id, text="done") is True
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(query_id)


async def test_builders_produce_updates_aiogram_accepts(fake: FakeTelegram) -> None:
    ann = fake.user(42, "Ann", "ann")
    updates = [
        fake.private_message(ann, "/start@test_ops_bot now"),
        fake.group_message(ann, SUPERGROUP, "hello", thread_id=5, is_forum=True),
        fake.contact_message(ann, "+79990001122", contact_user_id=42),
    ]
    ids = [fake.push_update(update) for update in updates]

    parsed = [Update.model_validate(update) for update in updates]
    assert ids == [1, 2, 3]
    command, group, contact = (update.message for update in parsed)
    assert command is not None
    assert command.entities is not None
    assert (command.entities[0].type, command.entities[0].length) == ("bot_command", 19)
    assert group is not None
    assert (group.chat.is_forum, group.message_thread_id, group.is_topic_message) == (
        True,
        5,
        True,
    )
    assert contact is not None
    assert contact.contact is not None
    assert (contact.contact.phone_number, contact.contact.user_id) == ("+79990001122", 42)


async def test_chat_member_status_is_configurable(fake: FakeTelegram, bot: Bot) -> None:
    fake.set_member(GROUP, 7, "administrator")

    admin = await bot.get_chat_member(GROUP, 7)
    member = await bot.get_chat_member(GROUP, 8)

    assert (admin.status, member.status) == ("administrator", "member")


async def test_forum_topics_can_be_renamed_and_closed_once(fake: FakeTelegram, bot: Bot) -> None:
    fake.make_forum(SUPERGROUP)
    topic = await bot.create_forum_topic(SUPERGROUP, "Orders")

    assert await bot.edit_forum_topic(SUPERGROUP, topic.message_thread_id, name="Заказы")
    assert await bot.close_forum_topic(SUPERGROUP, topic.message_thread_id)
    assert fake.topics[(SUPERGROUP, topic.message_thread_id)].name == "Заказы"
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(SUPERGROUP, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(GROUP, "Orders")


async def test_chat_info_actions_and_menu_button(fake: FakeTelegram, bot: Bot) -> None:
    fake.make_forum(SUPERGROUP)

    chat = await bot.get_chat(SUPERGROUP)

    assert (chat.type, chat.is_forum) == ("supergroup", True)
    assert await bot.send_chat_action(42, "typing") is True
    assert await bot.set_chat_menu_button() is True
    assert [c.method for c in fake.calls if c.ok] == [
        "getChat",
        "sendChatAction",
        "setChatMenuButton",
    ]


async def test_callback_data_longer_than_64_bytes_is_rejected(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(42, "pick", reply_markup=keyboard("ж" * 33))


async def test_reply_to_missing_message_is_rejected(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(42, "re", reply_to_message_id=5)


async def test_commands_are_stored_per_scope(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")])

    commands = await bot.get_my_commands()

    assert [(c.command, c.description) for c in commands] == [("start", "Начать")]
    assert fake.get_commands() == [{"command": "start", "description": "Начать"}]
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == []


# ---- updates -----------------------------------------------------------------------------


async def test_offset_confirms_and_forgets_earlier_updates(fake: FakeTelegram, bot: Bot) -> None:
    ann = fake.user(42)
    for text in ("a", "b", "c"):
        fake.push_update(fake.private_message(ann, text))

    first = await bot.get_updates(limit=2)
    rest = await bot.get_updates(offset=first[-1].update_id + 1)

    assert [u.update_id for u in first] == [1, 2]
    assert [u.update_id for u in rest] == [3]
    assert fake.confirmed_offset == 3
    assert [u["update_id"] for u in fake.pending_updates] == [3]


async def test_long_poll_returns_when_update_is_pushed(fake: FakeTelegram, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_until_polling()

    fake.push_update(fake.private_message(fake.user(42), "/start"))
    updates = await asyncio.wait_for(poll, timeout=2)

    assert [u.message.text for u in updates if u.message] == ["/start"]


async def test_long_poll_without_updates_returns_empty_after_timeout(raw: RawApi) -> None:
    status, body = await raw.call("getUpdates", timeout=0.05)

    assert (status, body) == (200, {"ok": True, "result": []})


async def test_second_concurrent_poll_is_a_conflict(fake: FakeTelegram, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.wait_until_polling()

    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await bot.get_updates(timeout=10)
    fake.push_update(fake.private_message(fake.user(42), "hi"))
    assert len(await asyncio.wait_for(first, timeout=2)) == 1


async def test_get_updates_while_webhook_is_set_is_a_conflict(bot: Bot) -> None:
    await bot.set_webhook("http://127.0.0.1:9/hook")

    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook"):
        await bot.get_updates()


async def test_allowed_updates_filter_what_polling_returns(fake: FakeTelegram, bot: Bot) -> None:
    ann = fake.user(42)
    fake.push_update(fake.private_message(ann, "text"))
    sent = await bot.send_message(42, "menu")
    fake.push_update(fake.callback(ann, sent.model_dump(), "x"))

    updates = await bot.get_updates(allowed_updates=["callback_query"])

    assert [u.update_id for u in updates] == [2]


async def test_aiogram_polling_answers_a_pushed_command(fake: FakeTelegram, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"echo {message.text}")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=5))
    fake.push_update(fake.private_message(fake.user(42), "/start"))
    reply = await fake.wait_for(lambda c: c.method == "sendMessage")
    await fake.wait_until_polling()  # the next poll, which confirmed the update
    await dp.stop_polling()
    await asyncio.wait_for(polling, timeout=5)

    assert (reply.chat_id, reply.text, reply.status) == (42, "echo /start", 200)
    assert fake.confirmed_offset == 2
    assert fake.pending_updates == []


# ---- webhook -----------------------------------------------------------------------------


class Receiver:
    """A webhook endpoint that records (secret header, body) and answers queued statuses."""

    def __init__(self) -> None:
        self.url = ""
        self.received: list[tuple[str | None, Any]] = []
        self.answers: list[int] = []  # statuses to answer in turn, then 200
        self.accepted = asyncio.Event()  # set on every 2xx answer

    async def hook(self, request: web.Request) -> web.Response:
        self.received.append((request.headers.get(SECRET_HEADER), await request.json()))
        status = self.answers.pop(0) if self.answers else 200
        if status < 300:
            self.accepted.set()
        return web.json_response({}, status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    receiver.url = f"http://{host}:{port}/hook"
    yield receiver
    await runner.cleanup()


async def test_webhook_delivers_updates_with_secret_header(
    fake: FakeTelegram, bot: Bot, receiver: Receiver
) -> None:
    await bot.set_webhook(receiver.url, secret_token="s3cret-token")
    fake.push_update(fake.private_message(fake.user(42), "a"))
    fake.push_update(fake.private_message(fake.user(42), "b"))

    statuses = await fake.deliver_webhook()

    assert statuses == [200, 200]
    assert [(secret, body["message"]["text"]) for secret, body in receiver.received] == [
        ("s3cret-token", "a"),
        ("s3cret-token", "b"),
    ]
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == (receiver.url, 0)


async def test_webhook_failure_keeps_update_queued(
    fake: FakeTelegram, bot: Bot, receiver: Receiver
) -> None:
    await bot.set_webhook(receiver.url)
    fake.push_update(fake.private_message(fake.user(42), "a"))
    receiver.answers.append(500)

    assert await fake.deliver_webhook() == [500]
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message is not None
    assert await fake.deliver_webhook() == [200]
    assert len(receiver.received) == 2


async def test_auto_webhook_delivers_pushed_updates_and_retries(
    fake: FakeTelegram, bot: Bot, receiver: Receiver
) -> None:
    fake.auto_webhook = True
    await bot.set_webhook(receiver.url)
    receiver.answers.extend([502, 502])

    fake.push_update(fake.private_message(fake.user(42), "a"))
    await asyncio.wait_for(receiver.accepted.wait(), timeout=5)

    assert [body["message"]["text"] for _, body in receiver.received] == ["a", "a", "a"]
    assert await fake.deliver_webhook() == []  # waits for the running delivery, nothing left


async def test_webhook_reply_method_from_aiogram_is_executed(fake: FakeTelegram, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message()
    async def reply(message: Message) -> SendMessage:
        return message.answer("pong")

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(
        app, path="/hook"
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    await bot.set_webhook(f"http://{host}:{port}/hook", secret_token="abc")
    fake.push_update(fake.private_message(fake.user(42), "ping"))

    statuses = await fake.deliver_webhook()
    await runner.cleanup()

    assert statuses == [200]
    assert fake.texts(42) == ["pong"]


# ---- rate limits -------------------------------------------------------------------------


async def test_private_chat_allows_a_burst_then_one_per_second(
    fake: FakeTelegram, bot: Bot, api_clock: FakeClock
) -> None:
    for n in range(3):
        await bot.send_message(42, f"burst {n}")

    with pytest.raises(TelegramRetryAfter) as too_many:
        await bot.send_message(42, "fourth")
    assert too_many.value.retry_after == 1
    assert fake.calls[-1].response["description"] == "Too Many Requests: retry after 1"
    await bot.send_message(43, "other chat is fine")
    api_clock.advance(1.0)
    await bot.send_message(42, "after a second")
    assert (fake.stats.accepted, fake.stats.rejected_429) == (5, 1)


async def test_global_limit_is_30_per_second(
    fake: FakeTelegram, bot: Bot, api_clock: FakeClock
) -> None:
    for chat_id in range(1, 31):
        await bot.send_message(chat_id, "news")
    api_clock.advance(0.5)

    with pytest.raises(TelegramRetryAfter) as too_many:
        await bot.send_message(31, "news")
    assert too_many.value.retry_after == 1
    assert fake.calls[-1].response["parameters"]["retry_after_exact"] == pytest.approx(0.5)
    api_clock.advance(0.5)
    await bot.send_message(31, "news")
    assert fake.stats.max_rate_observed(window=1.0) == 30


async def test_group_limit_is_20_per_minute(
    fake: FakeTelegram, bot: Bot, api_clock: FakeClock
) -> None:
    for n in range(20):
        await bot.send_message(GROUP, f"line {n}")
        api_clock.advance(1.0)

    with pytest.raises(TelegramRetryAfter) as too_many:
        await bot.send_message(GROUP, "line 21")
    assert too_many.value.retry_after == 40
    api_clock.advance(40.0)
    await bot.send_message(GROUP, "line 21")
    assert fake.stats.per_chat[GROUP] == 21


async def test_time_scale_shrinks_windows_and_keeps_counts(
    fake: FakeTelegram, bot: Bot, api_clock: FakeClock
) -> None:
    fake.limits = FakeLimits(time_scale=10)
    for n in range(3):
        await bot.send_message(42, f"burst {n}")
    for n in range(20):
        await bot.send_message(GROUP, f"line {n}")

    with pytest.raises(TelegramRetryAfter) as private:
        await bot.send_message(42, "fourth")
    assert private.value.retry_after == 1
    assert fake.calls[-1].response["parameters"]["retry_after_exact"] == pytest.approx(0.1)
    with pytest.raises(TelegramRetryAfter) as group:
        await bot.send_message(GROUP, "line 21")
    assert group.value.retry_after == 6
    api_clock.advance(0.1)
    await bot.send_message(42, "fourth")
    api_clock.advance(5.9)
    await bot.send_message(GROUP, "line 21")


async def test_disabled_limits_accept_everything(fake: FakeTelegram, bot: Bot) -> None:
    fake.limits.enabled = False
    for n in range(5):
        await bot.send_message(42, f"m{n}")

    assert fake.stats.rejected_429 == 0
    assert len(fake.texts(42)) == 5


# ---- chat faults -------------------------------------------------------------------------


async def test_blocked_user_is_forbidden(fake: FakeTelegram, bot: Bot) -> None:
    fake.block(42)

    with pytest.raises(TelegramForbiddenError, match="Forbidden: bot was blocked by the user"):
        await bot.send_message(42, "hello")
    assert fake.calls[-1].status == 403


@pytest.mark.parametrize(
    ("chat_id", "description"),
    [
        (GROUP, "Forbidden: bot was kicked from the group chat"),
        (SUPERGROUP, "Forbidden: bot was kicked from the supergroup chat"),
    ],
)
async def test_kicked_chat_is_forbidden(
    fake: FakeTelegram, bot: Bot, chat_id: int, description: str
) -> None:
    fake.kick(chat_id)

    with pytest.raises(TelegramForbiddenError) as forbidden:
        await bot.send_message(chat_id, "hello")
    assert forbidden.value.message == description


async def test_migrated_group_points_to_the_supergroup(fake: FakeTelegram, bot: Bot) -> None:
    fake.migrate(GROUP, SUPERGROUP)

    with pytest.raises(TelegramMigrateToChat) as migrated:
        await bot.send_message(GROUP, "hello")
    assert migrated.value.migrate_to_chat_id == SUPERGROUP
    assert "group chat was upgraded to a supergroup chat" in migrated.value.message
    message = await bot.send_message(SUPERGROUP, "hello")
    assert message.chat.type == "supergroup"


async def test_deleted_topic_is_thread_not_found(fake: FakeTelegram, bot: Bot) -> None:
    fake.make_forum(SUPERGROUP)
    topic = await bot.create_forum_topic(SUPERGROUP, "Warehouse")
    fake.delete_topic(SUPERGROUP, topic.message_thread_id)

    with pytest.raises(TelegramBadRequest, match="Bad Request: message thread not found"):
        await bot.send_message(SUPERGROUP, "hi", message_thread_id=topic.message_thread_id)


# ---- network faults ----------------------------------------------------------------------


async def test_fail_next_answers_server_errors_then_recovers(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next(2, status=502, methods=["sendMessage"])

    assert (await bot.get_me()).id == fake.bot_id
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Bad Gateway"):
            await bot.send_message(42, "retry me")
    await bot.send_message(42, "retry me")
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [502, 502, 200]


async def test_down_answers_502_until_up(fake: FakeTelegram, bot: Bot) -> None:
    fake.down()

    with pytest.raises(TelegramServerError):
        await bot.get_me()
    with pytest.raises(TelegramServerError):
        await bot.send_message(42, "x")
    fake.up()
    await bot.send_message(42, "x")
    assert fake.texts(42) == ["x"]


async def test_drop_after_accept_sends_but_never_answers(fake: FakeTelegram, bot: Bot) -> None:
    fake.drop_after_accept(1)

    with pytest.raises(TelegramNetworkError):
        await bot.send_message(42, "pay 100")
    await bot.send_message(42, "pay 100")

    assert [c.dropped for c in fake.sent(42)] == [True, False]
    assert fake.duplicates() == [(42, "pay 100")]


async def test_delay_holds_the_answer_after_processing(fake: FakeTelegram, raw: RawApi) -> None:
    fake.delay = 0.2
    url = f"{fake.base_url}/bot{fake.token}/sendMessage"

    with pytest.raises(TimeoutError):
        async with raw.session.post(
            url, data={"chat_id": "42", "text": "slow"}, timeout=aiohttp.ClientTimeout(total=0.05)
        ):
            pass
    assert fake.texts(42) == ["slow"]


# ---- recording ---------------------------------------------------------------------------


async def test_wait_for_finds_past_and_future_calls(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(42, "past")
    past = await fake.wait_for(lambda c: c.text == "past")
    future = asyncio.create_task(fake.wait_for(lambda c: c.text == "future"))

    await bot.send_message(42, "future")

    assert past.chat_id == 42
    assert (await asyncio.wait_for(future, timeout=2)).text == "future"


async def test_wait_for_times_out_when_nothing_matches(fake: FakeTelegram) -> None:
    with pytest.raises(TimeoutError, match="no matching call"):
        await fake.wait_for(lambda c: c.method == "sendMessage", timeout=0.05)


async def test_fake_can_be_restarted_on_a_new_port() -> None:
    fake = FakeTelegram()

    first = await fake.start()
    await fake.stop()
    second = await fake.start()
    bot = make_bot(fake)
    me = await bot.get_me()
    await bot.session.close()
    await fake.stop()

    assert first.startswith("http://127.0.0.1:")
    assert second.startswith("http://127.0.0.1:")
    assert me.id == 123456
