"""The nomenclature: catalog items, their import from CSV/XLSX, stock updates, model search.

Prices are int kopecks keyed by price category id (`retail`, `small_wholesale`, `wholesale`,
`dealer`). Imports never raise on a bad row: they return the good items and one `RowError` per
rejected row, so the admin sees what was skipped and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from rapidfuzz import fuzz, process

from bot.domain.spreadsheets import read_grid, rows_as_dicts

PRICE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "retail": "price_retail",
        "small_wholesale": "price_small_wholesale",
        "wholesale": "price_wholesale",
        "dealer": "price_dealer",
    }
)
MAX_CATALOG_ROWS = 50_000
REQUIRED_COLUMNS: tuple[str, ...] = ("sku", "model", "unit", *PRICE_COLUMNS.values(), "stock_qty")
_SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
_YES = frozenset({"да", "yes", "y", "true", "1", "+"})
_NO = frozenset({"нет", "no", "n", "false", "0", "-", ""})
_STOCK_SKU_ALIASES = ("sku", "артикул", "article")
_STOCK_QTY_ALIASES = ("stock_qty", "остаток", "qty", "количество", "stock")


@dataclass(frozen=True, slots=True)
class CatalogItem:
    sku: str
    model: str
    category: str
    colours: tuple[str, ...]
    sizes: tuple[str, ...]
    heights: tuple[str, ...]
    unit: str
    prices_kopecks: Mapping[str, int]
    stock_qty: int
    is_logo_possible: bool

    def price_kopecks(self, price_category: str) -> int:
        return self.prices_kopecks[price_category]


@dataclass(frozen=True, slots=True)
class ModelMatch:
    sku: str
    model: str
    score: float


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: `row` is the 1-based line in the file (the header is line 1)."""

    row: int
    key: str
    column: str
    value: str


@dataclass(frozen=True, slots=True)
class CatalogImport:
    items: tuple[CatalogItem, ...]
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class StockImport:
    updates: Mapping[str, int]
    errors: tuple[RowError, ...]


def normalize_model_name(text: str) -> str:
    """Lower case, ё → е, no quotes, single spaces: how model names are compared."""
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[«»\"'“”„]", "", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Catalog:
    items: tuple[CatalogItem, ...]
    _by_sku: Mapping[str, CatalogItem] = field(init=False, repr=False, compare=False)
    _names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_sku", MappingProxyType({i.sku: i for i in self.items}))
        names = tuple(normalize_model_name(i.model) for i in self.items)
        object.__setattr__(self, "_names", names)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, sku: str) -> CatalogItem | None:
        return self._by_sku.get(sku.strip().upper())

    def __contains__(self, sku: object) -> bool:
        return isinstance(sku, str) and self.get(sku) is not None

    def search_models(
        self, query: str, *, limit: int = 3, score_cutoff: float = 40.0
    ) -> list[ModelMatch]:
        """The catalog models closest to `query` (best first), for "did you mean"."""
        norm = normalize_model_name(query)
        if not norm or not self.items:
            return []
        found = process.extract(
            norm,
            self._names,
            scorer=fuzz.WRatio,
            limit=limit,
            score_cutoff=score_cutoff,
        )
        return [
            ModelMatch(self.items[idx].sku, self.items[idx].model, round(float(score), 1))
            for _name, score, idx in found
        ]

    def with_stock(self, updates: Mapping[str, int]) -> Catalog:
        """A copy with the given stock quantities; SKUs not in the catalog are ignored."""
        return Catalog(
            tuple(
                replace(i, stock_qty=updates[i.sku]) if i.sku in updates else i for i in self.items
            )
        )


def parse_catalog_rows(rows: Iterable[Mapping[str, str]]) -> CatalogImport:
    """Validate rows (header names as in catalog.csv); keep the good ones, report the rest."""
    items: list[CatalogItem] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):
        row = {_norm_header(k): (v or "").strip() for k, v in raw.items() if k is not None}
        if line == 2:  # noqa: PLR2004 - the first data row tells whether the header is usable
            absent = [c for c in REQUIRED_COLUMNS if c not in row]
            if absent:
                return CatalogImport(
                    (), (RowError(1, "error-catalog-columns", ",".join(absent), ""),)
                )
        item_or_error = _catalog_item(row, line, seen)
        if isinstance(item_or_error, RowError):
            errors.append(item_or_error)
            continue
        seen.add(item_or_error.sku)
        items.append(item_or_error)
    return CatalogImport(tuple(items), tuple(errors))


