"""Queue messages for the sender, in the caller's transaction.

A message names a view (rendered by bot/views at send time) and its parameters, so services
stay free of Telegram types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from storage.models import OutboxMessage
from storage.uow import UnitOfWork


class Priority(IntEnum):
    INTERACTIVE = 0  # an answer to somebody who just pressed or wrote
    NOTICE = 5  # told about somebody else's action
    BULK = 10  # digests, mass reminders


async def send(
    uow: UnitOfWork,
    *,
    chat_id: int,
    view: str,
    params: dict[str, Any] | None = None,
    at: datetime,
    thread_id: int | None = None,
    priority: Priority = Priority.NOTICE,
    card_key: str | None = None,
    dedupe_key: str | None = None,
) -> bool:
    return await uow.outbox.add(
        _row("send", chat_id, thread_id, view, params, at, priority, card_key, dedupe_key)
    )


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message of a bulk send (`send_many`)."""

    chat_id: int
    view: str
    params: dict[str, Any]
    dedupe_key: str
    thread_id: int | None = None
    card_key: str | None = None


async def send_many(
    uow: UnitOfWork, messages: Sequence[Outgoing], *, at: datetime, priority: Priority
) -> int:
    """Many messages in one statement per few hundred; a dedupe key already used is skipped.
    How many were queued."""
    rows = [
        _values("send", m.chat_id, m.thread_id, m.view, m.params, at, priority, m.card_key,
                m.dedupe_key)
        for m in messages
    ]  # fmt: skip
    return await uow.outbox.add_new(rows)


async def send_file(
    uow: UnitOfWork,
    *,
    chat_id: int,
    kind: str,
    file_id: str,
    view: str,
    params: dict[str, Any] | None = None,
    at: datetime,
    priority: Priority = Priority.NOTICE,
    card_key: str | None = None,
    dedupe_key: str | None = None,
    thread_id: int | None = None,
) -> bool:
    """Send a file Telegram already has (`kind` "photo" or "document") by its file_id,
    with the view as its caption and buttons."""
    if kind not in {"photo", "document"}:
        raise ValueError(f"cannot send a file of kind {kind!r}")
    row = _row(kind, chat_id, thread_id, view, params, at, priority, card_key, dedupe_key)
    row.payload = {**row.payload, "file_id": file_id}
    return await uow.outbox.add(row)


async def edit_card(
    uow: UnitOfWork,
    *,
    card_key: str,
    chat_id: int,
    view: str,
    params: dict[str, Any] | None = None,
    at: datetime,
    thread_id: int | None = None,
    priority: Priority = Priority.INTERACTIVE,
    caption: bool = False,
) -> bool:
    """Edit a card in place; `caption` for a card that is a photo or document."""
    row = _row("edit", chat_id, thread_id, view, params, at, priority, card_key, None)
    if caption:
        row.payload = {**row.payload, "caption": True}
    return await uow.outbox.add(row)


async def set_commands(uow: UnitOfWork, *, chat_id: int, role: str | None, at: datetime) -> bool:
    """Show a person the command menu of their role (None: the stranger's menu)."""
    return await uow.outbox.add(
        _row(
            "set_commands",
            chat_id,
            None,
            "commands",
            {"role": role},
            at,
            Priority.NOTICE,
            None,
            None,
        )
    )


def _row(*values: Any) -> OutboxMessage:
    """An outbox row of `_values(...)`."""
    return OutboxMessage(**_values(*values))


def _values(
    method: str,
    chat_id: int,
    thread_id: int | None,
    view: str,
    params: dict[str, Any] | None,
    at: datetime,
    priority: Priority,
    card_key: str | None,
    dedupe_key: str | None,
) -> dict[str, Any]:
    return {
        "tg_chat_id": chat_id,
        "thread_id": thread_id,
        "method": method,
        "payload": {"view": view, "params": params or {}},
        "priority": int(priority),
        "card_key": card_key,
        "dedupe_key": dedupe_key,
        "status": "pending",
        "attempts": 0,
        "created_at": at,
        "next_attempt_at": at,
    }


