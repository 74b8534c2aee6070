"""INSERT … ON CONFLICT DO NOTHING for both dialects: the one way to write a row only once.

Check-then-insert races (two transactions both see nothing, both insert, one fails on the
unique key); this does not: the database decides, and the loser's row is simply not written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute

from storage.db import dialect_name


async def insert_new(
    session: AsyncSession,
    model: type[DeclarativeBase],
    rows: Sequence[dict[str, Any]],
    *,
    returning: InstrumentedAttribute[Any] | Column[Any],
) -> list[Any]:
    """Insert the rows a unique key does not already hold; return `returning` of those written.

    `rows` are column values (all with the same keys). An empty list inserts nothing.
    """
    if not rows:
        return []
    insert = pg_insert if dialect_name(session) == "postgresql" else sqlite_insert
    table = model.__table__
    assert isinstance(table, Table)
    # one statement compiled once (cached), sent as multi-row batches ("insertmanyvalues")
    stmt = insert(table).on_conflict_do_nothing().returning(returning)
    return list((await session.execute(stmt, list(rows))).scalars().all())
