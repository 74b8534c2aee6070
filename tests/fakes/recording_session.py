"""A Bot session that records every API call and answers like Telegram would."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import (
    AnswerCallbackQuery,
    CreateForumTopic,
    DeleteMessage,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import (
    Chat,
    Document,
    ForumTopic,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    User,
)

BOT_ID = 123456
BOT_USER = User(id=BOT_ID, is_bot=True, first_name="Ops Bot", username="test_ops_bot")


@dataclass
class Sent:
    method: str
    chat_id: int | None
    text: str | None
    request: TelegramMethod[Any]
    message_id: int | None = None

    @property
    def buttons(self) -> list[str]:
        markup = getattr(self.request, "reply_markup", None)
        if markup is None or not hasattr(markup, "inline_keyboard"):
            return []
        return [b.text for row in markup.inline_keyboard for b in row]

    def callback_data(self, label: str) -> str:
        markup = getattr(self.request, "reply_markup", None)
        for row in markup.inline_keyboard if markup else []:
            for button in row:
                if label in button.text:
                    return str(button.callback_data)
        raise KeyError(label)


@dataclass
class RecordingSession(BaseSession):
    calls: list[Sent] = field(default_factory=list)
    failures: dict[str, list[TelegramAPIError]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
        self._ids: defaultdict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))

    def fail_next(self, method: str, error: TelegramAPIError) -> None:
        self.failures.setdefault(method, []).append(error)

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - BaseSession's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> TelegramType:
        name = type(method).__name__
        pending = self.failures.get(name)
        if pending:
            raise pending.pop(0)
        chat_id = getattr(method, "chat_id", None)
        text = getattr(method, "text", None) or getattr(method, "caption", None)
        record = Sent(name, int(chat_id) if chat_id is not None else None, text, method)
        self.calls.append(record)
        return self._answer(method, record)  # type: ignore[no-any-return]

    def _answer(self, method: TelegramMethod[Any], record: Sent) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage | SendDocument | SendPhoto):
            assert record.chat_id is not None
            record.message_id = next(self._ids[record.chat_id])
            return self._message(record, method)
        if isinstance(method, EditMessageText | EditMessageCaption | EditMessageReplyMarkup):
            record.message_id = method.message_id
            if record.chat_id is None:
                return True
            return self._message(record, method)
        if isinstance(method, CreateForumTopic):
            return ForumTopic(
                message_thread_id=next(self._ids[-1]) + 1000, name=method.name, icon_color=0x6FB9F0
            )
        if isinstance(method, AnswerCallbackQuery | DeleteMessage):
            return True
        return True

    def _message(self, record: Sent, method: TelegramMethod[Any]) -> Message:
        chat_id = record.chat_id or 0
        chat = Chat(id=chat_id, type="private" if chat_id > 0 else "supergroup")
        extra: dict[str, Any] = {}
        if isinstance(method, SendDocument):
            extra["document"] = Document(file_id="doc", file_unique_id="doc")
        if isinstance(method, SendPhoto):
            extra["photo"] = [PhotoSize(file_id="ph", file_unique_id="ph", width=1, height=1)]
        return Message(
            message_id=record.message_id or 0,
            date=datetime.now(UTC),
            chat=chat,
            from_user=BOT_USER,
            text=record.text if not extra else None,
            caption=record.text if extra else None,
            message_thread_id=getattr(method, "message_thread_id", None),
            reply_markup=_inline(getattr(method, "reply_markup", None)),
            **extra,
        )

    # --- assertions helpers ------------------------------------------------------------

    def sent_to(self, chat_id: int, method: str = "SendMessage") -> list[Sent]:
        return [c for c in self.calls if c.chat_id == chat_id and c.method == method]

    def texts_to(self, chat_id: int) -> list[str]:
        return [c.text or "" for c in self.sent_to(chat_id)]

    def of(self, method: str) -> list[Sent]:
        return [c for c in self.calls if c.method == method]

    def clear(self) -> None:
        self.calls.clear()


def _inline(markup: object) -> InlineKeyboardMarkup | None:
    """A sent message carries only an inline keyboard; a reply keyboard is not echoed back."""
    return markup if isinstance(markup, InlineKeyboardMarkup) else None
