"""Orders with their positions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Order, OrderPosition


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, order: Order) -> None:
        self.session.add(order)

    def add_positions(self, positions: Iterable[OrderPosition]) -> None:
        self.session.add_all(list(positions))

    async def get(self, order_id: int, *, for_update: bool = False) -> Order:
        """The order; NotFound when there is none."""
        order = await self.find(order_id, for_update=for_update)
        if order is None:
            raise NotFound("order-not-found")
        return order

    async def find(self, order_id: int, *, for_update: bool = False) -> Order | None:
        """Read afresh (a locked row may have changed while this session waited for it)."""
        query = select(Order).where(Order.id == order_id).execution_options(populate_existing=True)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def positions(self, order_id: int) -> Sequence[OrderPosition]:
        query = (
            select(OrderPosition)
            .where(OrderPosition.order_id == order_id)
            .order_by(OrderPosition.line_no, OrderPosition.id)
        )
        return (await self.session.scalars(query)).all()

    async def position_counts(self, order_ids: Sequence[int]) -> dict[int, int]:
        query = (
            select(OrderPosition.order_id, func.count())
            .where(OrderPosition.order_id.in_(order_ids))
            .group_by(OrderPosition.order_id)
        )
        return {row.order_id: row[1] for row in await self.session.execute(query)}

    async def drop_positions(self, order_id: int) -> None:
        for position in await self.positions(order_id):
            await self.session.delete(position)

    async def next_number(self) -> int:
        return int(await self.session.scalar(select(func.max(Order.number))) or 0) + 1

    async def find_same_text(
        self, text_hash: str, *, since: datetime, exclude_id: int | None = None
    ) -> Order | None:
        """The newest order with this text created at or after `since` (not cancelled); an
        order without text ("") matches none."""
        if not text_hash:
            return None
        query = select(Order).where(
            Order.text_hash == text_hash,
            Order.created_at >= since,
            Order.cancelled_at.is_(None),
        )
        if exclude_id is not None:
            query = query.where(Order.id != exclude_id)
        return await self.session.scalar(query.order_by(Order.created_at.desc()).limit(1))

    async def of_counterparty(
        self, counterparty_id: int, statuses: Sequence[str]
    ) -> Sequence[Order]:
        query = (
            select(Order)
            .where(Order.counterparty_id == counterparty_id, Order.status.in_(statuses))
            .order_by(Order.number)
        )
        return (await self.session.scalars(query)).all()

    async def list_open(
        self, manager_id: int | None, finished: Iterable[str], limit: int
    ) -> Sequence[Order]:
        """Orders not finished, newest first; of one manager, or everyone's (None)."""
        query = select(Order).where(Order.status.not_in(list(finished)))
        if manager_id is not None:
            query = query.where(Order.manager_id == manager_id)
        return (await self.session.scalars(query.order_by(Order.id.desc()).limit(limit))).all()
