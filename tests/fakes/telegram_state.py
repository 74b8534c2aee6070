"""State of the fake Telegram Bot API and the rules every method shares (see telegram_api.py)."""

from __future__ import annotations

import asyncio
import copy
import inspect
import time
from collections import defaultdict
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from tests.fakes.telegram_limits import FakeLimits, FakeStats, RateLimiter
from tests.fakes.telegram_markup import parse_html
from tests.fakes.telegram_models import (
    JSON,
    MAX_CALLBACK_DATA_BYTES,
    ApiError,
    Call,
    StoredMessage,
    Topic,
    bad_request,
    chat_type,
    error_body,
    forbidden,
)

Handler = Callable[[Any, JSON], Any]
# lower-case method name -> (canonical name, handler); Telegram method names ignore case.
METHODS: dict[str, tuple[str, Handler]] = {}


def api(name: str) -> Callable[[Handler], Handler]:
    """Register a Bot API method handler: handler(fake, params) -> result or ApiError."""

    def register(handler: Handler) -> Handler:
        METHODS[name.lower()] = (name, handler)
        return handler

    return register


def int_param(params: JSON, key: str) -> int:
    value = params.get(key)
    if value is None or value == "":
        raise bad_request(f"{key} is empty")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {key} specified") from None


def normalize_markup(markup: Any) -> JSON | None:
    """The markup as stored: an empty inline keyboard is the same as no keyboard."""
    if not markup:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if markup.get("inline_keyboard") == []:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


