"""The sender: delivers the outbox to Telegram in order per chat, within Telegram's limits.

Rows are leased (`FOR UPDATE SKIP LOCKED` on PostgreSQL) so several processes share one
outbox; a chat's rows are taken only in order (see OutboxRepository.claim), so a chat is
served by one process at a time, and each process keeps to its share of the global limit.
Interactive rows go first; among the rest, the chat whose queue needs the longest under
its own limit goes first (a group's 20 a minute is the scarce resource), then the oldest.

Window of repetition. A message Telegram accepted is marked sent as soon as its answer is
back: one UPDATE for all the answers that came meanwhile, written while sending goes on. If
the process dies between Telegram's acceptance and that commit, the row's lease is taken
back by its successor within seconds (bot/liveness.py; at the latest it runs out,
`SenderOptions.lease`, 60 s) and the message is sent once more. Only messages in flight
(at most `max_in_flight`, one per chat) or awaiting that UPDATE (milliseconds) at the
moment of the crash can repeat, each once; nothing else does. A network error after
Telegram accepted (the answer lost on the way) repeats that one message the same way.
tests/e2e/test_crash.py kills the process mid-batch and checks exactly this.

Its parts: the loop here claims rows, keeps them in per-chat queues (queues.py) and starts
each when the pacer (limits.py) allows; delivery.py makes the one Bot API call of a row and
says what the answer means; the Settlement (outcomes.py) acts on that answer, and tells the
features what they registered to hear (hooks.py: a topic opened, a chat lost).
"""

from __future__ import annotations

import asyncio
import math
import os
import secrets
import socket
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import structlog
from aiogram import Bot

from bot.clock import Clock
from bot.telegram.sender.delivery import Delivery, Outcome
from bot.telegram.sender.hooks import DeliveryHooks
from bot.telegram.sender.limits import Pacer, TelegramLimits
from bot.telegram.sender.options import SenderOptions
from bot.telegram.sender.outcomes import Settlement
from bot.telegram.sender.queues import ChatQueues
from bot.texts import Texts
from storage.models import OutboxMessage
from storage.uow import UnitOfWork, UnitOfWorkFactory

__all__ = ["Sender", "SenderOptions"]

log = structlog.get_logger()

MIN_SLEEP = 0.001
PACED_METHODS = frozenset({"send", "edit", "document", "photo", "drop_buttons", "contact"})


