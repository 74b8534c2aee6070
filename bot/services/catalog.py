"""The catalog in the database: import from CSV/XLSX, stock updates, and the process-wide cache
of the `Catalog` and the order parser built on it.

The cache checks a cheap stamp (item count and newest `updated_at`) on every use, so an import
made by another process is picked up too; an import in this process also drops it at once.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.catalog import (
    Catalog,
    CatalogImport,
    CatalogItem,
    RowError,
    parse_catalog_rows,
    parse_stock_rows,
    read_catalog_csv,
    read_catalog_xlsx,
)
from bot.domain.company import CompanyConfig
from bot.domain.errors import InvalidInput
from bot.domain.orders.client_mentions import ClientDirectory, ClientRecord
from bot.domain.orders.parser import OrderParser
from bot.domain.roles import Action, Actor, require
from bot.services import audit
from storage.models import CatalogEntry
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_FILE_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
Stamp = tuple[int, datetime | None]


# --- the cache ----------------------------------------------------------------------------


class CatalogCache:
    """One per process (Dispatcher workflow data `catalog_cache`)."""

    def __init__(self, company: CompanyConfig) -> None:
        self.company = company
        self._catalog: Catalog | None = None
        self._catalog_stamp: Stamp | None = None
        self._parser: OrderParser | None = None
        self._clients: ClientDirectory | None = None
        self._clients_stamp: Stamp | None = None

    def invalidate(self) -> None:
        self._catalog = self._catalog_stamp = self._parser = None

    async def catalog(self, uow: UnitOfWork) -> Catalog:
        stamp = await uow.catalog.stamp()
        if self._catalog is None or stamp != self._catalog_stamp:
            self._catalog = Catalog(tuple(to_item(e) for e in await uow.catalog.all()))
            self._catalog_stamp = stamp
            self._parser = None
            log.info("catalog_loaded", items=len(self._catalog))
        return self._catalog

    async def parser(self, uow: UnitOfWork) -> OrderParser:
        """The parser over the current catalog and the current counterparties."""
        catalog = await self.catalog(uow)
        if self._parser is None:
            self._parser = OrderParser(catalog, self.company, ClientDirectory(()))
        stamp = await uow.counterparties.client_stamp()
        if self._clients is None or stamp != self._clients_stamp:
            rows = await uow.counterparties.client_rows()
            self._clients = ClientDirectory(
                ClientRecord(str(cp_id), name, inn or "") for cp_id, name, inn in rows
            )
            self._clients_stamp = stamp
        parser = copy.copy(self._parser)  # shares the model index; only the clients differ
        parser.clients = self._clients
        return parser


def to_item(entry: CatalogEntry) -> CatalogItem:
    return CatalogItem(
        sku=entry.sku,
        model=entry.model,
        category=entry.category,
        colours=tuple(entry.colours),
        sizes=tuple(entry.sizes),
        heights=tuple(entry.heights),
        unit=entry.unit,
        prices_kopecks=MappingProxyType({k: int(v) for k, v in entry.prices_kopecks.items()}),
        stock_qty=entry.stock_qty,
        is_logo_possible=entry.is_logo_possible,
    )


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogFile:
    actor: Actor
    file_name: str
    file_size: int | None
    read: Callable[[], Awaitable[bytes]]  # downloads the file; called only after the checks


@dataclass(frozen=True, slots=True)
class CatalogImported:
    created: int
    updated: int
    total: int  # items in the catalog afterwards
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class StockUpdated:
    updated: int
    errors: tuple[RowError, ...]


def begin_upload(actor: Actor, *, stock: bool) -> None:
    """Before asking for the file: may `actor` send it at all."""
    require(actor, Action.UPDATE_STOCK if stock else Action.IMPORT_CATALOG)


def check_file(actor: Actor, action: Action, file_name: str, file_size: int | None) -> None:
    """Who may send it, and whether it is worth downloading at all."""
    require(actor, action)
    if not file_name.lower().endswith(SUFFIXES):
        raise InvalidInput("catalog-bad-type", name=file_name[:80])
    if file_size is not None and file_size > MAX_FILE_BYTES:
        raise InvalidInput("catalog-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))


async def import_catalog(
    cmd: CatalogFile, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> CatalogImported:
    """Add new SKUs and update the ones on file; rows with errors are skipped and reported."""
    check_file(cmd.actor, Action.IMPORT_CATALOG, cmd.file_name, cmd.file_size)
    rows = await load_rows(cmd.file_name, await _read(cmd))
    result = await store_items(uow, rows, clock.now())
    audit.record(
        uow,
        cmd.actor,
        "catalog_imported",
        f"file:{PurePath(cmd.file_name).name[:80]}",
        at=clock.now(),
        created=result.created,
        updated=result.updated,
        rejected=len(result.errors),
    )
    await uow.commit()
    cache.invalidate()
    log.info("catalog_imported", created=result.created, updated=result.updated)
    return result


async def update_stock(
    cmd: CatalogFile, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> StockUpdated:
    """Warehouse stock by SKU (columns sku/артикул and stock_qty/остаток)."""
    check_file(cmd.actor, Action.UPDATE_STOCK, cmd.file_name, cmd.file_size)
    rows = await load_rows(cmd.file_name, await _read(cmd))
    catalog = await cache.catalog(uow)
    if not len(catalog):
        raise InvalidInput("catalog-empty")
    parsed = parse_stock_rows(rows, catalog)
    if not parsed.updates:
        raise _nothing("stock-nothing", parsed.errors)
    updated = await uow.catalog.set_stock(parsed.updates, at=clock.now())
    audit.record(
        uow,
        cmd.actor,
        "stock_updated",
        f"file:{PurePath(cmd.file_name).name[:80]}",
        at=clock.now(),
        updated=updated,
        rejected=len(parsed.errors),
    )
    await uow.commit()
    cache.invalidate()
    log.info("stock_updated", updated=updated, rejected=len(parsed.errors))
    return StockUpdated(updated, parsed.errors)


async def is_empty(uow: UnitOfWork) -> bool:
    count, _newest = await uow.catalog.stamp()
    return count == 0


async def seed_catalog(
    uow: UnitOfWork, file_name: str, data: bytes, clock: Clock
) -> CatalogImported | None:
    """On start (CATALOG_FILE): load the file when the catalog table is empty."""
    if not await is_empty(uow):
        return None
    result = await store_items(uow, await load_rows(file_name, data), clock.now())
    audit.record(uow, None, "catalog_seeded", f"file:{file_name[:80]}", at=clock.now())
    await uow.commit()
    log.info("catalog_seeded", created=result.created, rejected=len(result.errors))
    return result


def read_rows(file_name: str, data: bytes) -> list[dict[str, str]]:
    """The rows of the file, or InvalidInput (catalog-*, table-*) saying why not."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("catalog-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise InvalidInput("catalog-file-empty")
    if file_name.lower().endswith(".xlsx"):
        return read_catalog_xlsx(data)
    return read_catalog_csv(data)