class FakeState:
    """Everything the fake remembers. Public attributes may be read and set by tests."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        limits: FakeLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError(f"not a bot token: {token!r}")
        self.token = token
        self.bot_id = int(bot_id)
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Ops Bot",
            "username": "test_ops_bot",
        }
        self.clock = clock
        self._epoch = time.time() - clock()  # Message.date = wall time moving with the clock
        self.limits = limits or FakeLimits()
        self.stats = FakeStats()
        self._limiter = RateLimiter()
        # recording
        self.calls: list[Call] = []
        self._calls_changed = asyncio.Condition()
        # chats and messages
        self.messages: defaultdict[int, dict[int, StoredMessage]] = defaultdict(dict)
        self._last_message_id: dict[int, int] = {}
        self.chats: dict[int, JSON] = {}  # Chat objects seen in updates (title, names)
        self.users: dict[int, JSON] = {}  # User objects seen in updates
        self.known_chats: set[int] = set()
        self.strict_chats = False
        self.blocked_users: set[int] = set()
        self.kicked_chats: set[int] = set()
        self.migrated_chats: dict[int, int] = {}
        self.forums: set[int] = set()
        self.topics: dict[tuple[int, int], Topic] = {}
        self.default_member_status = "member"
        self.members: dict[tuple[int, int], JSON] = {}
        self.my_commands: dict[tuple[str, str], list[JSON]] = {}  # (scope JSON, language)
        self.menu_buttons: dict[int | None, JSON] = {}
        self.callback_queries: dict[str, JSON] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.files: dict[str, JSON] = {}
        # updates and webhook
        self.updates: list[JSON] = []  # queued, not yet confirmed
        self._next_update_id = 1
        self.confirmed_offset = 0
        self.allowed_updates: list[str] | None = None
        self._updates_pulse = asyncio.Event()
        self._poll_parked = asyncio.Event()
        self._polling = False
        self._closing = False
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_allowed_updates: list[str] | None = None
        self.webhook_max_connections = 40
        self.webhook_last_error: tuple[int, str] | None = None
        self.webhook_retry_interval = 0.05  # real seconds between retries of auto_webhook
        self._auto_webhook = False
        self._delivery_lock = asyncio.Lock()

    # ---- configuration used by tests --------------------------------------------------

    def make_forum(self, chat_id: int) -> None:
        """Turn a supergroup into a forum (topics allowed)."""
        if chat_type(chat_id) != "supergroup":
            raise ValueError(f"only supergroups (id <= -10**12) can be forums: {chat_id}")
        self.forums.add(chat_id)
        self.known_chats.add(chat_id)
        if chat_id in self.chats:
            self.chats[chat_id]["is_forum"] = True

    def block(self, user_id: int) -> None:
        """The user blocked the bot: 403 "bot was blocked by the user"."""
        self.blocked_users.add(user_id)

    def unblock(self, user_id: int) -> None:
        self.blocked_users.discard(user_id)

    def kick(self, chat_id: int) -> None:
        """The bot was removed from a group/supergroup: 403 "bot was kicked from ..."."""
        if chat_id > 0:
            raise ValueError("use block(user_id) for private chats")
        self.kicked_chats.add(chat_id)

    def unkick(self, chat_id: int) -> None:
        self.kicked_chats.discard(chat_id)

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: old id answers 400 with migrate_to_chat_id."""
        if chat_type(new_chat_id) != "supergroup":
            raise ValueError(f"a group migrates to a supergroup id: {new_chat_id}")
        self.migrated_chats[old_chat_id] = new_chat_id
        self.known_chats.add(new_chat_id)
        title = self.chats.get(old_chat_id, {}).get("title", f"Group {new_chat_id}")
        self.chats[new_chat_id] = {"id": new_chat_id, "type": "supergroup", "title": title}

    def delete_topic(self, chat_id: int, thread_id: int) -> None:
        """Sending to the topic then fails with 400 "message thread not found"."""
        topic = self._topic(chat_id, thread_id)
        topic.deleted = True

    def set_member(
        self, chat_id: int, user_id: int, status: str = "member", **fields: Any
    ) -> None:
        """What getChatMember answers for this pair (fields override the defaults)."""
        self.members[(chat_id, user_id)] = {"status": status, **fields}

    # ---- helpers for method handlers ----------------------------------------------------

    def now_date(self) -> int:
        return int(self._epoch + self.clock())

    def _alloc_message_id(self, chat_id: int) -> int:
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        return message_id

    def _topic(self, chat_id: int, thread_id: int) -> Topic:
        key = (chat_id, thread_id)
        if key not in self.topics:
            self.topics[key] = Topic(chat_id, thread_id, f"Topic {thread_id}", 7322096)
        return self.topics[key]

    def chat_object(self, chat_id: int) -> JSON:
        if chat_id in self.chats:
            chat = dict(self.chats[chat_id])
        elif chat_id > 0:
            user = self.users.get(chat_id, {})
            chat = {"id": chat_id, "type": "private", "first_name": user.get("first_name", "User")}
            if user.get("username"):
                chat["username"] = user["username"]
        else:
            chat = {"id": chat_id, "type": chat_type(chat_id), "title": f"Group {chat_id}"}
        if chat_id in self.forums:
            chat["is_forum"] = True
        return chat

    def resolve_chat(self, params: JSON, key: str = "chat_id") -> int:
        """The target chat id, or the error Telegram gives for it (migrated, kicked, ...)."""
        raw = params.get(key)
        if raw is None or raw == "":
            raise bad_request(f"{key} is empty")
        if isinstance(raw, str) and not raw.lstrip("-").isdigit():
            raise bad_request("chat not found")
        chat_id = int(raw)
        if chat_id in self.migrated_chats:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.migrated_chats[chat_id]},
            )
        if chat_id in self.kicked_chats:
            raise forbidden(f"bot was kicked from the {chat_type(chat_id)} chat")
        if chat_id in self.blocked_users:
            raise forbidden("bot was blocked by the user")
        if self.strict_chats and chat_id not in self.known_chats:
            raise bad_request("chat not found")
        return chat_id

    def check_thread(self, chat_id: int, params: JSON) -> int | None:
        thread = params.get("message_thread_id")
        if thread in (None, "", 0):
            return None
        thread_id = int(thread)
        topic = self.topics.get((chat_id, thread_id))
        if topic is not None and topic.deleted:
            raise bad_request("message thread not found")
        return thread_id

    def find_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        message = self.messages.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    def formatted(self, params: JSON, key: str, entities_key: str) -> tuple[str, list[JSON]]:
        """Text after parse_mode (HTML only) and its entities; explicit entities win."""
        text = str(params.get(key) or "")
        entities = params.get(entities_key)
        if entities:
            return text, list(entities)
        if str(params.get("parse_mode") or "").lower() == "html":
            return parse_html(text)
        return text, []

    def reply_target(self, chat_id: int, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        if not message_id:
            return None
        target = self.find_message(int(reply.get("chat_id", chat_id)), int(message_id))
        if target is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return None
            raise bad_request("message to be replied not found")
        data = copy.deepcopy(target.data)
        data.pop("reply_to_message", None)
        return data

    def take_rate(self, chat_id: int) -> None:
        """Count one message-producing request against the limits, or answer 429."""
        now = self.clock()
        wait = self._limiter.acquire(self.limits, chat_id, now)
        if wait is None:
            self.stats.record_accepted(chat_id, now)
            return
        self.stats.record_rejected(chat_id)
        retry_after = self.limits.retry_after(wait)
        raise ApiError(
            HTTPStatus.TOO_MANY_REQUESTS,
            f"Too Many Requests: retry after {retry_after}",
            {"retry_after": retry_after, "retry_after_exact": wait},
        )

    def store_bot_message(self, chat_id: int, thread_id: int | None, fields: JSON) -> JSON:
        """Create a message from the bot in chat_id and return its Message object."""
        message_id = self._alloc_message_id(chat_id)
        data: JSON = {
            "message_id": message_id,
            "from": dict(self.bot_user),
            "chat": self.chat_object(chat_id),
            "date": self.now_date(),
        }
        if thread_id is not None:
            data["message_thread_id"] = thread_id
            if chat_id in self.forums:
                data["is_topic_message"] = True
        data.update({key: value for key, value in fields.items() if value not in (None, [])})
        self.messages[chat_id][message_id] = StoredMessage(chat_id, message_id, data, True)
        return copy.deepcopy(data)

    # ---- dispatch and recording ---------------------------------------------------------

    async def dispatch(self, method: str, params: JSON) -> tuple[str, int, JSON]:
        """Run a Bot API method: (canonical name, HTTP status, JSON body). No faults here."""
        entry = METHODS.get(method.lower())
        if entry is None:
            return method, HTTPStatus.NOT_FOUND, error_body(404, "Not Found: method not found")
        name, handler = entry
        try:
            result = handler(self, params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            return name, error.status, error.body()
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            return name, HTTPStatus.BAD_REQUEST, bad_request(f"invalid parameters: {error}").body()
        return name, HTTPStatus.OK, {"ok": True, "result": result}

    async def record(self, call: Call) -> None:
        async with self._calls_changed:
            self.calls.append(call)
            self._calls_changed.notify_all()
