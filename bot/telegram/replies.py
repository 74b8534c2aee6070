"""How a handler answers the person whose update it handles: `reply.answer(rendered)`,
`reply.edit(rendered)`, `reply.document(...)`, `reply.contact(...)`.

Handlers never call `message.answer(...)` themselves: this is the one place a reply leaves
from. A reply is an outbox row (bot/services/outbox.py `reply*`) written in the update's own
unit of work, with the interactive priority: it is committed with the change it reports (a
handler that fails takes its replies back with its writes), and the sender, woken right after
the commit, delivers it within Telegram's limits like every other message: paced, split or
cut to the limits, sent again on 429 (after `retry_after`), 5xx or a timeout. A handler never
fails because Telegram did.

Callback answers (the little notice or alert on a pressed button) stay immediate and direct:
`answer_callback` cuts them to Telegram's 200 characters and never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from aiogram.exceptions import AiogramError
from aiogram.types import (
    CallbackQuery,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)

from bot.clock import Clock
from bot.services import outbox
from bot.views.rendered import Rendered
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = structlog.get_logger()

CALLBACK_ANSWER_LIMIT = 200  # characters of a callback answer (a notice or an alert)
CALLBACK_ANSWER_TIMEOUT = 5  # seconds: a press is answered at once or not at all


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
    """The replies of one update, written to `uow` (the update's unit of work)."""

    def __init__(
        self,
        target: ReplyTarget,
        uow: UnitOfWork,
        clock: Clock,
        *,
        make_uow: UnitOfWorkFactory,
        wake: Callable[[], None],
    ) -> None:
        self.target = target
        self.uow = uow
        self.clock = clock
        self.make_uow = make_uow
        self.wake = wake

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
        await self._answer(self.uow, _rendered(rendered), quote=quote, keyboard=keyboard)

    async def apart(self, rendered: Rendered | str) -> None:
        """A new message written in a unit of work of its own and sent at once: what the
        error handler tells the person after the update's own work was rolled back."""
        async with self.make_uow() as uow:
            await self._answer(uow, _rendered(rendered), quote=False, keyboard=None)
            await uow.commit()
        self.wake()

    async def _answer(
        self,
        uow: UnitOfWork,
        rendered: Rendered,
        *,
        quote: bool,
        keyboard: ReplyKeyboardMarkup | ReplyKeyboardRemove | None,
    ) -> None:
        t = self.target
        await outbox.reply(
            uow,
            chat_id=t.chat_id,
            thread_id=t.thread_id,
            text=rendered.text,
            markup=_dump(rendered.reply_markup),
            keyboard=_dump(keyboard),
            reply_to=t.reply_to if quote else None,
            at=self.clock.now(),
        )

    async def edit(self, rendered: Rendered | str) -> None:
        """Show the next screen in place of the pressed one (a new message if there is none,
        or if it is gone)."""
        rendered = _rendered(rendered)
        t = self.target
        if t.pressed_message_id is None:
            await self.answer(rendered)
            return
        await outbox.reply_edit(
            self.uow,
            chat_id=t.chat_id,
            thread_id=t.thread_id,
            message_id=t.pressed_message_id,
            text=rendered.text,
            markup=_dump(rendered.reply_markup),
            at=self.clock.now(),
        )

    async def drop_buttons(self) -> None:
        """Take the buttons off the pressed message (a screen that is done)."""
        t = self.target
        if t.pressed_message_id is None:
            return
        await outbox.reply_drop_buttons(
            self.uow, chat_id=t.chat_id, message_id=t.pressed_message_id, at=self.clock.now()
        )

    async def document(self, data: bytes, filename: str, caption: str | None = None) -> None:
        t = self.target
        await outbox.reply_document(
            self.uow,
            chat_id=t.chat_id,
            thread_id=t.thread_id,
            data=data,
            filename=filename,
            caption=caption,
            at=self.clock.now(),
        )

    async def contact(self, phone: str, first_name: str, last_name: str | None = None) -> None:
        t = self.target
        await outbox.reply_contact(
            self.uow,
            chat_id=t.chat_id,
            thread_id=t.thread_id,
            phone=phone,
            first_name=first_name,
            last_name=last_name,
            at=self.clock.now(),
        )


async def answer_callback(
    query: CallbackQuery, text: str | None = None, *, show_alert: bool = False
) -> bool:
    """Answer a button press now, cut to Telegram's 200 characters. Never raises: a press
    Telegram refused to hear answered (429, 5xx, a timeout, a query too old) is logged, and
    the handler goes on. True if Telegram took it."""
    if text is not None and len(text) > CALLBACK_ANSWER_LIMIT:
        text = text[: CALLBACK_ANSWER_LIMIT - 1] + "…"
    method = query.answer(text, show_alert=show_alert)
    try:
        if query.bot is None:
            await method
        else:
            await query.bot(method, request_timeout=CALLBACK_ANSWER_TIMEOUT)
    except (AiogramError, TimeoutError, OSError) as exc:
        log.warning("callback_answer_failed", error=f"{type(exc).__name__}: {exc}"[:300])
        return False
    return True


def _rendered(value: Rendered | str) -> Rendered:
    return Rendered(value) if isinstance(value, str) else value


def _dump(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    dumped: dict[str, Any] = markup.model_dump(mode="json", exclude_none=True)
    return dumped
