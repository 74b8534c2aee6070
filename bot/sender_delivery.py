"""One Bot API call for one outbox row, and what its answer means."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BotCommandScopeChat, BufferedInputFile, Message

from bot.clock import Clock
from bot.services import departments
from bot.texts import Texts
from bot.views import commands
from bot.views.registry import render
from bot.views.split import TELEGRAM_TEXT_LIMIT, split_text
from storage.models import OutboxMessage
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # sent | later | retry | migrated | topic_gone | unreachable | failed
    row: OutboxMessage = None  # type: ignore[assignment]  # filled in by Delivery.deliver
    message_id: int | None = None
    delay: float = 0.0
    error: str = ""
    new_chat_id: int | None = None

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

    def of(self, row: OutboxMessage) -> Outcome:
        return Outcome(self.kind, row, self.message_id, self.delay, self.error, self.new_chat_id)


class Delivery:
    def __init__(self, bot: Bot, make_uow: UnitOfWorkFactory, clock: Clock, texts: Texts) -> None:
        self.bot = bot
        self.make_uow = make_uow
        self.clock = clock
        self.texts = texts

    async def deliver(self, row: OutboxMessage) -> Outcome:
        """Make the call; Telegram's errors propagate to the sender as exceptions."""
        return Outcome("sent", row, message_id=await self._call(row))

    async def _call(self, row: OutboxMessage) -> int | None:
        payload = row.payload
        if row.method == "set_commands":
            await self.bot.set_my_commands(
                commands.private_commands(self.texts, payload["params"].get("role")),
                scope=BotCommandScopeChat(chat_id=row.tg_chat_id),
            )
            return None
        if row.method == "delete":
            await self.bot.delete_message(row.tg_chat_id, int(payload["message_id"]))
            return None
        rendered = render(self.texts, payload["view"], payload.get("params", {}))
        if row.method == "edit":
            return await self._edit(row, rendered.text, rendered.reply_markup)
        if row.method in {"document", "photo"}:
            return await self._send_file(row, rendered.text)
        return await self._send(row, rendered.text, rendered.reply_markup)

    async def _send(self, row: OutboxMessage, text: str, markup: object) -> int:
        """Send, split at line breaks if long; a card is the last part (it has the buttons)."""
        parts = split_text(text)
        sent: list[Message] = []
        for index, part in enumerate(parts):
            sent.append(
                await self.bot.send_message(
                    row.tg_chat_id,
                    part,
                    message_thread_id=row.thread_id,
                    reply_markup=markup if index == len(parts) - 1 else None,  # type: ignore[arg-type]
                )
            )
        return sent[-1].message_id if row.card_key else sent[0].message_id

    async def _edit(self, row: OutboxMessage, text: str, markup: object) -> int:
        assert row.card_key is not None
        async with self.make_uow() as uow:
            card = await uow.outbox.card(row.card_key)
        if card is None:
            return await self._send(row, text, markup)
        try:
            await self.bot.edit_message_text(
                text=text[:TELEGRAM_TEXT_LIMIT],
                chat_id=card.tg_chat_id,
                message_id=card.tg_message_id,
                reply_markup=markup,  # type: ignore[arg-type]
            )
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return card.tg_message_id
            if "message to edit not found" in exc.message:
                return await self._send(row, text, markup)
            raise
        return card.tg_message_id

    async def _send_file(self, row: OutboxMessage, caption: str) -> int:
        assert row.attachment is not None
        name = str(row.payload.get("filename", "file"))
        upload = BufferedInputFile(row.attachment, filename=name)
        if row.method == "photo":
            message = await self.bot.send_photo(
                row.tg_chat_id, upload, caption=caption[:1024], message_thread_id=row.thread_id
            )
        else:
            message = await self.bot.send_document(
                row.tg_chat_id, upload, caption=caption[:1024], message_thread_id=row.thread_id
            )
        return message.message_id

    def classify_bad_request(self, row: OutboxMessage, exc: TelegramBadRequest) -> Outcome:
        text = exc.message.lower()
        if "message is not modified" in text:
            return Outcome("sent", row)
        if "thread not found" in text and row.thread_id is not None:
            return Outcome("topic_gone", row, error=exc.message)
        if "chat not found" in text:
            return Outcome("unreachable", row, error=exc.message)
        return Outcome("failed", row, error=exc.message)

    async def recreate_topic(self, chat_id: int, old_thread: int) -> int | None:
        """A forum topic was deleted: open a new one with the same purpose, retarget to it."""
        async with self.make_uow() as uow:
            name = await departments.topic_name(chat_id, old_thread, uow)
        topic = await self.bot.create_forum_topic(chat_id, name[:128])
        async with self.make_uow() as uow:
            await departments.topic_recreated(chat_id, old_thread, topic.message_thread_id, uow)
        return topic.message_thread_id
