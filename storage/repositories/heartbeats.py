"""Heartbeats of the running processes, and taking back the leases of dead ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.models import Heartbeat, OutboxMessage, Reminder

SENDING, PENDING = "sending", "pending"


class HeartbeatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def beat(self, owner: str, *, at: datetime) -> None:
        insert = pg_insert if dialect_name(self.session) == "postgresql" else sqlite_insert
        stmt = insert(Heartbeat).values(owner=owner, beat_at=at)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["owner"], set_={"beat_at": at})
        )

    async def forget(self, owner: str) -> None:
        await self.session.execute(delete(Heartbeat).where(Heartbeat.owner == owner))

    async def reclaim(self, *, alive_since: datetime | None, me: str) -> tuple[int, int]:
        """Take back the leases (outbox, reminders) of every owner but `me` that has not
        beaten since `alive_since` (None: of every owner but `me`, as on SQLite, where one
        process runs); forget those owners. How many (outbox rows, reminders) came back."""
        if alive_since is None:
            alive = select(Heartbeat.owner).where(Heartbeat.owner == me)
        else:
            alive = select(Heartbeat.owner).where(
                (Heartbeat.beat_at >= alive_since) | (Heartbeat.owner == me)
            )
        outbox = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status == SENDING,
                OutboxMessage.lease_owner.is_not(None),
                OutboxMessage.lease_owner.not_in(alive),
            )
            .values(status=PENDING, lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        reminders = await self.session.execute(
            update(Reminder)
            .where(Reminder.lease_owner.is_not(None), Reminder.lease_owner.not_in(alive))
            .values(lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        dead = delete(Heartbeat).where(Heartbeat.owner != me)
        if alive_since is not None:
            dead = dead.where(Heartbeat.beat_at < alive_since)
        await self.session.execute(dead)
        return (
            int(outbox.rowcount),  # type: ignore[attr-defined]
            int(reminders.rowcount),  # type: ignore[attr-defined]
        )
