"""Heartbeats: each running process says it is alive, so a dead one's leases are taken back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = ["Heartbeat"]


class Heartbeat(Base):
    """A process (the owner its leases carry) and when it last beat (see bot/liveness.py)."""

    __tablename__ = "heartbeats"

    owner: Mapped[str] = mapped_column(String(32), primary_key=True)
    beat_at: Mapped[datetime]
