"""Liveness: a restarted process takes back its dead predecessor's leases within seconds.

The sender and the reminder runner lease the rows they work on (the outbox: 60 s, renewed
while held; reminders: 120 s). A process killed mid-send (SIGKILL, OOM, power) cannot hand
its rows back, and waiting for the leases to run out would hold the in-flight card a minute.

- SQLite: one process by design. At start every lease not ours is a predecessor's: all are
  taken back at once, before the sender claims anything.
- PostgreSQL: several processes may share the database. Each one keeps a row in
  `heartbeats` (its owner, as its leases carry it) and beats every `beat_every` seconds; an
  owner with no beat for `dead_after` (3 beats) is dead, and any process that notices (every
  beat) takes its leases back and forgets it. A restarted process notices at start if its
  predecessor died long enough ago, otherwise within `dead_after` + one beat.

A taken-back row is sent again exactly as if its lease had run out (see the sender's
"window of repetition"): only a message Telegram had accepted but the dead process had not
marked sent can repeat, once; a message still in flight arrives once.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog

from bot.clock import Clock
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()


def process_owner() -> str:
    """The name this process's leases carry (host, pid, a random part; at most 32 chars)."""
    return f"{socket.gethostname()[:16]}:{os.getpid()}:{secrets.token_hex(3)}"[:32]


@dataclass(frozen=True, slots=True)
class LivenessOptions:
    beat_every: float = 1.0  # seconds
    dead_after_beats: int = 3

    @property
    def dead_after(self) -> timedelta:
        return timedelta(seconds=self.beat_every * self.dead_after_beats)


class Liveness:
    def __init__(
        self,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        owner: str,
        *,
        single_process: bool,
        options: LivenessOptions | None = None,
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.owner = owner
        self.single_process = single_process
        self.options = options or LivenessOptions()
        self.on_reclaimed: list[Callable[[], None]] = []  # e.g. wake the sender
        self.reclaimed = (0, 0)  # outbox rows, reminders taken back so far

    async def start(self) -> None:
        """Before the sender and the runner claim anything: beat (PostgreSQL) and take back
        what dead owners hold (on SQLite: every lease not ours)."""
        await self.tick(everything=self.single_process)

    async def tick(self, *, everything: bool = False) -> tuple[int, int]:
        """One beat: say we are alive and take back the leases of the dead. How many
        (outbox rows, reminders) came back."""
        now = self.clock.now()
        async with self.make_uow() as uow:
            if not self.single_process:
                await uow.heartbeats.beat(self.owner, at=now)
            since = None if everything else now - self.options.dead_after
            outbox, reminders = await uow.heartbeats.reclaim(alive_since=since, me=self.owner)
            await uow.commit()
        if outbox or reminders:
            self.reclaimed = (self.reclaimed[0] + outbox, self.reclaimed[1] + reminders)
            log.warning("leases_reclaimed", outbox=outbox, reminders=reminders)
            for listener in self.on_reclaimed:
                listener()
        return outbox, reminders

    async def run(self, stop: asyncio.Event) -> None:
        """Beat until stopped (PostgreSQL only: on SQLite nobody else can hold a lease)."""
        if self.single_process:
            return
        while not stop.is_set():
            sleeping = asyncio.ensure_future(self.clock.sleep(self.options.beat_every))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({sleeping, stopped}, return_when=asyncio.FIRST_COMPLETED)
            sleeping.cancel()
            stopped.cancel()
            if stop.is_set():
                break
            try:
                await self.tick()
            except Exception:  # a missed beat is retried at the next one
                log.exception("heartbeat_failed")

    async def forget(self) -> None:
        """On a clean stop (after the sender handed its rows back)."""
        if self.single_process:
            return
        async with self.make_uow() as uow:
            await uow.heartbeats.forget(self.owner)
            await uow.commit()
