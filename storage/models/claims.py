"""Claims (претензии): the claim, its history, its attachments, the per-year number counter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["Claim", "ClaimAttachment", "ClaimCounter", "ClaimEvent"]


class ClaimCounter(Base):
    """The last sequence number given in a year: `UPDATE … SET last = last + 1` is race-safe."""

    __tablename__ = "claim_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_status_department", "status", "department_id"),
        Index("ix_claims_counterparty", "counterparty_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE")
    )
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"))
    client_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who filed it
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who registered it
    channel: Mapped[str] = mapped_column(String(16))  # telegram | call | email | visit | …
    category: Mapped[str] = mapped_column(String(24))
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.id"))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(24))
    resolution: Mapped[str | None] = mapped_column(String(24))  # satisfied | partly | rejected
    remedy: Mapped[str | None] = mapped_column(String(24))
    culprit: Mapped[str | None] = mapped_column(String(64))  # a department id or "supplier"
    decision_comment: Mapped[str | None] = mapped_column(Text)
    question: Mapped[str | None] = mapped_column(Text)  # the open question to the client
    asked_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ClaimEvent(Base):
    """One line of a claim's history."""

    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class ClaimAttachment(Base):
    """A file Telegram holds (by its file id); an album's files share `media_group_id` and
    one `set_no`."""

    __tablename__ = "claim_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("claim_events.id"))
    set_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # photo | video | document
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
