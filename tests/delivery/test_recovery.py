"""A process killed mid-send: its restarted successor takes its leases back within seconds
(SQLite: at start; PostgreSQL: once its heartbeat is 3 beats old), long before they run
out, and every message arrives once, each chat in order. On the test clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from storage.models import Heartbeat, OutboxMessage
from storage.uow import UnitOfWork
from tests.delivery.conftest import MakeApp
from tests.delivery.harness import DeliveryApp
from tests.fakes.telegram_api import FakeTelegram

CHAT, OTHER = 7101, 7102
RESTART_GOAL = timedelta(seconds=5)


async def _claim_and_die(app: DeliveryApp) -> datetime:
    """What a process leaves when SIGKILLed mid-send: its rows leased to it; their lease end."""
    await app.app.liveness.start()
    async with app.app.make_uow() as uow:
        rows = await uow.outbox.claim(
            now=app.clock.now(), owner=app.sender.owner, lease=app.sender.options.lease, limit=50
        )
        await uow.commit()
    assert rows
    assert all(r.lease_until for r in rows)
    return min(r.lease_until for r in rows if r.lease_until)


async def _until_reclaimed(app: DeliveryApp, *, beats: int = 30) -> timedelta:
    """Start the restarted process and let it beat; how long until it took the leases back."""
    started = app.clock.now()
    await app.app.liveness.start()
    for _ in range(beats):
        if app.app.liveness.reclaimed[0]:
            break
        app.clock.advance(app.app.liveness.options.beat_every)
        await app.app.liveness.tick()
    assert app.app.liveness.reclaimed[0], "never reclaimed"
    return app.clock.now() - started


async def _sent_at(uow: UnitOfWork) -> list[datetime]:
    rows = await uow.session.scalars(select(OutboxMessage.sent_at))
    return [at for at in rows if at is not None]


async def test_restarted_process_takes_a_dead_ones_leases_back_within_seconds(
    make_app: MakeApp, fake: FakeTelegram, database_url: str
) -> None:
    dead, restarted = await make_app(), await make_app()
    for n in range(3):
        await dead.enqueue(CHAT, f"card {n}")
    await dead.enqueue(OTHER, "other card")
    lease_ends = await _claim_and_die(dead)
    assert await restarted.sender.drain() == 0  # leased to the dead process: nothing yet

    took = await _until_reclaimed(restarted)
    print(f"\nreclaimed {took.total_seconds():.1f} s (test clock) after the restart")  # noqa: T201
    if database_url.startswith("sqlite"):
        assert took == timedelta(0)  # one process by design: everything at start
    else:
        assert took <= RESTART_GOAL
    assert await restarted.sender.drain() == 4

    assert fake.texts(CHAT) == ["card 0", "card 1", "card 2"]  # once each, in order
    assert fake.texts(OTHER) == ["other card"]
    assert fake.duplicates() == []
    assert all(
        at < lease_ends for at in await restarted.read(_sent_at)
    )  # before the lease ran out
    assert await restarted.read(lambda uow: uow.outbox.by_status()) == {"sent": 4}


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_live_process_keeps_its_leases_and_loses_them_once_it_stops_beating(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    alive, other = await make_app(), await make_app()
    await alive.enqueue(CHAT, "card")
    await _claim_and_die(alive)
    await other.app.liveness.start()
    for _ in range(20):  # both beat: nobody takes anything
        alive.clock.advance(alive.app.liveness.options.beat_every)
        await alive.app.liveness.tick()
        assert await other.app.liveness.tick() == (0, 0)
    assert await other.sender.drain() == 0

    took = await _until_reclaimed(other)  # `alive` stops beating (it died)
    assert took <= RESTART_GOAL
    assert await other.sender.drain() == 1
    assert fake.texts(CHAT) == ["card"]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_cleanly_stopped_process_forgets_its_heartbeat(make_app: MakeApp) -> None:
    app = await make_app()
    await app.app.liveness.start()
    owners = await app.read(lambda uow: uow.session.scalars(select(Heartbeat.owner)))
    assert list(owners) == [app.sender.owner]
    await app.app.liveness.forget()
    beating = await app.read(lambda uow: uow.session.scalars(select(Heartbeat.owner)))
    assert list(beating) == []
