"""Department tasks, their events and forum topics; orders as the task side reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import (
    Card,
    CatalogEntry,
    ContactPerson,
    Order,
    OrderPosition,
    OrderTopic,
    OutboxMessage,
    Task,
    TaskEvent,
    User,
)

TASK_CARD_PREFIX = "task:"


class TaskRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- tasks -------------------------------------------------------------------------

    def add(self, task: Task) -> None:
        self.session.add(task)

    def add_event(self, event: TaskEvent) -> None:
        self.session.add(event)

    async def get(self, task_id: int) -> Task:
        task = await self.find(task_id)
        if task is None:
            raise NotFound("task-not-found")
        return task

    async def find(self, task_id: int) -> Task | None:
        return await self.session.get(Task, task_id, populate_existing=True)

    async def of_order(self, order_id: int) -> Sequence[Task]:
        query = select(Task).where(Task.order_id == order_id).order_by(Task.id)
        return (await self.session.scalars(query)).all()

    async def of_orders(self, order_ids: Sequence[int]) -> Sequence[Task]:
        if not order_ids:
            return []
        query = select(Task).where(Task.order_id.in_(order_ids)).order_by(Task.id)
        return (await self.session.scalars(query)).all()

    async def waiting_for_chat(self, department_id: str) -> Sequence[Task]:
        """Tasks of a department that had no chat when they were made."""
        query = select(Task).where(
            Task.department_id == department_id,
            Task.is_posted.is_(False),
            Task.tg_chat_id.is_(None),
            Task.status != "cancelled",
        )
        return (await self.session.scalars(query.order_by(Task.id))).all()

    async def waiting_for_topic(self, order_id: int, tg_chat_id: int) -> Sequence[Task]:
        query = select(Task).where(
            Task.order_id == order_id,
            Task.tg_chat_id == tg_chat_id,
            Task.is_posted.is_(False),
        )
        return (await self.session.scalars(query.order_by(Task.id))).all()

    async def lock(self, task_id: int, version: int) -> bool:
        """Take the task at `version` (optimistic lock): False if someone changed it first."""
        result = await self.session.execute(
            update(Task)
            .where(Task.id == task_id, Task.version == version)
            .values(version=version + 1)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    async def events(self, task_ids: Sequence[int]) -> Sequence[TaskEvent]:
        if not task_ids:
            return []
        query = (
            select(TaskEvent)
            .where(TaskEvent.task_id.in_(task_ids))
            .order_by(TaskEvent.at, TaskEvent.id)
        )
        return (await self.session.scalars(query)).all()

    async def task_of_card(self, tg_chat_id: int, tg_message_id: int) -> int | None:
        """The task whose card is this message, if it is one."""
        key = await self.session.scalar(
            select(Card.key).where(
                Card.tg_chat_id == tg_chat_id,
                Card.tg_message_id == tg_message_id,
                Card.key.startswith(TASK_CARD_PREFIX),
            )
        )
        if key is None:
            return None
        suffix = key.removeprefix(TASK_CARD_PREFIX)
        return int(suffix) if suffix.isascii() and suffix.isdigit() else None

    async def order_of_message(self, tg_chat_id: int, tg_message_id: int) -> int | None:
        """The order a message the bot sent is about (its outbox row names the order: the
        placed order, the manager's news, a client's order to confirm), if any."""
        payloads = await self.session.scalars(
            select(OutboxMessage.payload).where(
                OutboxMessage.tg_chat_id == tg_chat_id,
                OutboxMessage.tg_message_id == tg_message_id,
            )
        )
        for payload in payloads:
            params = payload.get("params") if isinstance(payload, dict) else None
            order_id = params.get("order_id") if isinstance(params, dict) else None
            if isinstance(order_id, int):
                return order_id
        return None

    # --- forum topics ------------------------------------------------------------------

    def add_topic(self, topic: OrderTopic) -> None:
        self.session.add(topic)

    async def topic(self, order_id: int, tg_chat_id: int) -> OrderTopic | None:
        query = select(OrderTopic).where(
            OrderTopic.order_id == order_id, OrderTopic.tg_chat_id == tg_chat_id
        )
        return await self.session.scalar(query.order_by(OrderTopic.id).limit(1))

    async def topic_at(self, tg_chat_id: int, thread_id: int) -> OrderTopic | None:
        query = select(OrderTopic).where(
            OrderTopic.tg_chat_id == tg_chat_id, OrderTopic.thread_id == thread_id
        )
        return await self.session.scalar(query.limit(1))

    # --- orders, as the task side reads them -------------------------------------------

    async def get_order(self, order_id: int) -> Order:
        """A task's order (NotFound as for the task: the order was deleted with its tasks)."""
        order = await self.order(order_id)
        if order is None:
            raise NotFound("task-not-found")
        return order

    async def order(self, order_id: int, *, for_update: bool = False) -> Order | None:
        """The order, or None (a `find`: the name stays while the topic functions use it)."""
        query = select(Order).where(Order.id == order_id).execution_options(populate_existing=True)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def positions(self, order_id: int) -> Sequence[OrderPosition]:
        query = (
            select(OrderPosition)
            .where(OrderPosition.order_id == order_id)
            .order_by(OrderPosition.line_no, OrderPosition.id)
        )
        return (await self.session.scalars(query)).all()

    async def stock(self, skus: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(skus))
        if not wanted:
            return {}
        query = select(CatalogEntry.sku, CatalogEntry.stock_qty).where(
            CatalogEntry.sku.in_(wanted)
        )
        return {sku: int(qty) for sku, qty in await self.session.execute(query)}

    async def client_users(self, counterparty_id: int) -> Sequence[User]:
        """The counterparty's people registered in the bot (clients who may be told)."""
        query = (
            select(User)
            .join(ContactPerson, ContactPerson.user_id == User.id)
            .where(
                ContactPerson.counterparty_id == counterparty_id,
                User.is_active.is_(True),
                User.tg_user_id.is_not(None),
                User.role == "client",
            )
            .order_by(User.id)
        )
        return (await self.session.scalars(query)).all()

    async def users(self, user_ids: Iterable[int]) -> dict[int, User]:
        ids = sorted(set(user_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(select(User).where(User.id.in_(ids)))
        return {u.id: u for u in rows}

    # --- the manager's coalesced news --------------------------------------------------

    async def pending_news(self, tg_chat_id: int, card_key: str) -> OutboxMessage | None:
        """A news message to this chat that the sender has not taken yet (locked on
        PostgreSQL, so two writers extend it one after the other, and the sender skips it)."""
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.tg_chat_id == tg_chat_id,
                OutboxMessage.card_key == card_key,
                OutboxMessage.method == "send",
                OutboxMessage.status == "pending",
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return await self.session.scalar(query)
