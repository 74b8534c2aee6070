"""FSM state rows (dialogue state that survives a restart)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.models import FsmRecord


class FsmRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> FsmRecord | None:
        return await self.session.scalar(select(FsmRecord).where(FsmRecord.key == key))

    async def put(self, key: str, *, at: datetime, **values: Any) -> None:
        """Upsert the state and/or data of `key`."""
        insert = pg_insert if dialect_name(self.session) == "postgresql" else sqlite_insert
        row = {"key": key, "state": None, "data": {}, "updated_at": at} | values
        stmt = insert(FsmRecord).values(row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[FsmRecord.key], set_=values | {"updated_at": at}
        )
        await self.session.execute(stmt)

    async def drop_empty(self) -> None:
        await self.session.execute(
            delete(FsmRecord).where(FsmRecord.state.is_(None), FsmRecord.data == {})
        )