# --- replies: what a handler answers the person whose update it handles ----------------------
# Written by bot/telegram/replies.py in the update's own unit of work (so a handler that fails
# rolls its replies back with its writes), with the interactive priority. The text is rendered
# when the reply is written (view REPLY_VIEW carries it); the sender splits or cuts it to
# Telegram's limits, paces it with everything else and honours `retry_after`.

REPLY_VIEW = "reply"


async def reply(
    uow: UnitOfWork,
    *,
    chat_id: int,
    text: str,
    at: datetime,
    thread_id: int | None = None,
    markup: dict[str, Any] | None = None,
    keyboard: dict[str, Any] | None = None,
    reply_to: int | None = None,
) -> bool:
    """A new message. `markup`: inline buttons; `keyboard`: the person's own keyboard (a
    reply keyboard, or its removal) instead; `reply_to`: the message it quotes."""
    row = _row(
        "send", chat_id, thread_id, REPLY_VIEW, _reply_params(text, markup), at,
        Priority.INTERACTIVE, None, None,
    )  # fmt: skip
    extra: dict[str, Any] = {}
    if keyboard is not None:
        extra["keyboard"] = keyboard
    if reply_to is not None:
        extra["reply_to"] = reply_to
    row.payload = {**row.payload, **extra}
    return await uow.outbox.add(row)


async def reply_edit(
    uow: UnitOfWork,
    *,
    chat_id: int,
    message_id: int,
    text: str,
    at: datetime,
    thread_id: int | None = None,
    markup: dict[str, Any] | None = None,
) -> bool:
    """Show `text` in place of message `message_id` (the pressed one); a new message if it
    is gone. Too long a text is cut with a mark (an edit is one message)."""
    row = _row(
        "edit", chat_id, thread_id, REPLY_VIEW, _reply_params(text, markup), at,
        Priority.INTERACTIVE, None, None,
    )  # fmt: skip
    row.payload = {**row.payload, "message_id": message_id}
    return await uow.outbox.add(row)


async def reply_drop_buttons(
    uow: UnitOfWork, *, chat_id: int, message_id: int, at: datetime
) -> bool:
    """Take the buttons off message `message_id`."""
    row = _row(
        "drop_buttons", chat_id, None, REPLY_VIEW, None, at, Priority.INTERACTIVE, None, None
    )
    row.payload = {**row.payload, "message_id": message_id}
    return await uow.outbox.add(row)


async def reply_document(
    uow: UnitOfWork,
    *,
    chat_id: int,
    data: bytes,
    filename: str,
    caption: str | None,
    at: datetime,
    thread_id: int | None = None,
) -> bool:
    """A file made for the person (an export): its bytes are stored with the row."""
    row = _row(
        "document", chat_id, thread_id, REPLY_VIEW, _reply_params(caption or "", None), at,
        Priority.INTERACTIVE, None, None,
    )  # fmt: skip
    row.payload = {**row.payload, "filename": filename}
    row.attachment = data
    return await uow.outbox.add(row)


async def reply_contact(
    uow: UnitOfWork,
    *,
    chat_id: int,
    phone: str,
    first_name: str,
    last_name: str | None,
    at: datetime,
    thread_id: int | None = None,
) -> bool:
    contact = {"phone": phone, "first_name": first_name, "last_name": last_name}
    row = _row(
        "contact", chat_id, thread_id, REPLY_VIEW, None, at, Priority.INTERACTIVE, None, None
    )
    row.payload = {**row.payload, "contact": contact}
    return await uow.outbox.add(row)


def _reply_params(text: str, markup: dict[str, Any] | None) -> dict[str, Any]:
    params: dict[str, Any] = {"text": text}
    if markup is not None:
        params["markup"] = markup
    return params
