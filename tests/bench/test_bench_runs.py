"""The benchmarks run and measure what they say: a few updates through each (figures are
printed by `make bench`, never asserted)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bench.intake import intake_throughput
from bench.intake_parts import intake_parts
from bench.reminders import runner_bench
from bench.replies import reply_latency
from bot.views import registry
from storage.db import make_engine
from storage.models import AuditEntry, FsmRecord, OutboxMessage
from tests.delivery.harness import plain_view


@pytest.fixture(autouse=True)
def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.VIEWS, "plain", plain_view)


async def test_the_intake_bench_writes_state_interaction_and_outbox_for_every_update(
    database_url: str,
) -> None:
    result = await intake_throughput(database_url, updates=20)

    assert result.updates == 20
    assert result.bare_rows == 20
    # each: 2 reads, 3 writes, the inbox mark, commit; and the batch's inbox insert, commit
    assert result.statements == 7 * 20 + 2
    engine = make_engine(database_url)
    try:
        async with engine.connect() as db:
            events = select(func.count()).where(AuditEntry.action == "bench_event")
            assert await db.scalar(events) == 21  # and the warm-up update's
            assert await db.scalar(select(func.count()).select_from(OutboxMessage)) == 21
            states = select(func.count()).where(FsmRecord.key.startswith("bench:"))
            assert await db.scalar(states) == 21  # one per user (a user per update here)
            bare = select(func.count()).where(AuditEntry.action == "bare")
            assert await db.scalar(bare) == 21  # and the bare loop's warm-up row
    finally:
        await engine.dispose()


async def test_each_part_of_the_breakdown_handles_every_update(database_url: str) -> None:
    parts = await intake_parts(database_url, updates=10)  # raises if an update failed

    assert [p.name.strip() for p in parts] == [
        "whole path",
        "without the handler's 3 writes",
        "and without the 2 reads",
        "and without the inbox mark",
    ]
    assert all(p.cpu_ms_per_update > 0 and p.rate > 0 for p in parts)


async def test_the_reminder_bench_fires_every_due_row_once_and_no_other(
    database_url: str,
) -> None:
    figures = await runner_bench(database_url, pending=300, due=40, batch=16)

    assert (figures.sent, figures.outbox_rows) == (40, 40)
    assert figures.idle_ms_mean > 0
    assert figures.fire_s > 0


async def test_the_reply_bench_hands_every_reply_to_the_fake_bot_api(database_url: str) -> None:
    figures = await reply_latency(database_url, rate=50.0, updates=8, users=4)

    assert (figures.answered, figures.updates) == (8, 8)
    assert figures.rejected_429 == 0
    assert 0 < figures.p50_ms <= figures.p99_ms <= figures.max_ms
