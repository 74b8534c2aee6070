"""Rules over a parsed order: work kinds and the stock rule, completeness, validation, routing.

- Stock rule (company.yaml `routing.stock_rule: aggregate_per_sku`): quantities of one SKU in
  an order are added up; stock ≥ total → `stock`; stock = 0 → `procure`; otherwise both.
  Items outside the catalog → `procure`; made-to-measure and manufactured positions skip it.
- `missing` (seed 003, step 2): order-level entries first (`client`, `price_category`), then per
  position `model`, `colour`, `size`, `height`, `qty`, as data/README.md defines them.
- `validate_order` says what is wrong with what *was* written (qty, size, colour, deadline) as
  `InvalidInput` errors with message keys; the parser itself never refuses a text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from bot.domain.catalog import Catalog
from bot.domain.company import CompanyConfig
from bot.domain.errors import InvalidInput
from bot.domain.orders.parsed import ParsedOrder, ParsedPosition, Service, WorkKind

MAX_QTY = 10_000


def stock_totals(positions: Iterable[ParsedPosition]) -> dict[str, int]:
    """Quantity per SKU over the positions that are taken from stock (not made by the workshop)."""
    totals: dict[str, int] = defaultdict(int)
    for p in positions:
        if p.sku is not None and not p.is_made:
            totals[p.sku] += max(p.qty or 0, 0)
    return dict(totals)


def position_work(
    position: ParsedPosition, catalog: Catalog, totals: dict[str, int]
) -> tuple[WorkKind, ...]:
    """Work kinds of one position, in the order stock, procure, logo, tailoring, manufacture."""
    kinds: set[WorkKind] = set()
    item = catalog.get(position.sku) if position.sku else None
    if position.service is Service.MANUFACTURE:
        kinds.add(WorkKind.MANUFACTURE)
    elif position.service is Service.MADE_TO_MEASURE:
        kinds.add(WorkKind.TAILORING)
    else:
        if position.service is Service.ALTERATION:
            kinds.add(WorkKind.TAILORING)
        if item is not None:
            total = totals.get(item.sku, 0)
            if item.stock_qty <= 0:
                kinds.add(WorkKind.PROCURE)
            elif item.stock_qty >= total:
                kinds.add(WorkKind.STOCK)
            else:
                kinds.update((WorkKind.STOCK, WorkKind.PROCURE))
        elif position.sku is None and not position.is_model_unclear:
            kinds.add(WorkKind.PROCURE)
    if position.is_model_unclear:
        return ()
    if position.is_logo_requested and (item is None or item.is_logo_possible):
        kinds.add(WorkKind.LOGO)
    return tuple(k for k in WorkKind if k in kinds)


def apply_work(
    positions: Sequence[ParsedPosition], catalog: Catalog
) -> tuple[ParsedPosition, ...]:
    """Positions with `work` set by the stock rule and the services asked for."""
    totals = stock_totals(positions)
    return tuple(replace(p, work=position_work(p, catalog, totals)) for p in positions)


def order_work(positions: Iterable[ParsedPosition]) -> tuple[WorkKind, ...]:
    kinds = {k for p in positions for k in p.work}
    return tuple(k for k in WorkKind if k in kinds)


def missing_fields(
    positions: Sequence[ParsedPosition],
    catalog: Catalog,
    *,
    has_client: bool,
    price_category: str | None,
) -> tuple[str, ...]:
    """What the bot must ask for before the order can go to the departments."""
    missing: list[str] = []
    if not has_client:
        missing.append("client")
    if price_category is None:
        missing.append("price_category")
    for i, p in enumerate(positions):
        field = f"positions[{i}]"
        item = catalog.get(p.sku) if p.sku else None
        if item is None:
            if p.is_model_unclear:
                missing.append(f"{field}.model")
        else:
            if p.colour is None and item.colours:
                missing.append(f"{field}.colour")
            if not p.is_made:
                if p.size is None and item.sizes:
                    missing.append(f"{field}.size")
                if p.height is None and item.heights:
                    missing.append(f"{field}.height")
        if p.qty is None:
            missing.append(f"{field}.qty")
    return tuple(missing)


def complete_order(order: ParsedOrder, catalog: Catalog) -> ParsedOrder:
    """Recompute work, the order's work and `missing` (after the manager filled something in)."""
    positions = apply_work(order.positions, catalog)
    return replace(
        order,
        positions=positions,
        work=order_work(positions),
        missing=missing_fields(
            positions,
            catalog,
            has_client=bool(order.client or order.client_id or order.inn),
            price_category=order.price_category,
        ),
    )


