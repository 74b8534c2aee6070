"""Managers' requests to departments («Запрос в отдел»): a question, the department's answer
(text, price, term), the history and the files. Not the clients' requests (client_requests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["DeptRequest", "DeptRequestEvent", "DeptRequestFile"]


class DeptRequest(Base):
    """A manager's question to a department, shown as a card in the department's chat."""

    __tablename__ = "dept_requests"
    __table_args__ = (
        Index("ix_dept_requests_manager_status", "manager_id", "status"),
        Index("ix_dept_requests_department_status", "department_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"))
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    status: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    price_kopecks: Mapped[int | None] = mapped_column(BigInteger)
    term_days: Mapped[int | None] = mapped_column(Integer)  # working days
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    tg_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    is_posted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    taken_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]


class DeptRequestEvent(Base):
    """Who did what to a request, and when (the card shows these)."""

    __tablename__ = "dept_request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("dept_requests.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(24))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DeptRequestFile(Base):
    """A photo or document Telegram keeps (by file id); an album is one set (`set_no`)."""

    __tablename__ = "dept_request_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("dept_requests.id", ondelete="CASCADE"), index=True
    )
    set_no: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(16))  # manager | department
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(255))
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
