"""End-of-day reports."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import DailyReport


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