def validate_order(order: ParsedOrder, catalog: Catalog, *, today: date) -> list[InvalidInput]:
    """Everything written that cannot be right, one error per problem (empty: nothing wrong)."""
    errors: list[InvalidInput] = []
    for i, p in enumerate(order.positions):
        errors.extend(validate_position(i, p, catalog))
    if order.client is not None and order.client_id is None and order.inn is None:
        errors.append(InvalidInput("error-order-client-unknown", client=order.client))
    if order.deadline is not None and order.deadline < today:
        errors.append(
            InvalidInput("error-order-deadline-past", deadline=order.deadline.isoformat())
        )
    for unknown in order.unknown_models:
        errors.append(
            InvalidInput(
                "error-order-unknown-model",
                text=unknown.text,
                suggestions=[s.model for s in unknown.suggestions],
            )
        )
    return errors


def validate_position(index: int, p: ParsedPosition, catalog: Catalog) -> list[InvalidInput]:
    errors: list[InvalidInput] = []
    if p.qty is not None and p.qty <= 0:
        errors.append(
            InvalidInput("error-order-qty", position=index, qty=p.qty, reason="not_positive")
        )
    elif p.qty is not None and p.qty > MAX_QTY:
        errors.append(
            InvalidInput("error-order-qty", position=index, qty=p.qty, reason="too_large")
        )
    item = catalog.get(p.sku) if p.sku else None
    if item is None:
        return errors
    if p.colour is not None and item.colours and p.colour not in item.colours:
        errors.append(
            InvalidInput(
                "error-order-colour", position=index, colour=p.colour, allowed=list(item.colours)
            )
        )
    if p.size is not None and p.size not in item.sizes:
        errors.append(
            InvalidInput("error-order-size", position=index, size=p.size, allowed=list(item.sizes))
        )
    if p.height is not None and p.height not in item.heights:
        errors.append(
            InvalidInput(
                "error-order-height", position=index, height=p.height, allowed=list(item.heights)
            )
        )
    if p.is_logo_requested and not item.is_logo_possible:
        errors.append(InvalidInput("error-order-logo-impossible", position=index, sku=item.sku))
    return errors


def route(order: ParsedOrder, company: CompanyConfig) -> dict[str, list[int]]:
    """Department id → indexes of the positions it works on (company.yaml `routing`).

    Delivery (own driver or transport company) gets every position; pickup makes no task.
    Departments come in the order of their first work kind. Logo goes to `logo` as written:
    `resolve_fallback` moves it to its fallback when that department has no chat.
    """
    routes: dict[str, list[int]] = {}
    for kind in WorkKind:
        department = company.routing.work.get(str(kind))
        if department is None:
            continue
        for i, p in enumerate(order.positions):
            if kind in p.work:
                indexes = routes.setdefault(department, [])
                if i not in indexes:
                    indexes.append(i)
    for indexes in routes.values():
        indexes.sort()
    if order.delivery is not None and order.positions:
        department = company.routing.delivery.get(str(order.delivery.kind))
        if department is not None:
            routes.setdefault(department, list(range(len(order.positions))))
    return routes


def resolve_fallback(
    routes: dict[str, list[int]], company: CompanyConfig, bound: set[str]
) -> dict[str, list[int]]:
    """Move the share of a department without a bound chat to its fallback (logo → workshop)."""
    out: dict[str, list[int]] = {}
    for department, indexes in routes.items():
        target = department
        seen = {department}
        while target not in bound:
            fallback = (
                company.department(target).fallback if target in company.department_ids else None
            )
            if fallback is None or fallback in seen:
                break
            seen.add(fallback)
            target = fallback
        merged = out.setdefault(target, [])
        merged.extend(i for i in indexes if i not in merged)
        merged.sort()
    return out
