"""One Bot API call for one outbox row, and what its answer means (an `Outcome`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommandScopeChat,
    BufferedInputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
)

from bot.clock import Clock
from bot.texts import Texts
from bot.views import commands
from bot.views.registry import render
from bot.views.split import CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, cut_text, split_text
from storage.models import OutboxMessage
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()

CREATE_TOPIC = "create_topic"  # a row that opens a forum topic named by its view
RETRYABLE = (
    TelegramServerError,
    TelegramNetworkError,
    TelegramNotFound,
    ClientDecodeError,
    TimeoutError,
)

# 400 answers that mean the bot cannot post to the chat at all (like a 403).
UNREACHABLE_REASONS = (
    "chat not found",
    "not enough rights to send",
    "have no rights to send",
    "chat_write_forbidden",
)


@dataclass(frozen=True, slots=True)
class OpenedTopic:
    thread_id: int | None  # None: the bot may not manage topics there
    name: str


@dataclass(frozen=True, slots=True)
class Outcome:
    # sent | partial | later | retry | migrated | topic_gone | unreachable | failed
    kind: str
    row: OutboxMessage = None  # type: ignore[assignment]  # filled in by Outcome.of
    message_id: int | None = None
    delay: float = 0.0
    error: str = ""
    new_chat_id: int | None = None
    progress: dict[str, Any] | None = None  # partial: the row's payload with parts sent
    topic: OpenedTopic | None = None  # a `create_topic` row that was sent
    finished_at: float = 0.0  # clock.monotonic() when Telegram's answer (or error) came

    @classmethod
    def later(cls, delay: float, error: str) -> Outcome:
        return cls("later", delay=delay, error=error)

    @classmethod
    def retry(cls, error: str) -> Outcome:
        return cls("retry", error=error)

    @classmethod
    def migrated(cls, new_chat_id: int) -> Outcome:
        return cls("migrated", new_chat_id=new_chat_id, error="migrated")

    @classmethod
    def unreachable(cls, error: str) -> Outcome:
        return cls("unreachable", error=error)

    @classmethod
    def failed(cls, error: str) -> Outcome:
        return cls("failed", error=error)

    def of(self, row: OutboxMessage, finished_at: float) -> Outcome:
        return replace(self, row=row, finished_at=finished_at)


class Delivery:
    def __init__(
        self,
        bot: Bot,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        texts: Texts,
        request_timeout: float,
    ) -> None:
        self.bot = bot
        self.make_uow = make_uow
        self.clock = clock
        self.texts = texts
        self.request_timeout = request_timeout

    async def attempt(self, row: OutboxMessage) -> Outcome:
        """Deliver `row` once; every answer of Telegram, and every error, is an Outcome."""
        structlog.contextvars.bind_contextvars(outbox_id=row.id)
        try:
            async with asyncio.timeout(self.request_timeout):
                outcome = await self._deliver(row)
        except TelegramRetryAfter as exc:
            outcome = Outcome.later(float(exc.retry_after), f"429 retry after {exc.retry_after}")
        except TelegramMigrateToChat as exc:
            outcome = Outcome.migrated(exc.migrate_to_chat_id)
        except TelegramForbiddenError as exc:
            outcome = Outcome.unreachable(exc.message)
        except TelegramBadRequest as exc:
            outcome = self._bad_request(row, exc)
        except RETRYABLE as exc:
            outcome = Outcome.retry(f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # a view that cannot render, an unknown API error: give up
            log.exception("outbox_delivery_crashed", outbox_id=row.id)
            outcome = Outcome.failed(f"{type(exc).__name__}: {exc}")
        return outcome.of(row, self.clock.monotonic())

    async def _deliver(self, row: OutboxMessage) -> Outcome:
        """Make one call; Telegram's errors propagate to the sender as exceptions."""
        payload = row.payload
        if row.method == "set_commands":
            await self.bot.set_my_commands(
                commands.private_commands(self.texts, payload["params"].get("role")),
                scope=BotCommandScopeChat(chat_id=row.tg_chat_id),
            )
            return Outcome("sent", row)
        if row.method == "delete":
            await self.bot.delete_message(row.tg_chat_id, int(payload["message_id"]))
            return Outcome("sent", row)
        if row.method == "drop_buttons":
            return await self._drop_buttons(row)
        if row.method == "contact":
            contact = payload["contact"]
            message = await self.bot.send_contact(
                row.tg_chat_id,
                phone_number=contact["phone"],
                first_name=contact["first_name"],
                last_name=contact.get("last_name"),
                message_thread_id=row.thread_id,
            )
            return Outcome("sent", row, message_id=message.message_id)
        rendered = render(self.texts, payload["view"], payload.get("params", {}))
        if row.method == "edit" and row.card_key is None and "message_id" in payload:
            return await self._edit_message(row, rendered.text, rendered.reply_markup)
        if row.method == "edit":
            return await self._edit(row, rendered.text, rendered.reply_markup)
        if row.method in {"document", "photo"}:
            message_id = await self._send_file(row, rendered.text, rendered.reply_markup)
            return Outcome("sent", row, message_id=message_id)
        if row.method == CREATE_TOPIC:
            return await self._create_topic(row, rendered.text)
        return await self._send(row, rendered.text, rendered.reply_markup)

    async def _send(self, row: OutboxMessage, text: str, markup: object) -> Outcome:
        """Send one part of the text (split at line breaks when long); the last part carries
        the keyboard and, for a card, is the message later edits go to.

        Each part is its own call, paced like any message; the parts already sent are kept
        in the row's payload, so a retry or a restart goes on with the next part."""
        parts = split_text(text)
        index = min(int(row.payload.get("parts_sent", 0)), len(parts) - 1)
        last = index == len(parts) - 1
        keyboard = row.payload.get("keyboard")
        if keyboard is not None:  # the person's own keyboard instead of inline buttons
            markup = _reply_keyboard(keyboard)
        reply_to = row.payload.get("reply_to") if index == 0 else None
        message = await self.bot.send_message(
            row.tg_chat_id,
            parts[index],
            message_thread_id=row.thread_id,
            reply_markup=markup if last else None,  # type: ignore[arg-type]
            reply_parameters=(
                ReplyParameters(message_id=int(reply_to), allow_sending_without_reply=True)
                if reply_to is not None
                else None
            ),
        )
        first = row.payload.get("first_message_id")
        if last:
            if first is not None and not row.card_key:
                return Outcome("sent", row, message_id=int(first))
            return Outcome("sent", row, message_id=message.message_id)
        progress = {**row.payload, "parts_sent": index + 1}
        progress.setdefault("first_message_id", message.message_id)
        return Outcome("partial", row, message_id=message.message_id, progress=progress)

    async def _edit(self, row: OutboxMessage, text: str, markup: object) -> Outcome:
        assert row.card_key is not None
        async with self.make_uow() as uow:
            card = await uow.outbox.card(row.card_key)
        if card is None or card.tg_chat_id != row.tg_chat_id:
            # never sent, or left behind in a group that became a supergroup: post it anew
            return await self._send(row, text, markup)
        caption = bool(row.payload.get("caption"))
        where = (card.tg_chat_id, card.tg_message_id)
        try:
            try:
                await self._edit_in_place(*where, text, markup, caption)
            except TelegramBadRequest as exc:
                if caption or "no text in the message" not in exc.message:
                    raise
                await self._edit_in_place(*where, text, markup, True)  # a photo's caption
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return Outcome("sent", row, message_id=card.tg_message_id)
            if "message to edit not found" in exc.message:
                return await self._send(row, text, markup)
            raise
        return Outcome("sent", row, message_id=card.tg_message_id)

    async def _edit_message(self, row: OutboxMessage, text: str, markup: object) -> Outcome:
        """A reply's edit of the message whose button was pressed (its id in the payload)."""
        message_id = int(row.payload["message_id"])
        try:
            await self._edit_in_place(row.tg_chat_id, message_id, text, markup, False)
        except TelegramBadRequest as exc:
            reason = exc.message.lower()
            if "not modified" in reason:
                return Outcome("sent", row, message_id=message_id)
            if "no text in the message" in reason:  # a photo's or document's caption
                await self._edit_in_place(row.tg_chat_id, message_id, text, markup, True)
                return Outcome("sent", row, message_id=message_id)
            if "message to edit not found" in reason or "can't be edited" in reason:
                return await self._send(row, text, markup)  # gone or too old: a new one
            raise
        return Outcome("sent", row, message_id=message_id)

    async def _drop_buttons(self, row: OutboxMessage) -> Outcome:
        message_id = int(row.payload["message_id"])
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=row.tg_chat_id, message_id=message_id, reply_markup=None
            )
        except TelegramBadRequest as exc:
            reason = exc.message.lower()
            if not any(r in reason for r in ("not modified", "not found", "can't be edited")):
                raise
        return Outcome("sent", row, message_id=message_id)

    async def _edit_in_place(
        self, chat_id: int, message_id: int, text: str, markup: object, caption: bool
    ) -> None:
        if caption:
            await self.bot.edit_message_caption(
                chat_id=chat_id,
                message_id=message_id,
                caption=cut_text(text, CAPTION_LIMIT),
                reply_markup=markup,  # type: ignore[arg-type]
            )
        else:
            await self.bot.edit_message_text(
                text=cut_text(text, TELEGRAM_TEXT_LIMIT),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=markup,  # type: ignore[arg-type]
            )

    async def _send_file(self, row: OutboxMessage, caption: str, markup: object) -> int:
        """Upload `row.attachment`, or (without one) resend a file Telegram already has by
        its `file_id` in the payload; the caption and the keyboard come from the view."""
        upload: BufferedInputFile | str
        if row.attachment is not None:
            name = str(row.payload.get("filename", "file"))
            upload = BufferedInputFile(row.attachment, filename=name)
        else:
            upload = str(row.payload["file_id"])
        send = self.bot.send_photo if row.method == "photo" else self.bot.send_document
        message = await send(
            row.tg_chat_id,
            upload,
            caption=cut_text(caption, CAPTION_LIMIT) or None,
            message_thread_id=row.thread_id,
            reply_markup=markup,  # type: ignore[arg-type]
        )
        return message.message_id

    async def _create_topic(self, row: OutboxMessage, name: str) -> Outcome:
        """A forum topic (an order's, say), named by the row's view; the sender tells the
        feature that asked for it before the row counts as sent."""
        try:
            thread_id: int | None = await self.create_topic(row.tg_chat_id, name)
        except TelegramBadRequest as exc:
            if any(reason in exc.message.lower() for reason in UNREACHABLE_REASONS):
                raise
            thread_id = None
        return Outcome("sent", row, topic=OpenedTopic(thread_id, name))

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = await self.bot.create_forum_topic(chat_id, name[:128])
        return topic.message_thread_id

    def _bad_request(self, row: OutboxMessage, exc: TelegramBadRequest) -> Outcome:
        text = exc.message.lower()
        if "message is not modified" in text:
            return Outcome("sent", row)
        if "thread not found" in text and row.thread_id is not None:
            return Outcome("topic_gone", row, error=exc.message)
        if any(reason in text for reason in UNREACHABLE_REASONS):
            return Outcome("unreachable", row, error=exc.message)
        return Outcome("failed", row, error=exc.message)


def _reply_keyboard(keyboard: dict[str, Any]) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    if keyboard.get("remove_keyboard"):
        return ReplyKeyboardRemove.model_validate(keyboard)
    return ReplyKeyboardMarkup.model_validate(keyboard)
