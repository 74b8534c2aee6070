"""What tasks show and whom they tell: the card's parameters, the card in its chat, the
manager's coalesced news, the client's log and the client.

Nothing here commits: these are steps of the services in order_tasks, task_actions and
my_orders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain.roles import Actor, Role
from bot.domain.tasks.flow import (
    TaskKind,
    TaskStatus,
    buttons,
    is_open,
    parse_kind,
    parse_status,
)
from bot.services import outbox
from bot.services.outbox import Priority
from storage.models import (
    Interaction,
    Order,
    OrderPosition,
    OutboxMessage,
    Task,
    TaskEvent,
)
from storage.uow import UnitOfWork

CARD_KEY = "task:{}"
NEWS_KEY = "order-news:{}"
NEWS_WINDOW = timedelta(seconds=3)  # news of one order within this time go out as one message
MAX_NEWS_ITEMS = 30
MAX_CARD_LINES = 40
MAX_CARD_HISTORY = 8
MAX_NOTE = 300
INTERACTION_FORM = "order_event"
# Events that say nothing new on the card itself.
QUIET_EVENTS = frozenset({"message"})


def card_key(task_id: int) -> str:
    return CARD_KEY.format(task_id)


# --- a task's lines (JSON keys are strings) -------------------------------------------


def lines_of(task: Task) -> dict[int, int]:
    """Position id -> the quantity this task works on."""
    return {int(k): int(v) for k, v in dict(task.details.get("qty", {})).items()}


def work_of(task: Task) -> dict[int, list[str]]:
    return {int(k): list(v) for k, v in dict(task.details.get("work", {})).items()}


def short_of(task: Task) -> dict[int, int]:
    return {int(k): int(v) for k, v in dict(task.details.get("short", {})).items()}


def set_lines(
    task: Task,
    qty: Mapping[int, int],
    work: Mapping[int, Sequence[str]] | None = None,
    short: Mapping[int, int] | None = None,
) -> None:
    """Replace the task's lines (a new dict, so the JSON column is written)."""
    details = dict(task.details)
    details["qty"] = {str(k): v for k, v in qty.items()}
    if work is not None:
        details["work"] = {str(k): list(v) for k, v in work.items()}
    if short is not None:
        details["short"] = {str(k): v for k, v in short.items() if v > 0}
    task.details = details
    task.position_ids = sorted(qty)


def set_detail(task: Task, **values: Any) -> None:
    task.details = {**task.details, **values}


def kind_of(task: Task) -> TaskKind:
    return parse_kind(task.kind)


def status_of(task: Task) -> TaskStatus:
    return parse_status(task.status)


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
    qty, work, short = lines_of(task), work_of(task), short_of(task)
    shown = [pid for pid in sorted(qty, key=lambda i: _line_no(positions, i)) if pid in positions]
    lines = []
    for pid in shown[:MAX_CARD_LINES]:
        line = position_line(positions[pid], qty[pid])
        line["work"] = [w for w in work.get(pid, []) if w not in ("stock", "procure")]
        line["short"] = short.get(pid, 0)
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
        "delivery": _delivery(order)
        if kind_of(task) in (TaskKind.DELIVERY, TaskKind.SHIPMENT)
        else None,
        "expected": str(task.details.get("expected_on", "")),
        "tracking": str(task.details.get("tracking", "")),
        "attachments": len(task.details.get("attachments", [])),
        "photos": len(task.details.get("photos", [])),
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
    for attachment in task.details.get("attachments", []):  # those added while it waited
        await send_attachment(uow, task, order, attachment, now)


async def send_attachment(
    uow: UnitOfWork, task: Task, order: Order, attachment: dict[str, Any], now: datetime
) -> None:
    """A file of the order (a logo layout, a spec) to the task's chat, beside its card."""
    if not task.is_posted or task.tg_chat_id is None:
        return
    await outbox.send_file(
        uow,
        chat_id=task.tg_chat_id,
        thread_id=task.thread_id,
        kind=str(attachment["kind"]),
        file_id=str(attachment["file_id"]),
        view="task_attachment",
        params={
            "number": order.number,
            "who": str(attachment.get("who") or ""),
            "note": str(attachment.get("note") or ""),
        },
        at=now,
        dedupe_key=f"task-file:{task.id}:{task.tg_chat_id}:{_short_hash(attachment['file_id'])}",
    )


