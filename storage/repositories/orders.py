"""Orders with their positions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Counterparty, Order, OrderPosition


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, order: Order) -> None:
        self.session.add(order)

    def add_positions(self, positions: Iterable[OrderPosition]) -> None:
        self.session.add_all(list(positions))

    async def get(self, order_id: int, *, for_update: bool = False) -> Order | None:
        if for_update:
            query = select(Order).where(Order.id == order_id).with_for_update()
            return await self.session.scalar(query)
        return await self.session.get(Order, order_id)

    async def by_number(self, number: int) -> Order | None:
        return await self.session.scalar(select(Order).where(Order.number == number))

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

    async def recent_with_hash(
        self, text_hash: str, *, since: datetime, exclude_id: int | None = None
    ) -> Order | None:
        """The newest order with this text created at or after `since` (not cancelled)."""
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

    async def client_stamp(self) -> tuple[int, datetime | None]:
        """How many counterparties and the newest change: the parser's directory is stale?"""
        row = (
            await self.session.execute(
                select(func.count(Counterparty.id), func.max(Counterparty.updated_at))
            )
        ).one()
        return int(row[0] or 0), row[1]

    async def client_rows(self) -> list[tuple[int, str, str | None]]:
        """(id, name, inn) of every counterparty: what the parser finds clients by."""
        query = select(Counterparty.id, Counterparty.name, Counterparty.inn).order_by(
            Counterparty.id
        )
        return [(cp_id, name, inn) for cp_id, name, inn in await self.session.execute(query)]
