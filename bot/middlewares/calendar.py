"""Hands handlers the company's working calendar (`calendar` kwarg), built once per app.

build_app puts the app's `calendar` in the workflow data, and that wins. Otherwise it is
built from the `company` config there, else from company.yaml (`COMPANY_FILE`, or the
packaged default) with the TIMEZONE setting, as build_app does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.config import Settings
from bot.domain.company import CompanyConfig, default_company_path, load_company
from reminders.calendar import WorkCalendar


class CalendarMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        self._calendar: WorkCalendar | None = None

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if "calendar" not in data:
            data["calendar"] = self._load(data.get("company"), data.get("settings"))
        return await handler(event, data)

    def _load(self, company: CompanyConfig | None, settings: Settings | None) -> WorkCalendar:
        if self._calendar is None:
            if company is None:
                path = settings.company_file if settings and settings.company_file else None
                zone = settings.timezone if settings else None
                company = load_company(path or default_company_path(), timezone=zone)
            self._calendar = WorkCalendar.from_mapping(company.working_time, company.calendar)
        return self._calendar
