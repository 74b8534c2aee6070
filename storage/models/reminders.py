"""Reminders: rows with a due time that the reminder runner fires (not scheduler jobs), and
the policies that make them (company.yaml's defaults plus what /policies changed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["Reminder", "ReminderPolicy"]


class Reminder(Base):
    """One occurrence of a policy step about a subject.

    `dedupe_key` (policy.step, subject, occurrence) makes planning idempotent. The recipient
    and the text are not stored: they are worked out from the subject when it fires; `sent_to`
    records where it went (chat, thread, user) so the buttons know who may press them.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_due", "status", "due_at"),
        Index("ix_reminders_subject", "subject_kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy: Mapped[str] = mapped_column(String(48))
    step: Mapped[str] = mapped_column(String(48))
    subject_kind: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[str] = mapped_column(String(64))
    occurrence: Mapped[str] = mapped_column(String(64), default="")
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    is_late: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(String(48))  # why cancelled (or skipped)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sent_to: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sent_count: Mapped[int] = mapped_column(Integer, default=0)
    fired_at: Mapped[datetime | None]
    action: Mapped[str | None] = mapped_column(String(24))  # the last button pressed
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acted_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def key(self) -> str:
        return f"{self.policy}.{self.step}"


class ReminderPolicy(Base):
    """A policy step as data: `defaults` from company.yaml (refreshed at every start) and
    `overrides` an admin or head set with /policies (enabled, offset, at, to)."""

    __tablename__ = "reminder_policies"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)  # policy.step
    defaults: Mapped[dict[str, Any]] = mapped_column(JSON)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]
