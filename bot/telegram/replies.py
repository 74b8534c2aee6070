"""How a handler answers the person whose update it handles: `reply.answer(rendered)`,
`reply.edit(rendered)`, `reply.document(...)`, `reply.contact(...)`.

Handlers never call `message.answer(...)` themselves: this is the one place a reply leaves
from, so pacing, Telegram's limits and the delivery guarantee are decided here for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)

from bot.views.rendered import Rendered


@dataclass(frozen=True, slots=True)
class ReplyTarget:
    """Where replies to one update go: the chat (and forum topic) it came from; for a button
    press, the message that carried the button (to edit in place)."""

    chat_id: int
    thread_id: int | None = None
    reply_to: int | None = None  # the person's own message, for `quote=True`
    pressed_message_id: int | None = None


def target_of(event: TelegramObject) -> ReplyTarget | None:
    if isinstance(event, Message):
        thread = event.message_thread_id if event.is_topic_message else None
        return ReplyTarget(event.chat.id, thread, reply_to=event.message_id)
    if isinstance(event, CallbackQuery):
        message = event.message
        if isinstance(message, Message):
            thread = message.message_thread_id if message.is_topic_message else None
            return ReplyTarget(message.chat.id, thread, pressed_message_id=message.message_id)
        return ReplyTarget(event.from_user.id)  # the card is gone: answer in private
    return None


class Replies:
    def __init__(self, bot: Bot, target: ReplyTarget) -> None:
        self.bot = bot
        self.target = target

    async def answer(
        self,
        rendered: Rendered | str,
        *,
        quote: bool = False,
        keyboard: ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None,
    ) -> None:
        """A new message in the update's chat (a reply to the person's message if `quote`).
        `keyboard` sets (or removes) the person's own keyboard instead of inline buttons, as
        the «share my phone» button of a private chat."""
        rendered = _rendered(rendered)
        t = self.target
        await self.bot.send_message(
            t.chat_id,
            rendered.text,
            message_thread_id=t.thread_id,
            reply_markup=keyboard if keyboard is not None else rendered.reply_markup,
            reply_to_message_id=t.reply_to if quote else None,
        )

    async def edit(self, rendered: Rendered | str) -> None:
        """Show the next screen in place of the pressed one (a new message if there is none)."""
        rendered = _rendered(rendered)
        t = self.target
        if t.pressed_message_id is None:
            await self.answer(rendered)
            return
        try:
            await self.bot.edit_message_text(
                rendered.text,
                chat_id=t.chat_id,
                message_id=t.pressed_message_id,
                reply_markup=rendered.reply_markup,
            )
        except TelegramBadRequest as exc:
            if "message is not modified" not in str(exc):
                raise

    async def drop_buttons(self) -> None:
        """Take the buttons off the pressed message (a screen that is done)."""
        t = self.target
        if t.pressed_message_id is None:
            return
        try:
            await self.bot.edit_message_reply_markup(
                chat_id=t.chat_id, message_id=t.pressed_message_id, reply_markup=None
            )
        except TelegramBadRequest as exc:
            if "message is not modified" not in str(exc):
                raise

    async def document(self, data: bytes, filename: str, caption: str | None = None) -> None:
        t = self.target
        await self.bot.send_document(
            t.chat_id,
            BufferedInputFile(data, filename=filename),
            message_thread_id=t.thread_id,
            caption=caption,
        )

    async def contact(self, phone: str, first_name: str, last_name: str | None = None) -> None:
        t = self.target
        await self.bot.send_contact(
            t.chat_id,
            phone_number=phone,
            first_name=first_name,
            last_name=last_name,
            message_thread_id=t.thread_id,
        )


def _rendered(value: Rendered | str) -> Rendered:
    return Rendered(value) if isinstance(value, str) else value