def _short_hash(value: object) -> str:
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


# --- the manager's news --------------------------------------------------------------


async def news(
    uow: UnitOfWork, order: Order, item: dict[str, Any], *, zone: str, now: datetime
) -> None:
    """Tell the order's manager; what happens to one order within NEWS_WINDOW comes as one
    message (a waiting news row is extended instead of adding another)."""
    if order.manager_id is None:
        return
    manager = await uow.users.find(order.manager_id)
    if manager is None or manager.tg_user_id is None or not manager.is_active:
        return
    entry = {"at": now.isoformat(), **item}
    key = NEWS_KEY.format(order.id)
    pending = await uow.tasks.pending_news(manager.tg_user_id, key)
    if pending is not None:
        params = dict(pending.payload.get("params", {}))
        params["items"] = [*params.get("items", []), entry][-MAX_NEWS_ITEMS:]
        pending.payload = {**pending.payload, "params": params}
        return
    client = await uow.counterparties.find(order.counterparty_id)
    params = {
        "order_id": order.id,
        "number": order.number,
        "client": client.name if client else "",
        "tz": zone,
        "items": [entry],
    }
    await uow.outbox.add(
        OutboxMessage(
            tg_chat_id=manager.tg_user_id,
            thread_id=None,
            method="send",
            payload={"view": "order_news", "params": params},
            priority=int(Priority.NOTICE),
            card_key=key,
            dedupe_key=None,
            status="pending",
            attempts=0,
            created_at=now,
            next_attempt_at=now + NEWS_WINDOW,
        )
    )


def news_item(
    event: str, task: Task | None, department: str, actor: Actor | None, **extra: Any
) -> dict[str, Any]:
    return {
        "event": event,
        "task_id": task.id if task else None,
        "department": department,
        "who": actor.full_name if actor else "",
        **extra,
    }


# --- the client's log and the client ------------------------------------------------


def log_interaction(
    uow: UnitOfWork,
    order: Order,
    event: str,
    actor: Actor | None,
    now: datetime,
    *,
    department: str = "",
    note: str = "",
) -> None:
    """Every order event is a line in the client's timeline (form "order_event")."""
    topic = " · ".join(part for part in (f"№{order.number}", department, note[:MAX_NOTE]) if part)
    uow.interactions.add(
        Interaction(
            counterparty_id=order.counterparty_id,
            author_id=actor.user_id if actor else None,
            form=INTERACTION_FORM,
            outcome=f"order_{event}"[:24],
            topic=topic,
            order_id=order.id,
            occurred_at=now,
            created_at=now,
        )
    )


async def tell_clients(
    uow: UnitOfWork, order: Order, view: str, params: dict[str, Any], now: datetime
) -> int:
    """Tell the client's registered people; returns how many."""
    told = 0
    for user in await uow.tasks.client_users(order.counterparty_id):
        assert user.tg_user_id is not None
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view=view,
            params={"number": order.number, **params},
            at=now,
            dedupe_key=f"{view}:{order.id}:{user.id}",
        )
        told += 1
    return told


async def tell_no_chat(
    uow: UnitOfWork, order: Order, task: Task, department: str, now: datetime
) -> None:
    """A department without a chat: the manager and the admins are told at once."""
    recipients = {u.id: u for u in await uow.users.with_roles([Role.ADMIN])}
    if order.manager_id is not None:
        manager = await uow.users.find(order.manager_id)
        if manager is not None and manager.is_active:
            recipients[manager.id] = manager
    client = await uow.counterparties.find(order.counterparty_id)
    for user in recipients.values():
        if user.tg_user_id is None:
            continue
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view="task_no_chat",
            params={
                "number": order.number,
                "client": client.name if client else "",
                "department": department,
                "department_id": task.department_id,
            },
            at=now,
            dedupe_key=f"task-no-chat:{task.id}:{user.id}",
        )


async def department_title(uow: UnitOfWork, department_id: str) -> str:
    department = await uow.departments.find(department_id)
    return department.title if department else department_id


def open_tasks(tasks: Sequence[Task]) -> list[Task]:
    return [t for t in tasks if is_open(status_of(t))]
