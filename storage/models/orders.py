"""Catalog, orders, positions and department tasks (the orders feature)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = [
    "CatalogEntry",
    "Order",
    "OrderDraft",
    "OrderPosition",
    "OrderSetting",
    "OrderTopic",
    "Task",
    "TaskEvent",
]


class CatalogEntry(Base):
    """One catalog model (SKU) with its variants, prices and the warehouse stock."""

    __tablename__ = "catalog_items"

    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100), default="")
    colours: Mapped[list[str]] = mapped_column(JSON, default=list)
    sizes: Mapped[list[str]] = mapped_column(JSON, default=list)
    heights: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit: Mapped[str] = mapped_column(String(16))
    prices_kopecks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stock_qty: Mapped[int] = mapped_column(Integer, default=0)
    is_logo_possible: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_manager_status", "manager_id", "status"),
        Index("ix_orders_counterparty", "counterparty_id"),
        Index("ix_orders_text_hash", "text_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("counterparties.id"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(24))
    price_category: Mapped[str | None] = mapped_column(String(24))
    delivery_kind: Mapped[str | None] = mapped_column(String(24))
    carrier: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    deadline_on: Mapped[date | None] = mapped_column(Date)
    is_urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    payment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source_text: Mapped[str] = mapped_column(Text, default="")
    text_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class OrderDraft(Base):
    """An order being put together in the dialogue, one row per order message: a person may
    keep several open and confirm them in any order. `key` is what its buttons carry;
    `data` the domain draft as JSON (domain/orders/draft.to_data); `seq` orders the owner's
    drafts by when they last asked something (typed text answers the newest that asked)."""

    __tablename__ = "order_drafts"
    __table_args__ = (
        UniqueConstraint("owner_id", "key", name="uq_order_drafts_owner_key"),
        Index("ix_order_drafts_owner_status", "owner_id", "status", "seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # open | placed | cancelled
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    awaiting: Mapped[str | None] = mapped_column(String(16))  # the field typed text answers
    seq: Mapped[int] = mapped_column(Integer, default=0)
    order_number: Mapped[int | None] = mapped_column(Integer)  # placed: the order it became
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrderPosition(Base):
    __tablename__ = "order_positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(200))
    colour: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[str | None] = mapped_column(String(32))
    height: Mapped[str | None] = mapped_column(String(32))
    qty: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16), default="шт")
    work: Mapped[list[str]] = mapped_column(JSON, default=list)
    price_kopecks: Mapped[int | None] = mapped_column(Integer)


class Task(Base):
    """One department's share of an order, shown as a card in its chat."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_order", "order_id"),
        Index("ix_tasks_unposted", "department_id", "is_posted"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"))
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    position_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    tg_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    is_posted: Mapped[bool] = mapped_column(Boolean, default=False)
    posted_at: Mapped[datetime | None]  # the card first reached its chat: the SLA clock starts
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]


class TaskEvent(Base):
    """Who did what to a task, and when (the card shows these)."""

    __tablename__ = "task_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(24))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OrderTopic(Base):
    """A forum topic opened for one order in a department's forum supergroup."""

    __tablename__ = "order_topics"
    __table_args__ = (Index("ix_order_topics_chat", "tg_chat_id", "thread_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    tg_chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]


class OrderSetting(Base):
    """A setting of the orders feature an admin may change (routing: work kind -> department).

    `default_value` comes from company.yaml at every start; `value` follows it until an admin
    changes it (`changed_by_id` set), and goes back to it when reset.
    """

    __tablename__ = "order_settings"

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[str | None] = mapped_column(String(64))
    default_value: Mapped[str | None] = mapped_column(String(64))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
