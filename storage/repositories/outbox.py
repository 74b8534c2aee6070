"""The outbox: rows the sender claims, delivers and marks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_name
from storage.inserts import insert_new
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

    async def add_new(self, rows: Sequence[dict[str, Any]]) -> int:
        """Add the rows (column values, the same keys in each) whose dedupe key is new, in
        bulk (INSERT … ON CONFLICT DO NOTHING); how many were written."""
        written = 0
        for start in range(0, len(rows), 400):
            chunk = rows[start : start + 400]
            written += len(
                await insert_new(self.session, OutboxMessage, chunk, returning=OutboxMessage.id)
            )
        self.added += written
        return written

    async def claim(
        self,
        *,
        now: datetime,
        owner: str,
        lease: timedelta,
        limit: int,
        skip_chats: Sequence[int] = (),
        per_chat: int | None = None,
    ) -> Sequence[OutboxMessage]:
        """Lease due rows to `owner`: pending ones, and ones whose lease ran out.

        Interactive rows first, then by id; at most `per_chat` rows of one chat. A row is
        taken only if every earlier unsent row of its chat is taken with it or already held
        by `owner`, so several processes keep the order of each chat. Of several edits of
        one card waiting, only the newest is sent (the older ones become superseded).
        """
        due = or_(
            and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == SENDING, OutboxMessage.lease_until < now),
        )
        ids = await self._candidates(due, limit, skip_chats, per_chat)
        if not ids:
            return []
        rows = list(
            (
                await self.session.scalars(
                    select(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids))
                    .order_by(OutboxMessage.id)
                    .execution_options(populate_existing=True)
                )
            ).all()
        )
        rows = await self._coalesce_edits(rows)
        rows = await self._keep_chat_order(rows, owner, now)
        if not rows:
            return []
        # RETURNING: exactly the rows this UPDATE took (a row we held before and has been
        # sent since also has us as lease_owner; it must not come back)
        taken = (
            await self.session.scalars(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([r.id for r in rows]), due)
                .values(status=SENDING, lease_owner=owner, lease_until=now + lease)
                .returning(OutboxMessage.id)
            )
        ).all()
        if not taken:
            return []
        claimed = (
            await self.session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(list(taken)))
                .order_by(OutboxMessage.id)
                .execution_options(populate_existing=True)
            )
        ).all()
        return list(claimed)

    async def _candidates(
        self, due: ColumnElement[bool], limit: int, skip: Sequence[int], per_chat: int | None
    ) -> list[int]:
        """Due rows by priority and id, at most `per_chat` of a chat; on PostgreSQL locked
        (rows another process is claiming right now are skipped)."""
        query = select(OutboxMessage.id, OutboxMessage.tg_chat_id).where(due)
        if skip:
            query = query.where(OutboxMessage.tg_chat_id.not_in(skip))
        query = query.order_by(OutboxMessage.priority, OutboxMessage.id).limit(limit * 2)
        if dialect_name(self.session) == "postgresql":
            query = query.with_for_update(skip_locked=True)
        taken: list[int] = []
        per: dict[int, int] = {}
        for row_id, chat in (await self.session.execute(query)).all():
            if per_chat is not None and per.get(chat, 0) >= per_chat:
                continue
            per[chat] = per.get(chat, 0) + 1
            taken.append(row_id)
            if len(taken) >= limit:
                break
        return taken

    async def _coalesce_edits(self, rows: list[OutboxMessage]) -> list[OutboxMessage]:
        """An edit of a card with a newer edit waiting (here or not yet due) is superseded."""
        keys = {r.card_key for r in rows if r.card_key and r.method == "edit"}
        if not keys:
            return rows
        newest = dict(
            (
                await self.session.execute(
                    select(OutboxMessage.card_key, func.max(OutboxMessage.id))
                    .where(
                        OutboxMessage.card_key.in_(keys),
                        OutboxMessage.method == "edit",
                        OutboxMessage.status.in_((PENDING, SENDING)),
                    )
                    .group_by(OutboxMessage.card_key)
                )
            ).all()
        )
        stale = {
            r.id
            for r in rows
            if r.card_key in keys and r.method == "edit" and r.id < newest.get(r.card_key, 0)
        }
        if stale:
            await self.supersede(stale)
        return [r for r in rows if r.id not in stale]

    async def supersede(self, ids: Iterable[int]) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(ids)))
            .values(status=SUPERSEDED, lease_until=None)
        )

    async def _keep_chat_order(
        self, rows: list[OutboxMessage], owner: str, now: datetime
    ) -> list[OutboxMessage]:
        """Drop rows that have an earlier unsent row of their chat that is not ours to send.
        A row written to go later (a digest waiting for its moment) holds nothing back: the
        rows after it were not meant to wait for it (a reply must leave at once)."""
        chats = {r.tg_chat_id for r in rows}
        mine = and_(OutboxMessage.status == SENDING, OutboxMessage.lease_owner == owner)
        later = and_(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at > now)
        first_other = dict(
            (
                await self.session.execute(
                    select(OutboxMessage.tg_chat_id, func.min(OutboxMessage.id))
                    .where(
                        OutboxMessage.tg_chat_id.in_(chats),
                        OutboxMessage.status.in_((PENDING, SENDING)),
                        OutboxMessage.id.not_in([r.id for r in rows]),
                        not_(mine),
                        not_(later),
                    )
                    .group_by(OutboxMessage.tg_chat_id)
                )
            ).all()
        )
        return [r for r in rows if r.id < first_other.get(r.tg_chat_id, r.id + 1)]

    async def waiting_per_chat(self, chat_ids: Iterable[int]) -> dict[int, int]:
        """How many rows wait (pending, not yet claimed) for each of these chats."""
        query = (
            select(OutboxMessage.tg_chat_id, func.count())
            .where(OutboxMessage.tg_chat_id.in_(list(chat_ids)), OutboxMessage.status == PENDING)
            .group_by(OutboxMessage.tg_chat_id)
        )
        return {chat: int(n) for chat, n in (await self.session.execute(query)).all()}

    async def active_senders(self, *, now: datetime) -> int:
        """How many processes hold leases now (they share Telegram's global limit)."""
        count = await self.session.scalar(
            select(func.count(func.distinct(OutboxMessage.lease_owner))).where(
                OutboxMessage.status == SENDING, OutboxMessage.lease_until >= now
            )
        )
        return int(count or 0)

    async def recent_sends(
        self, chat_ids: Iterable[int], *, since: datetime, other_than: str
    ) -> list[tuple[int, datetime]]:
        """(chat, sent_at) of messages other processes sent to these chats since `since`."""
        query = (
            select(OutboxMessage.tg_chat_id, OutboxMessage.sent_at)
            .where(
                OutboxMessage.tg_chat_id.in_(list(chat_ids)),
                OutboxMessage.status == SENT,
                OutboxMessage.sent_at >= since,
                or_(OutboxMessage.lease_owner.is_(None), OutboxMessage.lease_owner != other_than),
            )
            .order_by(OutboxMessage.sent_at)
        )
        return [(chat, at) for chat, at in (await self.session.execute(query)).all() if at]

    async def mark_sent(self, row_id: int, *, at: datetime, tg_message_id: int | None) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status=SENT, sent_at=at, tg_message_id=tg_message_id, lease_until=None)
        )

    async def mark_sent_many(
        self, rows: Sequence[tuple[int, int | None]], *, at: datetime
    ) -> None:
        """(row id, Telegram message id) of several rows, in one statement."""
        if not rows:
            return
        await self.session.execute(
            update(OutboxMessage),
            [
                {
                    "id": row_id,
                    "status": SENT,
                    "sent_at": at,
                    "tg_message_id": message_id,
                    "lease_until": None,
                }
                for row_id, message_id in rows
            ],
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

    async def cards_of(self, key: str) -> Sequence[Card]:
        """The delivered cards `key` and its copies `key:1`, `key:2`, …"""
        query = select(Card).where(or_(Card.key == key, Card.key.startswith(f"{key}:")))
        return (await self.session.scalars(query.order_by(Card.id))).all()

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

    async def fail_chat(self, chat_id: int, *, error: str, owner: str) -> int:
        """Fail what waits for a chat the bot cannot reach (pending rows and `owner`'s)."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.tg_chat_id == chat_id,
                or_(
                    OutboxMessage.status == PENDING,
                    and_(OutboxMessage.status == SENDING, OutboxMessage.lease_owner == owner),
                ),
            )
            .values(status=FAILED, error=error, lease_until=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def save_progress(self, row_id: int, payload: dict[str, Any]) -> None:
        """A long text goes out in parts: remember which parts Telegram already has."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id).values(payload=payload)
        )

    async def by_status(self) -> dict[str, int]:
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: int(n) for status, n in (await self.session.execute(query)).all()}
