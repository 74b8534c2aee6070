"""The catalog: nomenclature with stock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import CatalogEntry


class CatalogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> Sequence[CatalogEntry]:
        return (await self.session.scalars(select(CatalogEntry).order_by(CatalogEntry.sku))).all()

    async def get(self, sku: str) -> CatalogEntry:
        """The item; NotFound when the catalog has no such SKU."""
        entry = await self.find(sku)
        if entry is None:
            raise NotFound()
        return entry

    async def find(self, sku: str) -> CatalogEntry | None:
        return await self.session.get(CatalogEntry, sku)

    async def stamp(self) -> tuple[int, datetime | None]:
        """How many items and when the newest changed: tells a cached catalog it is stale."""
        row = (
            await self.session.execute(
                select(func.count(CatalogEntry.sku), func.max(CatalogEntry.updated_at))
            )
        ).one()
        return int(row[0] or 0), row[1]

    async def by_skus(self, skus: Iterable[str]) -> dict[str, CatalogEntry]:
        wanted = sorted(set(skus))
        if not wanted:
            return {}
        query = select(CatalogEntry).where(CatalogEntry.sku.in_(wanted))
        return {e.sku: e for e in (await self.session.scalars(query)).all()}

    def add(self, entry: CatalogEntry) -> None:
        self.session.add(entry)

    async def set_stock(self, updates: Mapping[str, int], *, at: datetime) -> int:
        """Stock quantities by SKU; SKUs not in the catalog are skipped. Rows changed."""
        found = await self.by_skus(updates)
        for sku, entry in found.items():
            entry.stock_qty = updates[sku]
            entry.updated_at = at
        return len(found)
