"""What the sender does with each answer of Telegram: mark sent (in batches), wait as
Telegram says (429), retry with backoff and jitter, follow a migrated group, reopen a
deleted forum topic, give up on a chat the bot cannot reach (and tell who is responsible).

A mixin of Sender (bot/sender.py), which owns the state used here.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import structlog
from aiogram.exceptions import TelegramAPIError

from bot.clock import Clock
from bot.services.staff import departments
from bot.telegram.sender.delivery import Delivery, Outcome
from bot.telegram.sender.limits import Pacer
from storage.models import OutboxMessage
from storage.uow import UnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from bot.telegram.sender.loop import SenderOptions

log = structlog.get_logger()

# Someone who blocked the bot: (tg_user_id, uow, clock); commits its own unit of work.
UnreachableListener = Callable[[int, UnitOfWork, Clock], Awaitable[None]]


class OutcomeHandling:
    make_uow: UnitOfWorkFactory
    clock: Clock
    options: SenderOptions
    pacer: Pacer
    delivery: Delivery
    owner: str
    on_user_unreachable: tuple[UnreachableListener, ...]
    sent: int
    _queues: dict[int, deque[OutboxMessage]]
    _to_mark: list[Outcome]
    _marking: asyncio.Task[None] | None
    _unmarked: Counter[int]
    _marking_ids: set[int]
    _last_success: float
    _failing_since: dict[int, float]
    _outage: int
    _last_429: tuple[int, float] | None

    def wake(self) -> None:
        raise NotImplementedError

    async def _settle_all(self, outcomes: list[Outcome]) -> None:
        sent = [o for o in outcomes if o.kind == "sent"]
        if sent:
            self._last_success, self._outage = self.clock.monotonic(), 0
            for outcome in sent:
                self._failing_since.pop(outcome.row.id, None)
            self._to_mark.extend(sent)
            self._marking_ids.update(o.row.id for o in sent)
            self._unmarked.update(o.row.tg_chat_id for o in sent)
            if self._marking is None or self._marking.done():
                self._marking = asyncio.create_task(self._mark_pending())
        for outcome in outcomes:
            if outcome.kind != "sent":
                await self._settle(outcome)

    async def _mark_pending(self) -> None:
        """Mark sent, in one transaction, whatever came back meanwhile; the loop goes on
        sending in the meantime. This is the repetition window (see the module doc)."""
        while self._to_mark:
            batch, self._to_mark = self._to_mark, []
            try:
                await self._mark_sent(batch)
                self._unmarked.subtract(o.row.tg_chat_id for o in batch)
                self._unmarked += Counter()  # drop the zeros
                self._marking_ids.difference_update(o.row.id for o in batch)
            except Exception:  # the database is down: keep them, try again (they stay leased)
                log.exception("outbox_mark_sent_failed", count=len(batch))
                self._to_mark[:0] = batch
                await self.clock.sleep(self.options.poll_interval)

    async def _marked(self) -> None:
        while self._marking is not None and not self._marking.done():
            await self._marking

    async def _mark_sent(self, outcomes: list[Outcome]) -> None:
        at = self.clock.now()
        async with self.make_uow() as uow:
            await uow.outbox.mark_sent_many([(o.row.id, o.message_id) for o in outcomes], at=at)
            for outcome in outcomes:
                row = outcome.row
                if row.card_key and outcome.message_id is not None:
                    await uow.outbox.save_card(
                        row.card_key,
                        chat_id=row.tg_chat_id,
                        thread_id=row.thread_id,
                        message_id=outcome.message_id,
                        at=at,
                    )
            await uow.commit()
        self.sent += len(outcomes)

    async def _settle(self, outcome: Outcome) -> None:
        row, now = outcome.row, self.clock.monotonic()
        chat = row.tg_chat_id
        if outcome.kind == "partial":
            assert outcome.progress is not None
            row.payload = outcome.progress
            async with self.make_uow() as uow:
                await uow.outbox.save_progress(row.id, outcome.progress)
                await uow.commit()
            self._last_success, self._outage = now, 0
            self._requeue(row)
        elif outcome.kind == "later":
            self.pacer.pause(
                None if self._limit_is_global(chat, now) else chat, now + outcome.delay
            )
            self._last_429 = (chat, now)
            self._requeue(row)
            log.warning("telegram_429", outbox_id=row.id, chat=chat, retry_after=outcome.delay)
        elif outcome.kind == "retry":
            await self._retry(row, outcome.error, now)
        elif outcome.kind == "migrated":
            assert outcome.new_chat_id is not None
            async with self.make_uow() as uow:
                await departments.chat_migrated(chat, outcome.new_chat_id, uow)
            row.tg_chat_id = outcome.new_chat_id
            self._requeue(row)
            self._move_queue(chat, outcome.new_chat_id)
            log.info("chat_migrated", old=chat, new=outcome.new_chat_id)
        elif outcome.kind == "topic_gone":
            await self._recreate_topic(row)
        else:
            await self._fail_chat(row, outcome)

    def _limit_is_global(self, chat: int, now: float) -> bool:
        """Telegram does not say which limit it hit: global if we were near the global one,
        or if another chat was refused within the last second too."""
        if self.pacer.global_load(now) >= self.pacer.global_limit - 3:
            return True
        last = self._last_429
        return last is not None and last[0] != chat and now - last[1] < 1.0

    async def _retry(self, row: OutboxMessage, error: str, now: float) -> None:
        row.attempts += 1
        first = self._failing_since.setdefault(row.id, now)
        others_fine = self._last_success > first
        if row.attempts >= self.options.max_attempts and (
            others_fine or now - first >= self.options.give_up_after
        ):
            self._failing_since.pop(row.id, None)
            await self._fail(row, f"gave up after {row.attempts} attempts: {error}")
            return
        delay = self._backoff(row.attempts)
        self.pacer.pause(row.tg_chat_id, now + delay)
        if not others_fine and now >= self.pacer.global_paused_until:
            # nothing gets through: Telegram (or the way to it) is down; back off together
            self._outage += 1
            self.pacer.pause(None, now + self._backoff(self._outage))
        self._requeue(row)
        async with self.make_uow() as uow:
            await uow.outbox.note_attempt(row.id, attempts=row.attempts, error=error[:500])
            await uow.commit()
        log.info("outbox_retry", outbox_id=row.id, attempts=row.attempts, error=error[:200])

    def _backoff(self, attempts: int) -> float:
        base = 2.0 ** min(attempts - 1, 16)
        return min(self.options.max_backoff, base * random.uniform(0.5, 1.5))

    async def _recreate_topic(self, row: OutboxMessage) -> None:
        assert row.thread_id is not None
        old = row.thread_id
        try:
            new = await self.delivery.recreate_topic(row.tg_chat_id, old)
        except TelegramAPIError as exc:
            await self._fail(row, f"forum topic deleted and not recreated: {exc.message}")
            return
        if new is None:
            await self._fail(row, "forum topic deleted and could not be recreated")
            return
        for queued in [row, *self._queues.get(row.tg_chat_id, ())]:
            if queued.thread_id == old:
                queued.thread_id = new
        self._requeue(row)
        log.info("forum_topic_recreated", chat=row.tg_chat_id, old=old, new=new)

    async def _fail_chat(self, row: OutboxMessage, outcome: Outcome) -> None:
        await self._fail(row, outcome.error)
        if outcome.kind != "unreachable":
            return
        chat = row.tg_chat_id
        self._queues.pop(chat, None)
        async with self.make_uow() as uow:
            await uow.outbox.fail_chat(chat, error=outcome.error[:500], owner=self.owner)
            await uow.commit()
        async with self.make_uow() as uow:
            if chat > 0:
                await departments.user_unreachable(chat, uow, self.clock)
            else:
                await departments.chat_lost(chat, outcome.error, uow, self.clock)
        if chat > 0:
            for listener in self.on_user_unreachable:
                async with self.make_uow() as uow:
                    await listener(chat, uow, self.clock)
        self.wake()

    async def _fail(self, row: OutboxMessage, error: str) -> None:
        async with self.make_uow() as uow:
            await uow.outbox.mark_failed(row.id, error=error[:500], attempts=row.attempts)
            await uow.commit()
        log.warning("outbox_failed", outbox_id=row.id, chat=row.tg_chat_id, error=error[:200])

    def _requeue(self, row: OutboxMessage) -> None:
        insert_in_order(self._queues.setdefault(row.tg_chat_id, deque()), row)

    def _move_queue(self, old: int, new: int) -> None:
        for queued in self._queues.pop(old, deque()):
            queued.tg_chat_id = new
            self._requeue(queued)


def insert_in_order(queue: deque[OutboxMessage], row: OutboxMessage) -> None:
    """A chat's queue stays in id order (a retried row goes back before later ones)."""
    if not queue or queue[-1].id < row.id:
        queue.append(row)
        return
    for index, queued in enumerate(queue):
        if queued.id > row.id:
            queue.insert(index, row)
            return
        if queued.id == row.id:
            return
    queue.append(row)
