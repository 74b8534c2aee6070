"""Durable intake: an update is stored in the inbox before Telegram is told it arrived,
then handled from there; the same update_id is handled once."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.clock import Clock
from bot.domain.errors import TryAgain
from storage.uow import UnitOfWorkFactory

log = structlog.get_logger()

MAX_ATTEMPTS = 3
BUSY_RETRIES = 5
KEEP_HANDLED = timedelta(days=3)


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
        self._tasks: set[asyncio.Task[None]] = set()

    async def store(self, updates: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Persist updates; return the ones not seen before (to be handled)."""
        if not updates:
            return []
        async with self.make_uow() as uow:
            fresh = await uow.inbox.store(updates, at=self.clock.now())
            await uow.commit()
        return [u for u in updates if u["update_id"] in fresh]

    async def handle_batch(
        self, updates: Sequence[dict[str, Any]], *, recovering: bool = False
    ) -> None:
        """Handle in order within a chat, chats side by side."""
        by_chat: dict[object, list[dict[str, Any]]] = defaultdict(list)
        for update in updates:
            by_chat[_chat_key(update)].append(update)
        await asyncio.gather(
            *(self._handle_chain(chain, recovering) for chain in by_chat.values())
        )

    def handle_later(self, updates: Sequence[dict[str, Any]]) -> None:
        task = asyncio.create_task(self.handle_batch(updates))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait_idle(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks))

    async def recover(self) -> int:
        """Handle what was stored but not handled before a crash or restart."""
        total = 0
        while True:
            async with self.make_uow() as uow:
                rows = await uow.inbox.pending(limit=500)
                payloads = [r.payload for r in rows]
            if not payloads:
                return total
            log.info("inbox_recovering", count=len(payloads))
            await self.handle_batch(payloads, recovering=True)
            total += len(payloads)

    async def prune(self) -> int:
        async with self.make_uow() as uow:
            removed = await uow.inbox.prune(handled_before=self.clock.now() - KEEP_HANDLED)
            await uow.commit()
        return removed

    async def _handle_chain(self, chain: list[dict[str, Any]], recovering: bool) -> None:
        async with self._slots:
            for payload in chain:
                if recovering and not await self._may_retry(int(payload["update_id"])):
                    continue
                await self._handle_one(payload)

    async def _may_retry(self, update_id: int) -> bool:
        """An update that was being handled when the process died gets a few more tries."""
        async with self.make_uow() as uow:
            attempts = await uow.inbox.count_attempt(update_id)
            await uow.commit()
        if attempts > MAX_ATTEMPTS:
            await self._mark(update_id, f"gave up after {MAX_ATTEMPTS} restarts")
            log.error("update_poisoned", update_id=update_id)
            return False
        return True

    async def _handle_one(self, payload: dict[str, Any]) -> None:
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

    async def _mark(self, update_id: int, error: str | None) -> None:
        async with self.make_uow() as uow:
            await uow.inbox.mark_handled(update_id, at=self.clock.now(), error=error)
            await uow.commit()


def _chat_key(update: dict[str, Any]) -> object:
    for field in ("message", "edited_message", "channel_post", "my_chat_member", "chat_member"):
        if field in update:
            return update[field].get("chat", {}).get("id")
    if "callback_query" in update:
        return ("user", update["callback_query"].get("from", {}).get("id"))
    return ("update", update.get("update_id"))
