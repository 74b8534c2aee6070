"""SQLite writers take turns in the event loop: a second writer waits for the first one's
commit (no "database is locked", no busy-handler sleeps), readers never wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import is_busy_error, make_engine
from storage.sqlite_writers import Writers


@pytest.fixture
def writers() -> Writers:
    return Writers(timeout=10)


@pytest.fixture
async def engine(tmp_path: Path, writers: Writers) -> AsyncIterator[AsyncEngine]:
    path = str(tmp_path / "w.sqlite3")
    engine = make_engine(f"sqlite+aiosqlite:///{path}", async_creator=writers.connector(path))
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (n INTEGER)"))
    yield engine
    await engine.dispose()


async def rows(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as conn:
        return list((await conn.scalars(text("SELECT n FROM t ORDER BY rowid"))).all())


async def test_a_second_writer_waits_for_the_first_to_commit(
    engine: AsyncEngine, writers: Writers
) -> None:
    first_wrote = asyncio.Event()
    release_first = asyncio.Event()
    order: list[str] = []

    async def first() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("INSERT INTO t VALUES (1)"))
            first_wrote.set()
            await release_first.wait()  # e.g. the handler talks to Telegram mid-transaction
            order.append("first commits")
            await conn.commit()

    async def second() -> None:
        await first_wrote.wait()
        async with engine.connect() as conn:
            await conn.execute(text("INSERT INTO t VALUES (2)"))
            order.append("second wrote")
            await conn.commit()

    tasks = [asyncio.create_task(first()), asyncio.create_task(second())]
    await first_wrote.wait()
    assert writers.lock.locked()  # the first writer has the turn
    assert await rows(engine) == []  # a reader does not wait for the writer
    release_first.set()
    await asyncio.gather(*tasks)

    assert order == ["first commits", "second wrote"]
    assert await rows(engine) == [1, 2]
    assert not writers.lock.locked()


async def test_rollback_and_close_give_the_turn_back(
    engine: AsyncEngine, writers: Writers
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t VALUES (1)"))
        await conn.rollback()
    assert not writers.lock.locked()
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t VALUES (2)"))
        # closed without commit: rolled back, turn given back
    assert not writers.lock.locked()
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t VALUES (3)"))
        await conn.commit()
    assert await rows(engine) == [3]


async def test_a_statement_outside_a_transaction_gives_the_turn_back_at_once(
    engine: AsyncEngine, writers: Writers
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("CREATE INDEX t_n ON t (n)"))  # DDL: runs outside a transaction
        assert not writers.lock.locked()
        async with engine.connect() as other:
            await other.execute(text("INSERT INTO t VALUES (1)"))
            await other.commit()
    assert await rows(engine) == [1]


async def test_a_writer_waiting_longer_than_the_busy_timeout_gets_sqlites_error(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "w.sqlite3")
    writers = Writers(timeout=0.05)
    engine = make_engine(f"sqlite+aiosqlite:///{path}", async_creator=writers.connector(path))
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (n INTEGER)"))
        async with engine.connect() as holder:
            await holder.execute(text("INSERT INTO t VALUES (1)"))
            async with engine.connect() as waiter:
                with pytest.raises(OperationalError) as caught:
                    await waiter.execute(text("INSERT INTO t VALUES (2)"))
            assert is_busy_error(caught.value)  # the update is retried, as for SQLite's own
            await holder.commit()
        assert await rows(engine) == [1]
    finally:
        await engine.dispose()


async def test_results_come_whole_from_one_trip_to_the_connections_thread(
    engine: AsyncEngine, writers: Writers
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t VALUES (:n)"), [{"n": n} for n in range(5)])
        updated = await conn.execute(text("UPDATE t SET n = n + 10 WHERE n >= 3"))
        assert updated.rowcount == 2
        inserted = await conn.execute(text("INSERT INTO t VALUES (99)"))
        assert inserted.lastrowid == 6
        result = await conn.execute(text("SELECT n, n * 2 AS twice FROM t ORDER BY rowid"))
        assert list(result.keys()) == ["n", "twice"]
        assert [tuple(row) for row in result.fetchmany(2)] == [(0, 0), (1, 2)]
        assert [row.n for row in result] == [2, 13, 14, 99]
        assert (await conn.execute(text("SELECT n FROM t WHERE n < 0"))).first() is None
        await conn.commit()
    assert not writers.lock.locked()


async def test_a_failing_statement_raises_sqlites_error_and_keeps_the_turn_until_rollback(
    engine: AsyncEngine, writers: Writers
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t VALUES (1)"))
        with pytest.raises(OperationalError, match="no such table"):
            await conn.execute(text("INSERT INTO missing VALUES (1)"))
        assert writers.lock.locked()  # still this transaction's turn
        await conn.rollback()
    assert not writers.lock.locked()
    assert await rows(engine) == []
