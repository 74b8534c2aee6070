"""The daily rhythm: a manager's end-of-day report, prefilled by the bot, completed by the
manager, answered by the head."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["DailyReport"]


class DailyReport(Base):
    """One per manager and working day (`day` is company-local)."""

    __tablename__ = "daily_reports"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what the bot prefilled
    line: Mapped[str | None] = mapped_column(Text)  # what the manager added
    submitted_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(Text)  # the head's answer
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