class Sender:
    def __init__(
        self,
        bot: Bot,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        texts: Texts,
        limits: TelegramLimits | None = None,
        options: SenderOptions | None = None,
        *,
        hooks: DeliveryHooks | None = None,
        owner: str | None = None,
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.options = options or SenderOptions()
        self.pacer = Pacer(limits or TelegramLimits())
        self.hooks = hooks or DeliveryHooks(make_uow, clock)
        self.owner = owner or f"{socket.gethostname()[:16]}:{os.getpid()}:{secrets.token_hex(3)}"
        self.delivery = Delivery(bot, make_uow, clock, texts, self.options.request_timeout)
        self._queues = ChatQueues()
        self.settlement = Settlement(
            make_uow=make_uow,
            clock=clock,
            options=self.options,
            owner=self.owner,
            queues=self._queues,
            pacer=self.pacer,
            delivery=self.delivery,
            hooks=self.hooks,
            wake=self.wake,
        )
        self._inflight: dict[int, asyncio.Task[Outcome]] = {}  # by chat: one at a time
        self._inflight_rows: dict[int, OutboxMessage] = {}
        self._paced: set[int] = set()  # chats whose message in flight counts in the pacer
        self._wake = asyncio.Event()
        self._last_claim = float("-inf")
        self._more_waiting = False
        self._waiting: dict[int, int] = {}  # rows in the database behind a chat's queue
        self._last_renew = float("-inf")

    @property
    def sent(self) -> int:
        """Messages this sender has delivered (and marked sent) so far."""
        return self.settlement.sent

    def wake(self) -> None:
        self._wake.set()

    async def drain(self) -> int:
        """Deliver everything due now; return how many messages went out."""
        before = self.sent
        await self._pump(stop=None)
        return self.sent - before

    async def run(self, stop: asyncio.Event) -> None:
        log.info("sender_started", owner=self.owner)
        try:
            await self._pump(stop=stop)
        finally:
            await self._finish()

    async def _pump(self, stop: asyncio.Event | None) -> None:
        while stop is None or not stop.is_set():
            try:
                now = self.clock.monotonic()
                if self._should_claim(now):
                    await self._claim(now)
                elif now - self._last_renew >= self.options.lease.total_seconds() / 3:
                    await self._renew(now)
                delay = self._launch_ready()
                if not self._queues and not self._inflight:
                    if stop is None:
                        await self.settlement.marked()
                        return
                    await self._wait(self.options.poll_interval, stop)
                    continue
                await self._wait(delay, stop)
            except Exception:  # the loop must survive a bad tick; held rows stay leased
                if stop is None:
                    raise  # drain(): the caller sees it
                log.exception("sender_tick_failed")
                await self.clock.sleep(self.options.poll_interval)

    def _held_ids(self) -> list[int]:
        held = [r.id for r in self._queues.rows()]
        held += [row.id for row in self._inflight_rows.values()]
        return held + list(self.settlement.unmarked_ids)

    def _ready(self, now: float) -> int:
        """Rows held for chats that may be sent to within a poll interval."""
        soon = self.options.poll_interval
        return len(self._inflight) + sum(
            len(queue)
            for chat, queue in self._queues.items()
            if self.pacer.chat_wait_time(chat, now) <= soon
        )

    def _held(self) -> int:
        return len(self._queues) + len(self._inflight)

    def _should_claim(self, now: float) -> bool:
        if self._wake.is_set():
            return True
        if self._ready(now) < self.options.batch // 2:
            # more is waiting when the last claim found some: take it at once; otherwise
            # look again every poll_interval. Rows of chats that must wait (a group that
            # used its 20 a minute) do not count: other chats' rows should go meanwhile.
            return (
                self._more_waiting
                or now - self._last_claim >= self.options.poll_interval
                or not self._held()
            )
        return False

    async def _claim(self, now: float) -> None:
        self._wake.clear()
        self._last_claim = now
        full = [c for c, q in self._queues.items() if len(q) >= self.options.per_chat]
        wall = self.clock.now()
        async with self.make_uow() as uow:
            rows = await uow.outbox.claim(
                now=wall,
                owner=self.owner,
                lease=self.options.lease,
                limit=self.options.batch,
                skip_chats=full,
                per_chat=self.options.per_chat,
            )
            if now - self._last_renew >= self.options.lease.total_seconds() / 3:
                await self._renew_in(uow, now)
            self.pacer.senders = max(1, await uow.outbox.active_senders(now=wall))
            claimed_chats = {r.tg_chat_id for r in rows}
            if claimed_chats:
                waiting = await uow.outbox.waiting_per_chat(claimed_chats)
                self._waiting.update({chat: waiting.get(chat, 0) for chat in claimed_chats})
            fresh = {r.tg_chat_id for r in rows if not self._holds_chat(r.tg_chat_id)}
            if fresh:
                await self._learn_recent_sends(uow, fresh, now)
            await uow.commit()
        self._more_waiting = bool(rows)
        if rows:
            await self._enqueue(rows)

    def _holds_chat(self, chat: int) -> bool:
        return chat in self._queues or chat in self._inflight

    async def _learn_recent_sends(self, uow: UnitOfWork, chats: set[int], now: float) -> None:
        """Chats new to this process: count what other processes sent them lately."""
        wall = self.clock.now()
        since = wall - timedelta(seconds=self.pacer.limits.group_window)
        for chat, at in await uow.outbox.recent_sends(chats, since=since, other_than=self.owner):
            self.pacer.record(chat, now - (wall - at).total_seconds())

    async def _enqueue(self, rows: Iterable[OutboxMessage]) -> None:
        known = set(self._held_ids())
        stale: list[int] = []
        for row in rows:
            if row.id not in known:
                stale += [old.id for old in self._queues.add(row)]
        if stale:
            async with self.make_uow() as uow:
                await uow.outbox.supersede(stale)
                await uow.commit()

    async def _renew(self, now: float) -> None:
        async with self.make_uow() as uow:
            await self._renew_in(uow, now)
            await uow.commit()

    async def _renew_in(self, uow: UnitOfWork, now: float) -> None:
        self.pacer.forget_idle(now)
        for chat in [c for c, n in self._waiting.items() if not n and not self._holds_chat(c)]:
            del self._waiting[chat]
        held = self._held_ids()
        if held:
            until = self.clock.now() + self.options.lease
            await uow.outbox.renew_lease(held, owner=self.owner, until=until)
        self._last_renew = now

    def _launch_ready(self) -> float | None:
        """Start every message that may go now; return seconds until the next one may
        (None: only an answer from Telegram, a wake-up or a stop can change anything)."""
        now = self.clock.monotonic()
        soonest: float | None = None
        # Interactive first; then the chat whose queue needs the longest under its own
        # limit (a group's 20 a minute is the scarce resource: use its window early,
        # private chats fill the global rate meanwhile); then the oldest.
        heads = sorted(
            (
                q[0].priority,
                -self.pacer.backlog_seconds(chat, len(q) + self._waiting.get(chat, 0)),
                q[0].id,
                chat,
            )
            for chat, q in self._queues.items()
            if q and chat not in self._inflight
        )
        for *_, chat in heads:
            if len(self._inflight) >= self.options.max_in_flight:
                break
            row = self._queues.head(chat)
            if row.method == "edit" and self.settlement.is_unmarked(chat):
                continue  # its card may be the message just sent: wait until it is saved
            paced = row.method in PACED_METHODS
            if paced:
                wait = self.pacer.wait_time(chat, now)
                if wait > 0:
                    if not math.isinf(wait):
                        soonest = wait if soonest is None else min(soonest, wait)
                    continue
                self.pacer.start(chat)
            self._queues.pop(chat)
            self._inflight[chat] = asyncio.create_task(self.delivery.attempt(row))
            self._inflight_rows[chat] = row
            if paced:
                self._paced.add(chat)
        if soonest is None and not self._inflight:
            return self.options.poll_interval
        return soonest

    async def _wait(self, delay: float | None, stop: asyncio.Event | None) -> None:
        waiters: set[asyncio.Future[Any]] = set(self._inflight.values())
        marking = self.settlement.marking
        if marking is not None and not marking.done():
            waiters.add(marking)
        extra: set[asyncio.Future[Any]] = {asyncio.ensure_future(self._wake.wait())}
        if delay is not None:
            # at least a millisecond: a clock with microsecond steps must move
            extra.add(asyncio.ensure_future(self.clock.sleep(max(delay, MIN_SLEEP))))
        if stop is not None:
            extra.add(asyncio.ensure_future(stop.wait()))
        try:
            await asyncio.wait(waiters | extra, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for future in extra:
                future.cancel()
        await self._collect()

    async def _collect(self) -> None:
        """Settle every request whose answer is back."""
        done = []
        for chat, task in list(self._inflight.items()):
            if task.done():
                del self._inflight[chat]
                del self._inflight_rows[chat]
                outcome = task.result()
                if chat in self._paced:
                    self._paced.discard(chat)
                    counted = outcome.kind != "later"
                    self.pacer.finish(chat, outcome.finished_at, counted=counted)
                done.append(outcome)
        await self.settlement.all(done)

    async def _finish(self) -> None:
        """On stop: let in-flight requests finish, hand back what was not started."""
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()))
            await self._collect()
        await self.settlement.marked()
        held = [r.id for r in self._queues.clear()]
        if held:
            async with self.make_uow() as uow:
                await uow.outbox.release(held, owner=self.owner)
                await uow.commit()
        log.info("sender_stopped", released=len(held))
