"""What a task's card shows and where: its parameters (lines, history, the step buttons),
the card posted or edited in its chat, the order's files and messages beside it, and the
history lines the card shows.

Nothing here commits: these are steps of the services in tasks/ and orders/.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.domain.roles import Actor
from bot.domain.tasks.flow import DELIVERY_KINDS, buttons, is_open
from bot.domain.tasks.lines import PROCURE, STOCK, Attachment
from bot.services import outbox
from bot.services.tasks.rows import kind_of, lines_of, status_of
from storage.models import Order, OrderPosition, Task, TaskEvent
from storage.uow import UnitOfWork

CARD_KEY = "task:{}"
MAX_CARD_LINES = 40
MAX_CARD_HISTORY = 8
MAX_NOTE = 300
# Events that say nothing new on the card itself.
QUIET_EVENTS = frozenset({"message"})


def card_key(task_id: int) -> str:
    return CARD_KEY.format(task_id)


# --- the card ------------------------------------------------------------------------


def position_line(p: OrderPosition, qty: int) -> dict[str, Any]:
    variant = " · ".join(v for v in (p.colour, p.size, p.height) if v)
    return {"no": p.line_no, "model": p.model, "variant": variant, "qty": qty, "unit": p.unit}


async def card_params(uow: UnitOfWork, task: Task, order: Order, zone: str) -> dict[str, Any]:
    positions = {p.id: p for p in await uow.tasks.positions(order.id)}
    department = await uow.departments.find(task.department_id)
    client = await uow.counterparties.find(order.counterparty_id)
    events = [e for e in await uow.tasks.events([task.id]) if e.event not in QUIET_EVENTS]
    people = await uow.tasks.users(
        [e.actor_id for e in events if e.actor_id]
        + ([order.manager_id] if order.manager_id else [])
    )
    details = lines_of(task)
    shown = [
        pid
        for pid in sorted(details.qty, key=lambda i: _line_no(positions, i))
        if pid in positions
    ]
    lines = []
    for pid in shown[:MAX_CARD_LINES]:
        line = position_line(positions[pid], details.qty[pid])
        line["work"] = [w for w in details.work.get(pid, ()) if w not in (STOCK, PROCURE)]
        line["short"] = details.short.get(pid, 0)
        lines.append(line)
    status = status_of(task)
    manager = people.get(order.manager_id) if order.manager_id else None
    return {
        "task_id": task.id,
        "v": task.version,
        "tz": zone,
        "number": order.number,
        "client": client.name if client else "",
        "department": department.title if department else task.department_id,
        "kind": task.kind,
        "status": task.status,
        "deadline": order.deadline_on.isoformat() if order.deadline_on else "",
        "urgent": bool(order.is_urgent),
        "manager": manager.full_name if manager else "",
        "lines": lines,
        "more": max(0, len(shown) - MAX_CARD_LINES),
        "delivery": _delivery(order) if kind_of(task) in DELIVERY_KINDS else None,
        "expected": details.expected_on.isoformat() if details.expected_on else "",
        "tracking": details.tracking,
        "attachments": len(details.attachments),
        "photos": len(details.photos),
        "history": [_history_entry(e, people) for e in events[-MAX_CARD_HISTORY:]],
        "steps": [str(s) for s in buttons(kind_of(task), status)] if is_open(status) else [],
    }


def _line_no(positions: Mapping[int, OrderPosition], pid: int) -> int:
    p = positions.get(pid)
    return p.line_no if p else 0


def _delivery(order: Order) -> dict[str, str]:
    return {
        "kind": order.delivery_kind or "",
        "carrier": order.carrier or "",
        "city": order.city or "",
        "address": order.address or "",
    }


def _history_entry(e: TaskEvent, people: Mapping[int, Any]) -> dict[str, str]:
    who = people.get(e.actor_id) if e.actor_id else None
    return {
        "at": e.at.isoformat(),
        "who": who.full_name if who else str(e.details.get("who", "")),
        "event": e.event,
        "note": str(e.details.get("note", ""))[:MAX_NOTE],
    }


async def post_card(
    uow: UnitOfWork,
    task: Task,
    order: Order,
    *,
    chat_id: int,
    thread_id: int | None,
    zone: str,
    now: datetime,
) -> None:
    task.tg_chat_id, task.thread_id, task.is_posted = chat_id, thread_id, True
    task.updated_at = now
    await outbox.send(
        uow,
        chat_id=chat_id,
        thread_id=thread_id,
        view="task_card",
        params=await card_params(uow, task, order, zone),
        at=now,
        card_key=card_key(task.id),
        dedupe_key=f"task-card:{task.id}:{chat_id}:{thread_id or 0}",
    )
    for attachment in lines_of(task).attachments:  # those added while it waited
        await send_attachment(uow, task, order, attachment, now)


async def send_attachment(
    uow: UnitOfWork, task: Task, order: Order, attachment: Attachment, now: datetime
) -> None:
    """A file of the order (a logo layout, a spec) to the task's chat, beside its card."""
    if not task.is_posted or task.tg_chat_id is None:
        return
    await outbox.send_file(
        uow,
        chat_id=task.tg_chat_id,
        thread_id=task.thread_id,
        kind=attachment.kind,
        file_id=attachment.file_id,
        view="task_attachment",
        params={"number": order.number, "who": attachment.who, "note": attachment.note},
        at=now,
        dedupe_key=f"task-file:{task.id}:{task.tg_chat_id}:{_short_hash(attachment.file_id)}",
    )


def _short_hash(value: str) -> str:
    return hashlib.sha1(str(value).encode(), usedforsecurity=False).hexdigest()[:16]


async def refresh_card(
    uow: UnitOfWork, task: Task, order: Order, zone: str, now: datetime
) -> None:
    """Edit the card in place (nothing to do while it waits for a chat or a topic)."""
    if not task.is_posted or task.tg_chat_id is None:
        return
    await outbox.edit_card(
        uow,
        card_key=card_key(task.id),
        chat_id=task.tg_chat_id,
        thread_id=task.thread_id,
        view="task_card",
        params=await card_params(uow, task, order, zone),
        at=now,
    )


async def tell_chat(
    uow: UnitOfWork, task: Task, view: str, params: dict[str, Any], now: datetime
) -> None:
    """A message to the task's chat (or topic), beside its card."""
    if not task.is_posted or task.tg_chat_id is None:
        return
    await outbox.send(
        uow, chat_id=task.tg_chat_id, thread_id=task.thread_id, view=view, params=params, at=now
    )


def record(
    uow: UnitOfWork, task: Task, actor: Actor | None, event: str, now: datetime, **details: Any
) -> TaskEvent:
    entry = TaskEvent(
        task_id=task.id,
        at=now,
        actor_id=actor.user_id if actor else None,
        event=event,
        details=details | ({"who": actor.full_name} if actor and actor.full_name else {}),
    )
    uow.tasks.add_event(entry)
    return entry