async def load_rows(file_name: str, data: bytes) -> list[dict[str, str]]:
    """`read_rows` in a worker thread: a big or hostile file never blocks the event loop."""
    return await asyncio.to_thread(read_rows, file_name, data)


def parse_items(rows: Sequence[dict[str, str]]) -> CatalogImport:
    """The good rows of a catalog file; none at all is an error naming the first bad row."""
    parsed = parse_catalog_rows(rows)
    if not parsed.items:
        raise _nothing("catalog-nothing", parsed.errors)
    return parsed


async def store_items(
    uow: UnitOfWork, rows: Sequence[dict[str, str]], now: datetime
) -> CatalogImported:
    parsed = parse_items(rows)
    existing = await uow.catalog.by_skus(i.sku for i in parsed.items)
    created = 0
    for item in parsed.items:
        entry = existing.get(item.sku)
        if entry is None:
            entry = CatalogEntry(sku=item.sku)
            uow.catalog.add(entry)
            created += 1
        _fill(entry, item, now)
    await uow.flush()
    total, _newest = await uow.catalog.stamp()
    return CatalogImported(created, len(parsed.items) - created, total, parsed.errors)


def _fill(entry: CatalogEntry, item: CatalogItem, now: datetime) -> None:
    entry.model = item.model
    entry.category = item.category
    entry.colours = list(item.colours)
    entry.sizes = list(item.sizes)
    entry.heights = list(item.heights)
    entry.unit = item.unit
    entry.prices_kopecks = dict(item.prices_kopecks)
    entry.stock_qty = item.stock_qty
    entry.is_logo_possible = item.is_logo_possible
    entry.updated_at = now


def _nothing(key: str, errors: Sequence[RowError]) -> InvalidInput:
    if not errors:
        return InvalidInput("catalog-file-empty")
    return InvalidInput(key, **row_problem(errors[0]))


async def _read(cmd: CatalogFile) -> bytes:
    data = await cmd.read()
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("catalog-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))
    return data


def row_problem(error: RowError) -> dict[str, Any]:
    """Parameters of the `catalog-row-error` text: line, what is wrong, where, the value."""
    problem = error.key.removeprefix("error-catalog-").removeprefix("error-stock-")
    return {
        "row": error.row,
        "problem": problem,
        "column": error.column,
        "value": error.value[:60],
    }
