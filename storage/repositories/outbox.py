"""The outbox: rows the sender claims, delivers and marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.models import Card, OutboxMessage

PENDING, SENDING, SENT, FAILED, SUPERSEDED = "pending", "sending", "sent", "failed", "superseded"


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.added = 0

    async def add(self, message: OutboxMessage) -> bool:
        """Add a row unless one with the same dedupe key exists. True if added."""
        if message.dedupe_key is not None:
            existing = await self.session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.dedupe_key == message.dedupe_key)
            )
            if existing is not None:
                return False
        self.session.add(message)
        self.added += 1
        return True

    async def claim(
        self,
        *,
        now: datetime,
        owner: str,
        lease: timedelta,
        limit: int,
        skip_chats: Sequence[int] = (),
    ) -> Sequence[OutboxMessage]:
        """Lease due rows to `owner`: pending ones, and ones whose lease ran out."""
        due = or_(
            and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == SENDING, OutboxMessage.lease_until < now),
        )
        query = (
            select(OutboxMessage.id)
            .where(due, OutboxMessage.tg_chat_id.not_in(skip_chats))
            .order_by(OutboxMessage.priority, OutboxMessage.id)
            .limit(limit)
        )
        if dialect_name(self.session) == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list((await self.session.scalars(query)).all())
        if not ids:
            return []
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), due)
            .values(status=SENDING, lease_owner=owner, lease_until=now + lease)
        )
        claimed = (
            await self.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner)
                .order_by(OutboxMessage.id)
                .execution_options(populate_existing=True)
            )
        ).all()
        return await self._coalesce_edits(claimed)

    async def _coalesce_edits(self, rows: Sequence[OutboxMessage]) -> list[OutboxMessage]:
        """Several pending edits of one card: only the newest is sent."""
        newest: dict[str, int] = {}
        for row in rows:
            if row.card_key and row.method == "edit":
                newest[row.card_key] = max(newest.get(row.card_key, 0), row.id)
        stale = [
            r.id for r in rows if r.card_key and r.method == "edit" and r.id != newest[r.card_key]
        ]
        if stale:
            await self.session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(stale)).values(status=SUPERSEDED)
            )
        return [r for r in rows if r.id not in set(stale)]

    async def mark_sent(self, row_id: int, *, at: datetime, tg_message_id: int | None) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status=SENT, sent_at=at, tg_message_id=tg_message_id, lease_until=None)
        )

    async def reschedule(self, row_id: int, *, at: datetime, error: str, attempts: int) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                status=PENDING,
                next_attempt_at=at,
                error=error,
                attempts=attempts,
                lease_until=None,
                lease_owner=None,
            )
        )

    async def mark_failed(self, row_id: int, *, error: str, attempts: int) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status=FAILED, error=error, attempts=attempts, lease_until=None)
        )

    async def retarget_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.tg_chat_id == old_chat_id, OutboxMessage.status != SENT)
            .values(tg_chat_id=new_chat_id)
        )

    async def retry_failed(self, *, since: datetime, now: datetime) -> int:
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == FAILED, OutboxMessage.created_at >= since)
            .values(status=PENDING, next_attempt_at=now, attempts=0, lease_owner=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def pending_stats(self) -> tuple[int, datetime | None]:
        row = (
            await self.session.execute(
                select(func.count(), func.min(OutboxMessage.created_at)).where(
                    OutboxMessage.status.in_((PENDING, SENDING))
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def failures_since(self, since: datetime) -> Sequence[OutboxMessage]:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.status == FAILED, OutboxMessage.created_at >= since)
            .order_by(OutboxMessage.id.desc())
        )
        return (await self.session.scalars(query)).all()

    async def card(self, key: str) -> Card | None:
        return await self.session.scalar(select(Card).where(Card.key == key))

    async def save_card(
        self, key: str, *, chat_id: int, thread_id: int | None, message_id: int, at: datetime
    ) -> None:
        card = await self.card(key)
        if card is None:
            self.session.add(
                Card(
                    key=key,
                    tg_chat_id=chat_id,
                    thread_id=thread_id,
                    tg_message_id=message_id,
                    updated_at=at,
                )
            )
        else:
            card.tg_chat_id, card.thread_id = chat_id, thread_id
            card.tg_message_id, card.updated_at = message_id, at

    async def note_attempt(self, row_id: int, *, attempts: int, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(attempts=attempts, error=error)
        )

    async def renew_lease(self, ids: Sequence[int], *, owner: str, until: datetime) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.lease_owner == owner,
                OutboxMessage.status == SENDING,
            )
            .values(lease_until=until)
        )

    async def release(self, ids: Sequence[int], *, owner: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.lease_owner == owner,
                OutboxMessage.status == SENDING,
            )
            .values(status=PENDING, lease_until=None, lease_owner=None)
        )

    async def retarget_topic(self, chat_id: int, old_thread: int, new_thread: int) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.tg_chat_id == chat_id,
                OutboxMessage.thread_id == old_thread,
                OutboxMessage.status != SENT,
            )
            .values(thread_id=new_thread)
        )
