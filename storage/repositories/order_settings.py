"""Order settings (routing overrides, the time zone) stored as key/value rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import OrderSetting


class OrderSettingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, setting: OrderSetting) -> None:
        self.session.add(setting)

    async def get(self, key: str, *, for_update: bool = False) -> OrderSetting:
        """The setting; NotFound when there is none (routing: no such kind of work)."""
        setting = await self.find(key, for_update=for_update)
        if setting is None:
            raise NotFound("routing-unknown-kind")
        return setting

    async def find(self, key: str, *, for_update: bool = False) -> OrderSetting | None:
        query = select(OrderSetting).where(OrderSetting.key == key)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def all(self) -> Sequence[OrderSetting]:
        return (await self.session.scalars(select(OrderSetting).order_by(OrderSetting.key))).all()
