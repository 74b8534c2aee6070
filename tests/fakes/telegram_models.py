"""Plain data types of the fake Telegram Bot API (see telegram_api.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

JSON = dict[str, Any]

# Chat ids at or below this are supergroups ("-100" followed by ten digits).
SUPERGROUP_MAX_ID = -1_000_000_000_000

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_ANSWER_LENGTH = 200  # a callback answer's notice or alert
MAX_CALLBACK_DATA_BYTES = 64

# Methods that produce (or change) a message: only these count against the rate limits.
# sendChatAction starts with "send" but produces no message, so it is not counted.
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
    }
)

# Form fields that are plain strings in the Bot API and must never be JSON-decoded
# (a text "123" stays "123"). Every other form field is decoded when it is valid JSON.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "data",
        "url",
        "secret_token",
        "name",
        "title",
        "description",
        "short_description",
        "callback_query_id",
        "inline_message_id",
        "parse_mode",
        "action",
        "language_code",
        "icon_custom_emoji_id",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "custom_title",
        "document",
        "photo",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
        "thumbnail",
        "phone_number",
        "first_name",
        "last_name",
    }
)


def chat_type(chat_id: int) -> str:
    """Chat type the fake derives from an id: > 0 private, <= -10**12 supergroup, else group."""
    if chat_id > 0:
        return "private"
    if chat_id <= SUPERGROUP_MAX_ID:
        return "supergroup"
    return "group"


def decode_field(key: str, value: str) -> Any:
    """Decode one form/query field the way aiogram encodes it (non-strings as JSON)."""
    if key in STRING_FIELDS or value.startswith("attach://"):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """A Bot API error answer: raised by method handlers, turned into JSON by the server."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str, parameters: JSON | None = None) -> ApiError:
    return ApiError(HTTPStatus.BAD_REQUEST, f"Bad Request: {reason}", parameters)


def forbidden(reason: str) -> ApiError:
    return ApiError(HTTPStatus.FORBIDDEN, f"Forbidden: {reason}")


def error_body(status: int, description: str | None = None) -> JSON:
    """ok:false body for a bare HTTP status (502 -> "Bad Gateway")."""
    return ApiError(status, description or HTTPStatus(status).phrase).body()


@dataclass(frozen=True)
class UploadedFile:
    """A file that arrived as a multipart upload; replaces the field in `Call.params`."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One recorded HTTP request to the fake and the answer it got."""

    method: str  # canonical Bot API name ("sendMessage"), or the raw name if unknown
    params: JSON  # decoded: JSON fields parsed back, uploads as UploadedFile
    at: float  # fake clock at arrival
    status: int  # HTTP status of the answer (also for a dropped answer: what it would have been)
    response: JSON  # the JSON body of the answer
    dropped: bool = False  # processed, but the connection was closed without answering

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and self.response.get("ok") is True

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def description(self) -> str | None:
        return self.response.get("description")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        return self.params.get("text")


@dataclass
class StoredMessage:
    """Current state of a message in a chat, as the fake keeps it (edits apply in place)."""

    chat_id: int
    message_id: int
    data: JSON  # the Message object as the Bot API would return it now
    from_bot: bool
    deleted: bool = False
    edits: int = 0

    @property
    def text(self) -> str | None:
        return self.data.get("text")

    @property
    def caption(self) -> str | None:
        return self.data.get("caption")

    @property
    def entities(self) -> list[JSON] | None:
        return self.data.get("entities")

    @property
    def reply_markup(self) -> JSON | None:
        return self.data.get("reply_markup")

    @property
    def thread_id(self) -> int | None:
        return self.data.get("message_thread_id")


@dataclass
class Topic:
    chat_id: int
    thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False
    deleted: bool = False

    def to_api(self) -> JSON:
        topic: JSON = {
            "message_thread_id": self.thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            topic["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return topic
