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