def parse_stock_rows(
    rows: Iterable[Mapping[str, str]], catalog: Catalog | None = None
) -> StockImport:
    """Rows of (sku, stock_qty), header aliases артикул/остаток accepted."""
    updates: dict[str, int] = {}
    errors: list[RowError] = []
    for line, raw in enumerate(rows, start=2):
        row = {_norm_header(k): (v or "").strip() for k, v in raw.items() if k is not None}
        sku = _first(row, _STOCK_SKU_ALIASES).upper()
        qty_text = _first(row, _STOCK_QTY_ALIASES)
        if not sku:
            errors.append(RowError(line, "error-catalog-sku-empty", "sku", ""))
            continue
        if catalog is not None and sku not in catalog:
            errors.append(RowError(line, "error-stock-unknown-sku", "sku", sku))
            continue
        qty = _parse_int(qty_text)
        if qty is None or qty < 0:
            errors.append(RowError(line, "error-catalog-stock", "stock_qty", qty_text))
            continue
        updates[sku] = qty
    return StockImport(MappingProxyType(updates), tuple(errors))


def read_catalog_csv(source: str | Path | bytes) -> list[dict[str, str]]:
    """Rows of a CSV file (UTF-8, with or without BOM, or cp1251; `,` or `;` delimited)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return rows_as_dicts(read_grid("catalog.csv", data, max_rows=MAX_CATALOG_ROWS))


def read_catalog_xlsx(data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet of an XLSX workbook; the first row is the header."""
    return rows_as_dicts(read_grid("catalog.xlsx", data, max_rows=MAX_CATALOG_ROWS))


def load_catalog_csv(source: str | Path | bytes) -> Catalog:
    """The catalog from a CSV; rejected rows are dropped (use parse_catalog_rows to see them)."""
    return Catalog(parse_catalog_rows(read_catalog_csv(source)).items)


def parse_money_kopecks(text: str) -> int | None:
    """`3290`, `3 290,50`, `12.5` → kopecks; None when it is not a non-negative amount."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d{1,2})?", cleaned):
        return None
    try:
        return int((Decimal(cleaned) * 100).to_integral_value())
    except InvalidOperation:
        return None


def _catalog_item(row: Mapping[str, str], line: int, seen: set[str]) -> CatalogItem | RowError:
    sku = row.get("sku", "").upper()
    if not sku:
        return RowError(line, "error-catalog-sku-empty", "sku", "")
    if not _SKU_RE.match(sku):
        return RowError(line, "error-catalog-sku", "sku", sku)
    if sku in seen:
        return RowError(line, "error-catalog-sku-duplicate", "sku", sku)
    model = row.get("model", "")
    if not model:
        return RowError(line, "error-catalog-model-empty", "model", "")
    unit = row.get("unit", "")
    if not unit:
        return RowError(line, "error-catalog-unit", "unit", "")
    prices: dict[str, int] = {}
    for category, column in PRICE_COLUMNS.items():
        value = parse_money_kopecks(row.get(column, ""))
        if value is None or value <= 0:
            return RowError(line, "error-catalog-price", column, row.get(column, ""))
        prices[category] = value
    stock = _parse_int(row.get("stock_qty", ""))
    if stock is None or stock < 0:
        return RowError(line, "error-catalog-stock", "stock_qty", row.get("stock_qty", ""))
    logo_text = row.get("logo_possible", "").lower()
    if logo_text not in _YES and logo_text not in _NO:
        return RowError(line, "error-catalog-logo", "logo_possible", logo_text)
    return CatalogItem(
        sku=sku,
        model=model,
        category=row.get("category", ""),
        colours=_split_list(row.get("colours", "")),
        sizes=_split_list(row.get("sizes", "")),
        heights=_split_list(row.get("heights", "")),
        unit=unit,
        prices_kopecks=MappingProxyType(prices),
        stock_qty=stock,
        is_logo_possible=logo_text in _YES,
    )


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def _parse_int(text: str) -> int | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d+", cleaned):
        return int(cleaned)
    if re.fullmatch(r"-?\d+[.,]0+", cleaned):
        return int(cleaned.split(".")[0].split(",")[0])
    return None


def _norm_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower()


def _first(row: Mapping[str, str], names: Sequence[str]) -> str:
    for name in names:
        if row.get(name):
            return row[name]
    return ""
