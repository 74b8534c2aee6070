"""The sender: delivers the outbox to Telegram in order per chat, within Telegram's limits.

Rows are leased (`FOR UPDATE SKIP LOCKED` on PostgreSQL) so several processes share one
outbox. Window of repetition: if the process dies after Telegram accepted a message and
before the row is marked sent, the lease runs out and that one message is sent again.
The window is one HTTP round trip plus one UPDATE (milliseconds); nothing else repeats.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import socket
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.clock import Clock
from bot.sender_delivery import Delivery, Outcome
from bot.services import departments
from bot.telegram_limits import Pacer, TelegramLimits
from bot.texts import Texts
from storage.models import OutboxMessage
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()

PACED_METHODS = frozenset({"send", "edit", "document", "photo"})


@dataclass(frozen=True, slots=True)
class SenderOptions:
    batch: int = 100
    per_chat: int = 20
    lease: timedelta = timedelta(seconds=60)
    max_in_flight: int = 16
    max_attempts: int = 15
    max_backoff: float = 60.0
    poll_interval: float = 1.0
    request_timeout: float = 30.0


class Sender:
    def __init__(
        self,
        bot: Bot,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        texts: Texts,
        limits: TelegramLimits | None = None,
        options: SenderOptions | None = None,
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.options = options or SenderOptions()
        self.pacer = Pacer(limits or TelegramLimits())
        self.texts = texts
        self.delivery = Delivery(bot, make_uow, clock, texts)
        self.owner = f"{socket.gethostname()[:16]}:{os.getpid()}:{secrets.token_hex(3)}"
        self._queues: dict[int, deque[OutboxMessage]] = {}
        self._inflight: dict[int, asyncio.Task[Outcome]] = {}
        self._wake = asyncio.Event()
        self._last_claim = float("-inf")
        self._last_renew = 0.0
        self.sent = 0

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

    # --- the loop ------------------------------------------------------------------------

    async def _pump(self, stop: asyncio.Event | None) -> None:
        while stop is None or not stop.is_set():
            try:
                now = self.clock.monotonic()
                if self._should_claim(now):
                    await self._claim(now)
                delay = self._launch_ready()
                if not self._queues and not self._inflight:
                    if stop is None:
                        return
                    await self._wait(self.options.poll_interval, stop)
                    continue
                await self._wait(delay, stop)
            except Exception:  # the loop must survive a bad tick; the row stays leased
                log.exception("sender_tick_failed")
                await self.clock.sleep(self.options.poll_interval)

    def _held(self) -> int:
        return sum(len(q) for q in self._queues.values()) + len(self._inflight)

    def _should_claim(self, now: float) -> bool:
        if self._wake.is_set():
            return True
        if self._held() < self.options.batch // 2:
            return now - self._last_claim >= self.options.poll_interval or not self._held()
        return False

    async def _claim(self, now: float) -> None:
        self._wake.clear()
        self._last_claim = now
        full = [c for c, q in self._queues.items() if len(q) >= self.options.per_chat]
        async with self.make_uow() as uow:
            rows = await uow.outbox.claim(
                now=self.clock.now(),
                owner=self.owner,
                lease=self.options.lease,
                limit=self.options.batch,
                skip_chats=full,
            )
            if now - self._last_renew > self.options.lease.total_seconds() / 3:
                held = [r.id for q in self._queues.values() for r in q]
                if held:
                    await uow.outbox.renew_lease(
                        held, owner=self.owner, until=self.clock.now() + self.options.lease
                    )
                self._last_renew = now
            await uow.commit()
        known = {r.id for q in self._queues.values() for r in q}
        for row in rows:
            if row.id not in known:
                self._queues.setdefault(row.tg_chat_id, deque()).append(row)

    def _launch_ready(self) -> float:
        """Start every message that may go now; return seconds until the next one may."""
        now = self.clock.monotonic()
        soonest = self.options.poll_interval
        heads = sorted(
            (q[0].priority, q[0].id, chat)
            for chat, q in self._queues.items()
            if q and chat not in self._inflight
        )
        for _, _, chat in heads:
            if len(self._inflight) >= self.options.max_in_flight:
                break
            row = self._queues[chat][0]
            if row.method in PACED_METHODS:
                wait = self.pacer.wait_time(chat, now)
                if wait > 0:
                    soonest = min(soonest, wait)
                    continue
                self.pacer.record(chat, now)
            self._queues[chat].popleft()
            if not self._queues[chat]:
                del self._queues[chat]
            self._inflight[chat] = asyncio.create_task(self._attempt(row))
        return soonest

    async def _attempt(self, row: OutboxMessage) -> Outcome:
        try:
            async with asyncio.timeout(self.options.request_timeout):
                return await self.delivery.deliver(row)
        except TelegramRetryAfter as exc:
            outcome = Outcome.later(float(exc.retry_after), f"429 retry after {exc.retry_after}")
        except TelegramMigrateToChat as exc:
            outcome = Outcome.migrated(exc.migrate_to_chat_id)
        except TelegramForbiddenError as exc:
            outcome = Outcome.unreachable(exc.message)
        except TelegramBadRequest as exc:
            outcome = self.delivery.classify_bad_request(row, exc)
        except (TelegramServerError, TelegramNetworkError, TelegramNotFound, TimeoutError) as exc:
            outcome = Outcome.retry(f"{type(exc).__name__}: {exc}")
        return outcome.of(row)

    async def _wait(self, delay: float, stop: asyncio.Event | None) -> None:
        waiters: set[asyncio.Future[object]] = set(self._inflight.values())  # type: ignore[arg-type]
        timer = asyncio.ensure_future(self.clock.sleep(max(delay, 0.0)))
        woken = asyncio.ensure_future(self._wake.wait())
        stopped = asyncio.ensure_future(stop.wait()) if stop is not None else None
        extra = {timer, woken} | ({stopped} if stopped else set())
        try:
            await asyncio.wait(waiters | extra, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for future in extra:
                future.cancel()
        for chat, task in list(self._inflight.items()):
            if task.done():
                del self._inflight[chat]
                await self._settle(task.result())

    # --- outcomes --------------------------------------------------------------------------

    async def _settle(self, outcome: Outcome) -> None:
        row, now = outcome.row, self.clock.monotonic()
        chat = row.tg_chat_id
        if outcome.kind == "sent":
            async with self.make_uow() as uow:
                await uow.outbox.mark_sent(
                    row.id, at=self.clock.now(), tg_message_id=outcome.message_id
                )
                if row.card_key and outcome.message_id is not None:
                    await uow.outbox.save_card(
                        row.card_key,
                        chat_id=chat,
                        thread_id=row.thread_id,
                        message_id=outcome.message_id,
                        at=self.clock.now(),
                    )
                await uow.commit()
            self.sent += 1
        elif outcome.kind == "later":
            global_limit = self.pacer.global_load(now) >= self.pacer.limits.global_per_second - 3
            self.pacer.pause(None if global_limit else chat, now + outcome.delay)
            self._requeue(row)
            log.warning("telegram_429", outbox_id=row.id, retry_after=outcome.delay)
        elif outcome.kind == "retry":
            await self._retry(row, outcome.error, now)
        elif outcome.kind == "migrated":
            assert outcome.new_chat_id is not None
            async with self.make_uow() as uow:
                await departments.chat_migrated(chat, outcome.new_chat_id, uow)
            self._move_queue(chat, outcome.new_chat_id)
            row.tg_chat_id = outcome.new_chat_id
            self._requeue(row)
        elif outcome.kind == "topic_gone":
            await self._recreate_topic(row)
        else:
            await self._fail_chat(row, outcome)

    async def _retry(self, row: OutboxMessage, error: str, now: float) -> None:
        row.attempts += 1
        if row.attempts >= self.options.max_attempts:
            await self._fail(row, f"gave up after {row.attempts} attempts: {error}")
            return
        delay = min(self.options.max_backoff, 2.0 ** (row.attempts - 1))
        delay *= random.uniform(0.5, 1.5)
        self.pacer.pause(row.tg_chat_id, now + delay)
        self._requeue(row)
        async with self.make_uow() as uow:
            await uow.outbox.note_attempt(row.id, attempts=row.attempts, error=error[:500])
            await uow.commit()
        log.info("outbox_retry", outbox_id=row.id, attempts=row.attempts, error=error[:200])

    async def _recreate_topic(self, row: OutboxMessage) -> None:
        assert row.thread_id is not None
        old = row.thread_id
        new = await self.delivery.recreate_topic(row.tg_chat_id, old)
        if new is None:
            await self._fail(row, "forum topic deleted and could not be recreated")
            return
        for queued in [row, *self._queues.get(row.tg_chat_id, ())]:
            if queued.thread_id == old:
                queued.thread_id = new
        self._requeue(row)

    async def _fail_chat(self, row: OutboxMessage, outcome: Outcome) -> None:
        await self._fail(row, outcome.error)
        if outcome.kind != "unreachable":
            return
        for other in self._queues.pop(row.tg_chat_id, deque()):
            await self._fail(other, outcome.error)
        async with self.make_uow() as uow:
            if row.tg_chat_id > 0:
                await departments.user_unreachable(row.tg_chat_id, uow, self.clock)
            else:
                await departments.chat_lost(row.tg_chat_id, outcome.error, uow, self.clock)
        self.wake()

    async def _fail(self, row: OutboxMessage, error: str) -> None:
        async with self.make_uow() as uow:
            await uow.outbox.mark_failed(row.id, error=error[:500], attempts=row.attempts)
            await uow.commit()
        log.warning("outbox_failed", outbox_id=row.id, chat=row.tg_chat_id, error=error[:200])

    def _requeue(self, row: OutboxMessage) -> None:
        self._queues.setdefault(row.tg_chat_id, deque()).appendleft(row)

    def _move_queue(self, old: int, new: int) -> None:
        moved = self._queues.pop(old, deque())
        for queued in moved:
            queued.tg_chat_id = new
        self._queues.setdefault(new, deque()).extend(moved)

    async def _finish(self) -> None:
        """On stop: let in-flight requests finish, hand back what was not started."""
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()))
            for chat, task in list(self._inflight.items()):
                del self._inflight[chat]
                await self._settle(task.result())
        held = [r.id for q in self._queues.values() for r in q]
        self._queues.clear()
        if held:
            async with self.make_uow() as uow:
                await uow.outbox.release(held, owner=self.owner)
                await uow.commit()
        log.info("sender_stopped", released=len(held))
