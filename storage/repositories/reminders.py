"""Reminders: rows with a due time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Reminder,
)


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_once(self, reminder: Reminder) -> bool:
        """Add unless a reminder with the same dedupe key exists. True if added."""
        existing = await self.session.scalar(
            select(Reminder.id).where(Reminder.dedupe_key == reminder.dedupe_key)
        )
        if existing is not None:
            return False
        self.session.add(reminder)
        return True

    async def by_dedupe_key(self, key: str) -> Reminder | None:
        return await self.session.scalar(select(Reminder).where(Reminder.dedupe_key == key))
