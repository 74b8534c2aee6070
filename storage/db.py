"""Engine creation: SQLite in WAL mode with foreign keys, or PostgreSQL through asyncpg.

Transactions: on SQLite the driver begins one only before the first write, so reads take no
snapshot and hold no lock; on PostgreSQL (READ COMMITTED) a read holds no snapshot between
statements. Either way a handler may keep its session open while it talks to Telegram.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from storage.sqlite_writers import Writers

SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A session ends its own transaction (commit, or rollback on close); the pool's extra
        # ROLLBACK on every return would be one more trip to the driver's thread.
        kwargs.setdefault("pool_reset_on_return", None)
        if url.database and url.database != ":memory:":
            writers = Writers(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            kwargs.setdefault("async_creator", writers.connector(url.database))
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before every checkout (a round trip per transaction): a connection that died
    # (server restart) fails its first statement, the pool drops it and its peers, and the
    # work is retried (`is_retryable`).
    return create_async_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def is_retryable(exc: BaseException) -> bool:
    """Nothing was written and the same work may simply be done again: the database was
    busy, or the connection had died (the pool has dropped it; the retry gets a fresh one)."""
    return is_busy_error(exc) or bool(getattr(exc, "connection_invalidated", False))


def is_busy_error(exc: BaseException) -> bool:
    """SQLite "database is locked" (a concurrent writer) or a PostgreSQL serialization /
    deadlock failure: nothing was written, the same work may simply be done again."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "could not serialize" in text or "deadlock" in text
