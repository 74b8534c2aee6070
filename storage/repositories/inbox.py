"""The inbox of updates: stored before Telegram is told they arrived."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.models import InboxUpdate


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def store(self, updates: Iterable[dict[str, Any]], *, at: datetime) -> set[int]:
        """Insert updates; return the ids actually inserted (a repeated update_id is not)."""
        rows = [
            {"update_id": u["update_id"], "payload": u, "received_at": at, "attempts": 0}
            for u in updates
        ]
        if not rows:
            return set()
        insert = pg_insert if dialect_name(self.session) == "postgresql" else sqlite_insert
        stmt = (
            insert(InboxUpdate)
            .values(rows)
            .on_conflict_do_nothing()
            .returning(InboxUpdate.update_id)
        )
        return set((await self.session.scalars(stmt)).all())

    async def pending(
        self, limit: int, *, received_before: datetime | None = None
    ) -> Sequence[InboxUpdate]:
        query = select(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
        if received_before is not None:
            query = query.where(InboxUpdate.received_at < received_before)
        return (
            await self.session.scalars(query.order_by(InboxUpdate.update_id).limit(limit))
        ).all()

    async def mark_handled(
        self, update_id: int, *, at: datetime, error: str | None = None
    ) -> None:
        await self.session.execute(_MARK_HANDLED, {"uid": update_id, "at": at, "err": error})

    async def count_attempt(self, update_id: int) -> int:
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id)
            .values(attempts=InboxUpdate.attempts + 1)
        )
        attempts = await self.session.scalar(
            select(InboxUpdate.attempts).where(InboxUpdate.update_id == update_id)
        )
        return int(attempts or 0)

    async def prune(self, *, handled_before: datetime) -> int:
        result = await self.session.execute(
            delete(InboxUpdate).where(InboxUpdate.handled_at < handled_before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def get(self, update_id: int) -> InboxUpdate | None:
        return await self.session.get(InboxUpdate, update_id)


# Built once: every update runs it.
_MARK_HANDLED = (
    update(InboxUpdate)
    .where(InboxUpdate.update_id == bindparam("uid"), InboxUpdate.handled_at.is_(None))
    .values(
        handled_at=bindparam("at", type_=InboxUpdate.handled_at.type),
        error=bindparam("err", type_=InboxUpdate.error.type),
    )
    .execution_options(synchronize_session=False)  # no loaded InboxUpdate to keep in step
)
