"""Whom a task's news reach, besides its card: the manager's coalesced news of the order,
the line in the client's timeline, the client's people, and the manager and admins when a
department has no chat.

Nothing here commits: these are steps of the services in tasks/ and orders/.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.domain.roles import Actor, Role
from bot.domain.tasks.work import AfterWork, News
from bot.services import outbox
from bot.services.outbox import Priority
from storage.models import Interaction, Order, OutboxMessage, Task
from storage.uow import UnitOfWork

NEWS_KEY = "order-news:{}"
NEWS_WINDOW = timedelta(seconds=3)  # news of one order within this time go out as one message
MAX_NEWS_ITEMS = 30
MAX_NOTE = 300
INTERACTION_FORM = "order_event"


# --- the manager's news --------------------------------------------------------------


async def news(
    uow: UnitOfWork, order: Order, item: News, *, zone: str, now: datetime, clients: int = 0
) -> None:
    """Tell the order's manager; what happens to one order within NEWS_WINDOW comes as one
    message (a waiting news row is extended instead of adding another). `clients`: how many
    of the client's people were told, for an item that says so."""
    if order.manager_id is None:
        return
    manager = await uow.users.find(order.manager_id)
    if manager is None or manager.tg_user_id is None or not manager.is_active:
        return
    entry: dict[str, Any] = {
        "at": now.isoformat(),
        "event": item.event,
        "task_id": item.task_id,
        "department": item.department,
        "who": item.who,
        "note": item.note,
    }
    if item.counts_clients:
        entry["clients"] = clients
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


async def tell_after_work(
    uow: UnitOfWork,
    order: Order,
    after: AfterWork,
    actor: Actor | None,
    *,
    delivery: Task | None,
    now: datetime,
    zone: str,
) -> None:
    """Every department's work is done: the client hears the order is ready (the timeline and
    the manager's news say how many of their people were told), or the manager hears that
    the delivery task went out."""
    told = 0
    if after.clients is not None:
        told = await tell_clients(uow, order, after.clients.view, dict(after.clients.params), now)
    for entry in after.timeline:
        log_interaction(
            uow, order, entry.event, actor, now, department=entry.department, note=entry.note
        )
    for item in after.news:
        await news(uow, order, item, zone=zone, now=now, clients=told)
    if delivery is not None and after.delivery is not None and after.delivery.news is not None:
        await news(
            uow, order, replace(after.delivery.news, task_id=delivery.id), zone=zone, now=now
        )
