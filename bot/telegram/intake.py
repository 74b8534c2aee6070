"""Durable intake: an update is stored in the inbox before Telegram is told it arrived,
then handled from there; the same update_id is handled once."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError

from bot.clock import Clock
from bot.domain.errors import TryAgain
from storage.db import is_retryable
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()

MAX_ATTEMPTS = 3
BUSY_RETRIES = 5
KEEP_HANDLED = timedelta(days=3)
PRUNE_EVERY = 3600.0  # seconds
# An update stored this long ago and still not handled lost its handler (a process died
# after storing it, e.g. one of several webhook processes): another process handles it.
STALE_AFTER = timedelta(minutes=5)
STALE_CHECK_EVERY = 300.0  # seconds


MAX_UPDATE_ID = 2**63 - 1  # the inbox's BIGINT
MAX_DEPTH = 32  # a real update nests a dozen levels at most


def update_problem(payload: Any) -> str | None:
    """Why `payload` is not an update this bot can store and handle (None: it is one).
    Checked before an update is stored (the webhook answers 400) and before a stored one is
    handled (it is marked failed): one bad update must never stop intake or a start."""
    if not isinstance(payload, dict):
        return "not an object"
    update_id = payload.get("update_id")
    if type(update_id) is not int:  # a bool is an int to Python, not to Telegram
        return "update_id is not an integer"
    if not 0 <= update_id <= MAX_UPDATE_ID:
        return "update_id out of range"
    if _too_deep(payload):
        return f"nested deeper than {MAX_DEPTH}"
    try:
        Update.model_validate(payload)
    except ValidationError as exc:
        return f"not an update: {exc.errors()[0].get('loc')} {exc.errors()[0].get('msg')}"
    return None


def without_nul(value: Any) -> Any:
    """The update with every NUL character (\\x00) taken out of its strings: nobody types
    one on purpose, and PostgreSQL refuses it in text (a request, a comment, a contact
    note, a name would fail). The one place user text comes in, so no feature has to care."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def _too_deep(value: Any) -> bool:
    level: list[Any] = [value]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


@dataclass(slots=True)
class IntakeTicket:
    update_id: int
    handled: bool = False


