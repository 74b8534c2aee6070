"""End-of-day reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import DailyReport, Interaction, Order, Task


class DailyReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, report: DailyReport) -> None:
        self.session.add(report)

    async def find(self, report_id: int, *, for_update: bool = False) -> DailyReport | None:
        query = select(DailyReport).where(DailyReport.id == report_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def get(self, report_id: int, *, for_update: bool = False) -> DailyReport:
        found = await self.find(report_id, for_update=for_update)
        if found is None:
            raise NotFound("daily-report-not-found")
        return found

    async def of_day(self, user_id: int, day: date) -> DailyReport | None:
        return await self.session.scalar(
            select(DailyReport).where(DailyReport.user_id == user_id, DailyReport.day == day)
        )

    # --- what the daily messages are made of -------------------------------------------------

    async def interactions_of(
        self, author_id: int, start: datetime, end: datetime
    ) -> Sequence[Interaction]:
        query = (
            select(Interaction)
            .where(
                Interaction.author_id == author_id,
                Interaction.occurred_at >= start,
                Interaction.occurred_at < end,
            )
            .order_by(Interaction.occurred_at, Interaction.id)
        )
        return (await self.session.scalars(query)).all()

    async def orders_of(self, manager_id: int, start: datetime, end: datetime) -> Sequence[Order]:
        """The manager's orders made or closed in [start, end)."""
        query = (
            select(Order)
            .where(
                Order.manager_id == manager_id,
                or_(
                    and_(Order.created_at >= start, Order.created_at < end),
                    and_(Order.closed_at >= start, Order.closed_at < end),
                ),
            )
            .order_by(Order.number)
        )
        return (await self.session.scalars(query)).all()

    async def department_tasks(
        self, department_id: str, statuses: Sequence[str]
    ) -> Sequence[tuple[Task, Order]]:
        query = (
            select(Task, Order)
            .join(Order, Order.id == Task.order_id)
            .where(Task.department_id == department_id, Task.status.in_(statuses))
            .order_by(Order.deadline_on.is_(None), Order.deadline_on, Order.number)
        )
        return [(t, o) for t, o in (await self.session.execute(query)).all()]

    async def done_between(
        self, kinds: Sequence[str], status: str, start: datetime, end: datetime
    ) -> Sequence[tuple[Task, Order]]:
        query = (
            select(Task, Order)
            .join(Order, Order.id == Task.order_id)
            .where(
                Task.kind.in_(kinds),
                Task.status == status,
                Task.done_at >= start,
                Task.done_at < end,
            )
            .order_by(Order.number)
        )
        return [(t, o) for t, o in (await self.session.execute(query)).all()]
