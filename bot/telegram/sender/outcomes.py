"""What the sender does with each answer of Telegram: mark sent (in batches), wait as
Telegram says (429), retry with backoff and jitter, follow a migrated group, reopen a
deleted forum topic, give up on a chat the bot cannot reach (and let the features know).

`Settlement` owns what it needs to remember between answers (rows accepted but not yet
marked sent, when each failing row started failing, the last 429); the loop holds one and
hands it every outcome. It shares the loop's queues (to put rows back) and pacer (to pause).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import structlog
from aiogram.exceptions import TelegramAPIError

from bot.clock import Clock
from bot.telegram.sender.delivery import Delivery, Outcome
from bot.telegram.sender.hooks import DeliveryHooks
from bot.telegram.sender.limits import Pacer
from bot.telegram.sender.options import SenderOptions
from bot.telegram.sender.queues import ChatQueues
from storage.models import OutboxMessage
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()


class Settlement:
    def __init__(
        self,
        *,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        options: SenderOptions,
        owner: str,
        queues: ChatQueues,
        pacer: Pacer,
        delivery: Delivery,
        hooks: DeliveryHooks,
        wake: Callable[[], None],
    ) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.options = options
        self.owner = owner
        self.queues = queues
        self.pacer = pacer
        self.delivery = delivery
        self.hooks = hooks
        self.wake = wake
        self.sent = 0  # marked sent
        self.marking: asyncio.Task[None] | None = None
        self._to_mark: list[Outcome] = []  # accepted by Telegram, not yet marked sent
        self._unmarked: Counter[int] = Counter()  # chats with sent rows not yet marked
        self.unmarked_ids: set[int] = set()  # their rows: still ours, leases renewed
        self._last_success = float("-inf")
        self._failing_since: dict[int, float] = {}  # row id -> first retryable error
        self._outage = 0  # consecutive retryable errors with no success between
        self._last_429: tuple[int, float] | None = None  # (chat, when)

    def is_unmarked(self, chat: int) -> bool:
        """A message to `chat` went out and is not saved yet (an edit must wait for it)."""
        return bool(self._unmarked[chat])

    async def all(self, outcomes: list[Outcome]) -> None:
        outcomes = [await self._topic_opened(o) if o.topic else o for o in outcomes]
        sent = [o for o in outcomes if o.kind == "sent"]
        if sent:
            self._last_success, self._outage = self.clock.monotonic(), 0
            for outcome in sent:
                self._failing_since.pop(outcome.row.id, None)
            self._to_mark.extend(sent)
            self.unmarked_ids.update(o.row.id for o in sent)
            self._unmarked.update(o.row.tg_chat_id for o in sent)
            if self.marking is None or self.marking.done():
                self.marking = asyncio.create_task(self._mark_pending())
        for outcome in outcomes:
            if outcome.kind != "sent":
                await self._settle(outcome)

    async def _topic_opened(self, outcome: Outcome) -> Outcome:
        """Before a `create_topic` row counts as sent, the feature that asked for the topic
        records it (and posts what waited for it). If that fails, the row is tried again."""
        row, topic = outcome.row, outcome.topic
        assert topic is not None
        view, params = row.payload["view"], row.payload.get("params", {})
        try:
            await self.hooks.topic_opened(
                view, params, row.tg_chat_id, topic.thread_id, topic.name
            )
        except Exception as exc:  # a failing hook must not stop the loop: try the row again
            log.exception("topic_opened_hook_failed", outbox_id=row.id)
            return replace(outcome, kind="retry", error=f"{type(exc).__name__}: {exc}")
        self.wake()  # what waited for the topic is in the outbox now
        return outcome

    async def marked(self) -> None:
        """Wait until every accepted message is marked sent."""
        while self.marking is not None and not self.marking.done():
            await self.marking

    async def _mark_pending(self) -> None:
        """Mark sent, in one transaction, whatever came back meanwhile; the loop goes on
        sending in the meantime. This is the repetition window (see loop.py)."""
        while self._to_mark:
            batch, self._to_mark = self._to_mark, []
            try:
                await self._mark_sent(batch)
                self._unmarked.subtract(o.row.tg_chat_id for o in batch)
                self._unmarked += Counter()  # drop the zeros
                self.unmarked_ids.difference_update(o.row.id for o in batch)
            except Exception:  # the database is down: keep them, try again (they stay leased)
                log.exception("outbox_mark_sent_failed", count=len(batch))
                self._to_mark[:0] = batch
                await self.clock.sleep(self.options.poll_interval)

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
        for outcome in outcomes:  # after the commit: a failing hook does not undo the send
            row = outcome.row
            if row.card_key and row.method != "edit" and self.hooks.hears_card(row.card_key):
                try:
                    await self.hooks.card_posted(row.card_key, row.tg_chat_id, row.thread_id, at)
                except Exception:
                    log.exception("card_posted_hook_failed", outbox_id=row.id)

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
            self.queues.put_back(row)
        elif outcome.kind == "later":
            self.pacer.pause(
                None if self._limit_is_global(chat, now) else chat, now + outcome.delay
            )
            self._last_429 = (chat, now)
            self.queues.put_back(row)
            log.warning("telegram_429", outbox_id=row.id, chat=chat, retry_after=outcome.delay)
        elif outcome.kind == "retry":
            await self._retry(row, outcome.error, now)
        elif outcome.kind == "migrated":
            assert outcome.new_chat_id is not None
            await self._migrated(row, outcome.new_chat_id)
        elif outcome.kind == "topic_gone":
            await self._reopen_topic(row)
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
        self.queues.put_back(row)
        async with self.make_uow() as uow:
            await uow.outbox.note_attempt(row.id, attempts=row.attempts, error=error[:500])
            await uow.commit()
        log.info("outbox_retry", outbox_id=row.id, attempts=row.attempts, error=error[:200])

    def _backoff(self, attempts: int) -> float:
        base = 2.0 ** min(attempts - 1, 16)
        return min(self.options.max_backoff, base * random.uniform(0.5, 1.5))

    async def _migrated(self, row: OutboxMessage, new: int) -> None:
        """A group became a supergroup: its rows (queued here and waiting in the outbox)
        follow it, and so do the features."""
        old = row.tg_chat_id
        async with self.make_uow() as uow:
            await uow.outbox.retarget_chat(old, new)
            await uow.commit()
        await self.hooks.chat_migrated(old, new)
        row.tg_chat_id = new
        self.queues.put_back(row)
        self.queues.move(old, new)
        log.info("chat_migrated", old=old, new=new)

    async def _reopen_topic(self, row: OutboxMessage) -> None:
        """A forum topic was deleted: open a new one with the name its feature gives; the
        features, the outbox and the queue move to it."""
        assert row.thread_id is not None
        chat, old = row.tg_chat_id, row.thread_id
        name = await self.hooks.topic_name(chat, old)
        if name is None:
            await self._fail(row, "forum topic deleted and no feature knows it")
            return
        try:
            new = await self.delivery.create_topic(chat, name)
        except TelegramAPIError as exc:
            await self._fail(row, f"forum topic deleted and not recreated: {exc.message}")
            return
        await self.hooks.topic_moved(chat, old, new)
        async with self.make_uow() as uow:
            await uow.outbox.retarget_topic(chat, old, new)
            await uow.commit()
        row.thread_id = new
        self.queues.retarget_topic(chat, old, new)
        self.queues.put_back(row)
        log.info("forum_topic_recreated", chat=chat, old=old, new=new)

    async def _fail_chat(self, row: OutboxMessage, outcome: Outcome) -> None:
        await self._fail(row, outcome.error)
        if outcome.kind != "unreachable":
            return
        chat = row.tg_chat_id
        self.queues.drop(chat)
        async with self.make_uow() as uow:
            await uow.outbox.fail_chat(chat, error=outcome.error[:500], owner=self.owner)
            await uow.commit()
        if chat > 0:
            await self.hooks.user_unreachable(chat)
        else:
            await self.hooks.chat_lost(chat, outcome.error)
        self.wake()

    async def _fail(self, row: OutboxMessage, error: str) -> None:
        async with self.make_uow() as uow:
            await uow.outbox.mark_failed(row.id, error=error[:500], attempts=row.attempts)
            await uow.commit()
        log.warning("outbox_failed", outbox_id=row.id, chat=row.tg_chat_id, error=error[:200])
