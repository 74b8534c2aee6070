"""Department tasks of an order: made when the order is placed, posted as cards in the
departments' chats, or kept waiting until a department gets a chat.

Forum supergroups: a department bound to a whole forum (not to one of its topics) gets one
topic per order, "Заявка №123 · Ромашка", shared by every department of that forum. Opening
a topic is a Bot API call whose answer (the thread id) later messages need, so it is queued
like any message: an outbox row `create_topic`; when the sender has made the topic it calls
`topic_opened`, which records it and posts the cards that waited for it (see
bot/sender_delivery.py). Nothing is posted before the topic exists, so no card lands in the
wrong place, and a crash between the two steps only delays the cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.domain.tasks.flow import (
    OrderStatus,
    PlannedTask,
    PositionWork,
    TaskStatus,
    plan_tasks,
    resolve_department,
)
from bot.domain.tasks.lines import order_attachments, planned_lines
from bot.domain.tasks.work import AfterWork, NewTask, after_work
from bot.services.orders import routing
from bot.services.tasks.cards import post_card, record
from bot.services.tasks.loading import current_routes
from bot.services.tasks.rows import keep_lines, lines_of, order_state
from bot.services.tasks.telling import department_title, tell_after_work, tell_no_chat
from storage.models import Order, OrderPosition, OrderTopic, OutboxMessage, Task
from storage.models.core import DepartmentChat
from storage.uow import UnitOfWork

log = structlog.get_logger()

CREATE_TOPIC = "create_topic"


async def dispatch_order(
    uow: UnitOfWork,
    order: Order,
    positions: Sequence[OrderPosition],
    *,
    actor: Actor,
    clock: Clock,
) -> None:
    """Create one task per department involved and queue the cards; does not commit.

    The order and its positions must be flushed (they have ids). Delivery gets its task
    later, when every other task is done (after_work_done)."""
    now = clock.now()
    routes = await current_routes(uow)
    stock = await uow.tasks.stock(p.sku for p in positions if p.sku)
    works = [PositionWork(p.id, p.sku, p.qty, tuple(p.work or ())) for p in positions]
    planned = plan_tasks(works, routes.rules, routes.bound, routes.fallbacks, stock)
    order.status, order.updated_at = OrderStatus.IN_WORK, now
    zone = await routing.zone_name(uow)
    for plan in planned:
        task = await create_task(uow, order, plan, now=now)
        await place_task(uow, task, order, zone=zone, now=now)
    if not planned:  # nothing for the departments to do: straight to delivery (or pickup)
        await after_work_done(uow, order, actor, now, zone)
    log.info("order_dispatched", order_id=order.id, tasks=[p.department_id for p in planned])


async def create_task(uow: UnitOfWork, order: Order, plan: PlannedTask, *, now: datetime) -> Task:
    """A department's task of the order, as planned when the order is placed."""
    attachments = order_attachments(lines_of(t) for t in await uow.tasks.of_order(order.id))
    lines = planned_lines(plan.qty, plan.work, plan.routed or [plan.department_id], attachments)
    return await add_task(uow, order, NewTask(plan.department_id, plan.kind, lines), now=now)


async def add_task(uow: UnitOfWork, order: Order, new: NewTask, *, now: datetime) -> Task:
    """The task's row (flushed: it has an id) and its first history line. A task made later
    (supply for a shortage, the delivery) has the files attached to the order before in its
    lines (posted with its card)."""
    task = Task(
        order_id=order.id,
        department_id=new.department_id,
        kind=str(new.kind),
        status=str(TaskStatus.NEW),
        position_ids=[],
        details={},
        version=1,
        is_posted=False,
        created_at=now,
        updated_at=now,
    )
    keep_lines(task, new.lines)
    uow.tasks.add(task)
    await uow.flush()
    record(uow, task, None, "created", now)
    return task


async def place_task(
    uow: UnitOfWork, task: Task, order: Order, *, zone: str, now: datetime
) -> None:
    """Post the card where the department works; without a chat the task waits (and the
    manager and admins are told)."""
    chat = await uow.department_chats.active_for(task.department_id)
    if chat is None:
        await tell_no_chat(uow, order, task, await department_title(uow, task.department_id), now)
        record(uow, task, None, "waiting", now)
        return
    await post_to_chat(uow, task, order, chat, zone=zone, now=now)


