"""SQLite: one writer at a time, queued in the event loop instead of in SQLite's busy handler.

SQLite lets one connection write at a time. When a second one tries, SQLite's busy handler
sleeps and retries (1, 2, 5, 10... ms), so concurrent handlers stall each other for
milliseconds at a time, and a write that started as a read may fail outright. Here the
connections of one engine take turns in an `asyncio.Lock` instead: a connection takes it
before its first write and gives it back when its transaction ends. Waiting is FIFO and wakes
the moment the writer commits. Reads never wait (WAL).

This wraps aiosqlite's connection with its public API and is given to SQLAlchemy through
`create_async_engine(async_creator=...)`. A writer that waits longer than SQLite's own busy
timeout gets SQLite's own error ("database is locked"), so callers see what they always did.
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

    def cursor(self) -> _OpenCursor:
        return _OpenCursor(self)

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


class _OpenCursor:
    """What `connection.cursor()` returns: SQLAlchemy enters it to get the cursor."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def __aenter__(self) -> Cursor:
        return Cursor(self._connection, await self._connection._inner.cursor())


class Cursor:
    def __init__(self, connection: Connection, inner: aiosqlite.Cursor) -> None:
        self._connection = connection
        self._inner = inner

    def __getattr__(self, name: str) -> Any:  # description, rowcount, lastrowid, fetch*...
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._inner, name, value)  # arraysize

    async def execute(self, sql: str, parameters: Any = None) -> Cursor:
        await self._connection.before(sql)
        try:
            if parameters is None:
                await self._inner.execute(sql)
            else:
                await self._inner.execute(sql, parameters)
        finally:
            self._connection.after()
        return self

    async def executemany(self, sql: str, parameters: Any) -> Cursor:
        await self._connection.before(sql)
        try:
            await self._inner.executemany(sql, parameters)
        finally:
            self._connection.after()
        return self
