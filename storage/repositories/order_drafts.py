"""Order drafts of the dialogue, one row per order message (see storage.models.OrderDraft)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OrderDraft

OPEN = "open"


class OrderDraftRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, draft: OrderDraft) -> None:
        self.session.add(draft)

    async def find(self, owner_id: int, key: str) -> OrderDraft | None:
        """The owner's draft with this key (any status); None when there is none."""
        return await self.session.scalar(
            select(OrderDraft).where(OrderDraft.owner_id == owner_id, OrderDraft.key == key)
        )

    async def next_seq(self, owner_id: int) -> int:
        last = await self.session.scalar(
            select(func.max(OrderDraft.seq)).where(OrderDraft.owner_id == owner_id)
        )
        return int(last or 0) + 1

    async def newest_asking(self, owner_id: int) -> OrderDraft | None:
        """The open draft that asked for typed text last."""
        return await self.session.scalar(
            select(OrderDraft)
            .where(
                OrderDraft.owner_id == owner_id,
                OrderDraft.status == OPEN,
                OrderDraft.awaiting.is_not(None),
            )
            .order_by(OrderDraft.seq.desc(), OrderDraft.id.desc())
            .limit(1)
        )

    async def open_of(self, owner_id: int, limit: int) -> Sequence[OrderDraft]:
        """The owner's open drafts, the newest first."""
        rows = await self.session.scalars(
            select(OrderDraft)
            .where(OrderDraft.owner_id == owner_id, OrderDraft.status == OPEN)
            .order_by(OrderDraft.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def count_open(self, owner_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(OrderDraft)
            .where(OrderDraft.owner_id == owner_id, OrderDraft.status == OPEN)
        )
        return int(count or 0)