class Intake:
    def __init__(
        self,
        bot: Bot,
        dp: Dispatcher,
        make_uow: UnitOfWorkFactory,
        clock: Clock,
        concurrency: int = 8,
    ) -> None:
        self.bot = bot
        self.dp = dp
        self.make_uow = make_uow
        self.clock = clock
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._chat_locks: dict[object, asyncio.Lock] = {}
        self._chat_users: dict[object, int] = defaultdict(int)
        self._active: set[int] = set()  # update_ids being handled in this process
        self._next_prune = float("-inf")
        self._next_stale_check = clock.monotonic() + STALE_CHECK_EVERY
        self._housekeeping: asyncio.Task[None] | None = None

    async def store(self, updates: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Persist updates; return the ones not seen before (to be handled)."""
        if not updates:
            return []
        updates = [without_nul(u) for u in updates]
        for attempt in range(1, BUSY_RETRIES + 1):
            try:
                async with self.make_uow() as uow:
                    fresh = await uow.inbox.store(updates, at=self.clock.now())
                    await uow.commit()
                break
            except DBAPIError as exc:  # a dropped connection: the pool has a fresh one now
                if attempt == BUSY_RETRIES or not is_retryable(exc):
                    raise
                log.info("inbox_store_retry", attempt=attempt, error=str(exc))
        return [u for u in updates if u["update_id"] in fresh]

    async def handle_batch(
        self, updates: Sequence[dict[str, Any]], *, recovering: bool = False
    ) -> None:
        """Handle in order within a chat (also across batches), chats side by side. One
        that is not an update (stored by an older version, say) is marked failed."""
        by_chat: dict[object, list[dict[str, Any]]] = defaultdict(list)
        for update in updates:
            problem = update_problem(update)
            if problem is not None:
                await self._give_up(update, problem)
                continue
            by_chat[_chat_key(update)].append(update)
            self._active.add(int(update["update_id"]))  # taken: recovery leaves it alone
        await asyncio.gather(
            *(self._handle_chain(key, chain, recovering) for key, chain in by_chat.items())
        )

    def handle_later(self, updates: Sequence[dict[str, Any]]) -> None:
        self._spawn(self.handle_batch(updates))

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def housekeeping(self) -> None:
        """Called by the run modes as updates come: prunes old inbox rows once an hour and
        picks up stale ones every few minutes, in the background (clock-driven, no timer)."""
        if self._housekeeping is not None and not self._housekeeping.done():
            return
        now = self.clock.monotonic()
        if now < self._next_prune and now < self._next_stale_check:
            return
        self._housekeeping = self._spawn(self._keep_house(now))

    async def _keep_house(self, now: float) -> None:
        try:
            if now >= self._next_prune:
                self._next_prune = now + PRUNE_EVERY
                removed = await self.prune()
                log.info("inbox_pruned", removed=removed)
            if now >= self._next_stale_check:
                self._next_stale_check = now + STALE_CHECK_EVERY
                await self.recover(older_than=STALE_AFTER)
        except Exception:  # housekeeping must not take intake down; next time it tries again
            log.exception("inbox_housekeeping_failed")

    async def wait_idle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def recover(self, *, older_than: timedelta | None = None) -> int:
        """Handle what was stored but not handled before a crash or restart (at start), or,
        with `older_than`, what has been waiting that long without a handler."""
        total = 0
        while True:
            before = self.clock.now() - older_than if older_than is not None else None
            async with self.make_uow() as uow:
                rows = await uow.inbox.pending(limit=500, received_before=before)
                payloads = [r.payload for r in rows if r.update_id not in self._active]
            if not payloads:
                return total
            log.info("inbox_recovering", count=len(payloads))
            await self.handle_batch(payloads, recovering=True)
            total += len(payloads)
            if older_than is not None:
                return total

    async def prune(self) -> int:
        async with self.make_uow() as uow:
            removed = await uow.inbox.prune(handled_before=self.clock.now() - KEEP_HANDLED)
            await uow.commit()
        return removed

    async def _handle_chain(
        self, key: object, chain: list[dict[str, Any]], recovering: bool
    ) -> None:
        lock = self._chat_locks.setdefault(key, asyncio.Lock())
        self._chat_users[key] += 1
        try:
            async with lock, self._slots:  # a chat's next batch waits for this one
                for payload in chain:
                    update_id = int(payload["update_id"])
                    try:
                        if not recovering or await self._may_retry(update_id):
                            await self._handle_one(payload)
                    finally:
                        self._active.discard(update_id)
        finally:
            self._chat_users[key] -= 1
            if not self._chat_users[key]:
                del self._chat_users[key], self._chat_locks[key]

    async def _may_retry(self, update_id: int) -> bool:
        """An update that was being handled when the process died gets a few more tries
        (unless another process has handled it meanwhile)."""
        async with self.make_uow() as uow:
            attempts = await uow.inbox.count_attempt(update_id)
            row = await uow.inbox.get(update_id)
            await uow.commit()
        if row is None or row.handled_at is not None:
            return False
        if attempts > MAX_ATTEMPTS:
            await self._mark(update_id, f"gave up after {MAX_ATTEMPTS} restarts")
            log.error("update_poisoned", update_id=update_id)
            return False
        return True

    async def _handle_one(self, payload: dict[str, Any]) -> None:
        payload = without_nul(payload)  # also one stored before NUL was taken out
        update_id = int(payload["update_id"])
        ticket = IntakeTicket(update_id)
        error = None
        for attempt in range(1, BUSY_RETRIES + 1):
            try:
                update = Update.model_validate(payload, context={"bot": self.bot})
                await self.dp.feed_update(self.bot, update, intake_ticket=ticket)
            except TryAgain:
                log.info("update_busy_retry", update_id=update_id, attempt=attempt)
                await self.clock.sleep(random.uniform(0.005, 0.05) * attempt)
                continue
            except Exception as exc:  # a handler crash must not stop intake; logged with traceback
                log.exception("update_failed", update_id=update_id)
                error = f"{type(exc).__name__}: {exc}"[:500]
            break
        else:
            error = f"database busy after {BUSY_RETRIES} attempts"
            log.error("update_busy_gave_up", update_id=update_id)
        if not ticket.handled:
            await self._mark(update_id, error)

    async def _give_up(self, payload: Any, problem: str) -> None:
        update_id = payload.get("update_id") if isinstance(payload, dict) else None
        log.error("update_unparsable", update_id=update_id, problem=problem)
        if type(update_id) is int:
            await self._mark(update_id, f"unparsable update: {problem}"[:500])

    async def _mark(self, update_id: int, error: str | None) -> None:
        async with self.make_uow() as uow:
            await uow.inbox.mark_handled(update_id, at=self.clock.now(), error=error)
            await uow.commit()


def _chat_key(update: dict[str, Any]) -> object:
    for field in ("message", "edited_message", "channel_post", "my_chat_member", "chat_member"):
        if field in update:
            return update[field].get("chat", {}).get("id")
    query = update.get("callback_query")
    if query is not None:  # a button under a message belongs to that message's chat
        chat = (query.get("message") or {}).get("chat", {}).get("id")
        return chat if chat is not None else ("user", query.get("from", {}).get("id"))
    return ("update", update.get("update_id"))
