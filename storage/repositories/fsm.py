"""FSM state rows (dialogue state that survives a restart)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.models import FsmRecord


class FsmRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.written: list[tuple[str, datetime, dict[str, Any]]] = []  # in this transaction

    async def get(self, key: str) -> FsmRecord | None:
        return await self.session.scalar(_GET, {"k": key})

    async def put(self, key: str, *, at: datetime, **values: Any) -> None:
        """Upsert the state and/or data of `key`."""
        stmt = _upsert(dialect_name(self.session), frozenset(values))
        row: dict[str, Any] = {"k": key, "st": None, "dt": {}, "at": at}
        row |= {_PARAMS[column]: value for column, value in values.items()}
        await self.session.execute(stmt, row)
        self.written.append((key, at, values))

    async def drop_empty(self) -> None:
        await self.session.execute(
            delete(FsmRecord).where(FsmRecord.state.is_(None), FsmRecord.data == {})
        )


# Built once: read and written on every update, so not worth rebuilding each time.
_GET = select(FsmRecord).where(FsmRecord.key == bindparam("k"))
_PARAMS = {"state": "st", "data": "dt"}


@cache
def _upsert(dialect: str, columns: frozenset[str]) -> Executable:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(FsmRecord).values(
        key=bindparam("k"),
        state=bindparam("st", type_=FsmRecord.state.type),
        data=bindparam("dt", type_=FsmRecord.data.type),
        updated_at=bindparam("at", type_=FsmRecord.updated_at.type),
    )
    changed = {column: stmt.excluded[column] for column in sorted(columns)}
    return stmt.on_conflict_do_update(
        index_elements=[FsmRecord.key], set_=changed | {"updated_at": stmt.excluded.updated_at}
    )
