"""SQLite: one writer at a time, queued in the event loop instead of in SQLite's busy handler.

SQLite lets one connection write at a time. When a second one tries, SQLite's busy handler
sleeps and retries (1, 2, 5, 10... ms), so concurrent handlers stall each other for
milliseconds at a time, and a write that started as a read may fail outright. Here the
connections of one engine take turns in an `asyncio.Lock` instead: a connection takes it
before its first write and gives it back when its transaction ends. Waiting is FIFO and wakes
the moment the writer commits. Reads never wait (WAL).

This wraps aiosqlite's connection and is given to SQLAlchemy through
`create_async_engine(async_creator=...)`. A writer that waits longer than SQLite's own busy
timeout gets SQLite's own error ("database is locked"), so callers see what they always did.

Each statement also makes one trip to the connection's thread instead of four (see `Cursor`):
the trips, not SQLite, were most of a statement's cost. It uses aiosqlite's `_execute` (run a
function in the connection's thread), as SQLAlchemy's own aiosqlite dialect uses its queue.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite

READS = ("SELECT", "PRAGMA", "EXPLAIN")


class Writers:
    """The turn-taking of one database's connections (one per engine)."""

    def __init__(self, timeout: float) -> None:
        self.lock = asyncio.Lock()
        self.timeout = timeout

    def connector(self, path: str, **kwargs: Any) -> Callable[[], Awaitable[Connection]]:
        async def connect() -> Connection:
            return Connection(await aiosqlite.connect(path, **kwargs), self)

        return connect


class Connection:
    def __init__(self, inner: aiosqlite.Connection, writers: Writers) -> None:
        self._inner = inner
        self._writers = writers
        self._writing = False

    def __getattr__(self, name: str) -> Any:  # what SQLAlchemy reads and we don't change
        return getattr(self._inner, name)

    def cursor(self) -> Cursor:
        return Cursor(self)

    async def commit(self) -> None:
        try:
            await self._inner.commit()
        finally:
            self._done_writing()

    async def rollback(self) -> None:
        try:
            await self._inner.rollback()
        finally:
            self._done_writing()

    async def close(self) -> None:
        try:
            await self._inner.close()
        finally:
            self._done_writing()

    def stop(self) -> Any:
        self._done_writing()
        return self._inner.stop()

    async def before(self, sql: str) -> None:
        if self._writing or sql.lstrip()[:7].upper().startswith(READS):
            return
        try:
            await asyncio.wait_for(self._writers.lock.acquire(), self._writers.timeout)
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._writing = True

    def after(self) -> None:
        if self._writing and not self._inner.in_transaction:  # e.g. DDL outside a transaction
            self._done_writing()

    def _done_writing(self) -> None:
        if self._writing:
            self._writing = False
            self._writers.lock.release()


class Cursor:
    """A statement is one trip to the connection's thread: there it runs, its rows are
    fetched and its sqlite3 cursor closed (aiosqlite's own cursor makes a trip for each of
    these, and one more to create the cursor). SQLAlchemy reads every row of a result at
    once anyway (its async cursor buffers them), so nothing is fetched earlier than before.
    """

    arraysize = 1

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> Cursor:  # SQLAlchemy enters what `cursor()` returns
        return self

    async def execute(self, sql: str, parameters: Any = None) -> Cursor:
        return await self._run(_execute, sql, () if parameters is None else parameters)

    async def executemany(self, sql: str, parameters: Any) -> Cursor:
        return await self._run(_executemany, sql, parameters)

    async def _run(self, statement: _Statement, sql: str, parameters: Any) -> Cursor:
        await self._connection.before(sql)
        inner = self._connection._inner
        try:
            in_thread = inner._execute  # aiosqlite leaves it untyped
            done: _Done = await in_thread(statement, inner._conn, sql, parameters)  # type: ignore[no-untyped-call]
        finally:
            self._connection.after()
        self.description, self.rowcount, self.lastrowid, self._rows = done
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self.arraysize if size is None else size
        rows, self._rows = self._rows[:count], self._rows[count:]
        return rows

    async def close(self) -> None:
        self._rows = []


_Done = tuple[Any, int, "int | None", list[Any]]
_Statement = Callable[[sqlite3.Connection, str, Any], _Done]


def _execute(conn: sqlite3.Connection, sql: str, parameters: Any) -> _Done:
    """Runs in the connection's thread."""
    cursor = conn.execute(sql, parameters)
    try:
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _executemany(conn: sqlite3.Connection, sql: str, parameters: Any) -> _Done:
    """Runs in the connection's thread."""
    cursor = conn.executemany(sql, parameters)
    try:
        return cursor.description, cursor.rowcount, cursor.lastrowid, []
    finally:
        cursor.close()