async def post_to_chat(
    uow: UnitOfWork, task: Task, order: Order, chat: DepartmentChat, *, zone: str, now: datetime
) -> None:
    if not (chat.is_forum and chat.thread_id is None):
        await post_card(
            uow, task, order, chat_id=chat.tg_chat_id, thread_id=chat.thread_id, zone=zone, now=now
        )
        return
    topic = await uow.tasks.topic(order.id, chat.tg_chat_id)
    if topic is not None:
        await post_card(
            uow,
            task,
            order,
            chat_id=chat.tg_chat_id,
            thread_id=topic.thread_id,
            zone=zone,
            now=now,
        )
        return
    # the order's topic is not there yet: the card goes out when it is (topic_opened)
    task.tg_chat_id, task.thread_id, task.is_posted = chat.tg_chat_id, None, False
    client = await uow.counterparties.find(order.counterparty_id)
    await uow.outbox.add(
        OutboxMessage(
            tg_chat_id=chat.tg_chat_id,
            thread_id=None,
            method=CREATE_TOPIC,
            payload={
                "view": "order_topic_name",
                "params": {
                    "order_id": order.id,
                    "number": order.number,
                    "client": client.name if client else "",
                },
            },
            priority=0,
            card_key=None,
            dedupe_key=f"topic:{order.id}:{chat.tg_chat_id}",
            status="pending",
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
    )


async def topic_opened(
    uow: UnitOfWork,
    order_id: int,
    tg_chat_id: int,
    thread_id: int | None,
    name: str,
    clock: Clock,
) -> int:
    """The sender made the order's topic (thread_id None: it could not, the cards go to the
    chat itself): record it and post the cards that waited. Returns how many were posted."""
    now = clock.now()
    order = await uow.tasks.order(order_id)
    if order is None:
        await uow.commit()
        return 0
    if thread_id is not None:
        existing = await uow.tasks.topic(order_id, tg_chat_id)
        if existing is None:
            uow.tasks.add_topic(
                OrderTopic(
                    order_id=order_id,
                    tg_chat_id=tg_chat_id,
                    thread_id=thread_id,
                    name=name[:128],
                    created_at=now,
                )
            )
        else:
            thread_id = existing.thread_id
    zone = await routing.zone_name(uow)
    waiting = list(await uow.tasks.waiting_for_topic(order_id, tg_chat_id))
    for task in waiting:
        if task.status == TaskStatus.CANCELLED:
            continue
        await post_card(
            uow, task, order, chat_id=tg_chat_id, thread_id=thread_id, zone=zone, now=now
        )
    await uow.commit()
    log.info("order_topic_opened", order_id=order_id, chat=tg_chat_id, thread=thread_id)
    return len(waiting)


async def order_topic_name(uow: UnitOfWork, tg_chat_id: int, thread_id: int) -> str | None:
    """The name of the order's topic `thread_id` ("Заявка №123 · Ромашка") to reopen it with
    when it was deleted; None when the thread is no order's topic."""
    topic = await uow.tasks.topic_at(tg_chat_id, thread_id)
    return topic.name if topic is not None else None


async def order_topic_recreated(
    uow: UnitOfWork, tg_chat_id: int, old_thread: int, new_thread: int
) -> None:
    """The order's deleted topic was opened again: its tasks live in the new one. Does not
    commit."""
    topic = await uow.tasks.topic_at(tg_chat_id, old_thread)
    if topic is None:
        return
    topic.thread_id = new_thread
    for task in await uow.tasks.of_order(topic.order_id):
        if task.tg_chat_id == tg_chat_id and task.thread_id == old_thread:
            task.thread_id = new_thread
    log.info("order_topic_recreated", order_id=topic.order_id, old=old_thread, new=new_thread)


async def post_waiting_tasks(uow: UnitOfWork, department_id: str, clock: Clock) -> int:
    """A chat was bound to `department_id`: post the tasks that waited for it, and those of
    departments that fall back to it and still have no chat (logo -> workshop). Does not
    commit (called inside bind_chat). Returns how many tasks were placed."""
    chat = await uow.department_chats.active_for(department_id)
    if chat is None:
        return 0
    now = clock.now()
    zone = await routing.zone_name(uow)
    bound = {c.department_id for c in await uow.department_chats.active()}
    fallbacks = {d.id: d.fallback_id for d in await uow.departments.all()}
    candidates = [d for d in fallbacks if d not in bound or d == department_id]
    placed = 0
    for waiting_department in candidates:
        if resolve_department(waiting_department, bound, fallbacks) != department_id:
            continue
        for task in await uow.tasks.waiting_for_chat(waiting_department):
            order = await uow.tasks.order(task.order_id)
            if order is None or order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
                continue
            task.department_id = department_id
            await post_to_chat(uow, task, order, chat, zone=zone, now=now)
            record(uow, task, None, "posted", now)
            placed += 1
    if placed:
        log.info("waiting_tasks_posted", department=department_id, tasks=placed)
    return placed


async def after_work_done(
    uow: UnitOfWork, order: Order, actor: Actor | None, now: datetime, zone: str
) -> None:
    """When every department's work is done, the delivery task goes out, or the client is
    told the order is ready to pick up."""
    if order.status != OrderStatus.IN_WORK:
        return
    state = order_state(
        order, await uow.tasks.positions(order.id), await uow.tasks.of_order(order.id)
    )
    statuses = [(t.kind, t.status) for t in state.tasks]
    after = after_work(state, statuses, await current_routes(uow))
    if after is not None:
        delivery = await start_after_work(uow, order, after, now=now, zone=zone)
        await tell_after_work(uow, order, after, actor, delivery=delivery, now=now, zone=zone)


async def start_after_work(
    uow: UnitOfWork, order: Order, after: AfterWork, *, now: datetime, zone: str
) -> Task | None:
    """The order's new status, and its delivery task made and placed (returned)."""
    order.status, order.updated_at = after.order_status, now
    if after.delivery is None:
        return None
    task = await add_task(uow, order, after.delivery, now=now)
    await place_task(uow, task, order, zone=zone, now=now)
    return task
