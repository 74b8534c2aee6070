"""What the admin sees of the outbox: backlog, failures, and a retry button."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.roles import Action, Actor, require
from bot.services import audit
from storage.models import OutboxMessage
from storage.uow import UnitOfWork

FAILURE_WINDOW = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class OutboxReport:
    pending: int
    oldest_pending_at: datetime | None
    failures: Sequence[OutboxMessage]
    now: datetime


async def outbox_report(actor: Actor, uow: UnitOfWork, clock: Clock) -> OutboxReport:
    require(actor, Action.VIEW_OUTBOX)
    now = clock.now()
    pending, oldest = await uow.outbox.pending_stats()
    failures = await uow.outbox.failures_since(now - FAILURE_WINDOW)
    return OutboxReport(pending, oldest, failures, now)


async def retry_failed(actor: Actor, uow: UnitOfWork, clock: Clock) -> int:
    require(actor, Action.VIEW_OUTBOX)
    now = clock.now()
    count = await uow.outbox.retry_failed(since=now - FAILURE_WINDOW, now=now)
    audit.record(uow, actor, "outbox_retry", "outbox", at=now, count=count)
    await uow.commit()
    return count
