from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.company import CompanyConfig, default_company_path, load_company
from bot.domain.orders.parsed import (
    Delivery,
    DeliveryKind,
    ParsedOrder,
    ParsedPosition,
    Service,
    WorkKind,
)
from bot.domain.orders.rules import (
    MAX_QTY,
    apply_work,
    complete_order,
    missing_fields,
    resolve_fallback,
    route,
    validate_order,
)

TODAY = date(2026, 11, 23)
S, P, L, T, M = (
    WorkKind.STOCK,
    WorkKind.PROCURE,
    WorkKind.LOGO,
    WorkKind.TAILORING,
    WorkKind.MANUFACTURE,
)


def item(
    sku: str, *, stock: int, logo: bool = True, colours: tuple[str, ...] = ("серый", "синий")
) -> CatalogItem:
    return CatalogItem(
        sku=sku,
        model=f"Модель {sku}",
        category="костюмы",
        colours=colours,
        sizes=("48-50", "52-54"),
        heights=("170-176", "182-188"),
        unit="компл.",
        prices_kopecks=MappingProxyType(
            {"retail": 100, "small_wholesale": 90, "wholesale": 80, "dealer": 70}
        ),
        stock_qty=stock,
        is_logo_possible=logo,
    )


@pytest.fixture
def catalog() -> Catalog:
    return Catalog((item("A-1", stock=10), item("B-1", stock=0), item("C-1", stock=5, logo=False)))


@pytest.fixture(scope="module")
def company() -> CompanyConfig:
    return load_company(default_company_path())


def pos(sku: str | None, qty: int | None = 1, **kw: object) -> ParsedPosition:
    base = ParsedPosition(
        model="x", sku=sku, colour="серый", size="52-54", height="182-188", qty=qty, unit="компл."
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def order(*positions: ParsedPosition, **kw: object) -> ParsedOrder:
    base = ParsedOrder(
        client="Ромашка",
        client_id="CP-001",
        inn=None,
        positions=positions,
        price_category="wholesale",
        work=(),
        delivery=None,
        deadline=None,
        urgent=False,
        payment=None,
        missing=(),
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_stock_covers_the_total_of_one_sku(catalog: Catalog) -> None:
    works = [p.work for p in apply_work([pos("A-1", 4), pos("A-1", 6)], catalog)]
    assert works == [(S,), (S,)]


def test_stock_short_of_the_total_splits_into_stock_and_procure(catalog: Catalog) -> None:
    works = [p.work for p in apply_work([pos("A-1", 6), pos("A-1", 5)], catalog)]
    assert works == [(S, P), (S, P)]


def test_nothing_in_stock_goes_to_supply(catalog: Catalog) -> None:
    assert apply_work([pos("B-1", 1)], catalog)[0].work == (P,)


def test_items_outside_the_catalog_are_procured(catalog: Catalog) -> None:
    assert apply_work([pos(None, 2)], catalog)[0].work == (P,)


def test_unclear_model_has_no_work_and_is_asked_for(catalog: Catalog) -> None:
    [p] = apply_work([pos(None, 2, is_model_unclear=True)], catalog)
    assert p.work == ()
    assert missing_fields([p], catalog, has_client=True, price_category="retail") == (
        "positions[0].model",
    )


def test_made_to_measure_is_tailoring_only_and_not_counted_in_stock(catalog: Catalog) -> None:
    made = pos("A-1", 8, service=Service.MADE_TO_MEASURE, size=None, height=None)
    works = [p.work for p in apply_work([made, pos("A-1", 10)], catalog)]
    assert works == [(T,), (S,)]


def test_alteration_keeps_the_stock_rule_and_adds_tailoring(catalog: Catalog) -> None:
    assert apply_work([pos("A-1", 2, service=Service.ALTERATION)], catalog)[0].work == (S, T)


def test_manufacture_with_logo(catalog: Catalog) -> None:
    made = pos(None, 40, service=Service.MANUFACTURE, is_logo_requested=True)
    assert apply_work([made], catalog)[0].work == (L, M)


def test_logo_only_where_the_model_allows_it(catalog: Catalog) -> None:
    works = [
        p.work
        for p in apply_work(
            [pos("A-1", 1, is_logo_requested=True), pos("C-1", 1, is_logo_requested=True)], catalog
        )
    ]
    assert works == [(S, L), (S,)]


def test_missing_lists_order_fields_first_then_positions(catalog: Catalog) -> None:
    positions = [
        pos("A-1", None, colour=None, size=None, height=None),
        pos("B-1", 3, size=None, service=Service.MADE_TO_MEASURE),
    ]
    assert missing_fields(positions, catalog, has_client=False, price_category=None) == (
        "client",
        "price_category",
        "positions[0].colour",
        "positions[0].size",
        "positions[0].height",
        "positions[0].qty",
    )


def test_a_model_with_one_colour_is_not_asked_for_it() -> None:
    single = Catalog((item("D-1", stock=1, colours=("чёрный",)), item("E-1", stock=1, colours=())))
    positions = [pos("D-1", 1, colour="чёрный"), pos("E-1", 1, colour=None)]
    assert missing_fields(positions, single, has_client=True, price_category="dealer") == ()


def test_complete_order_recomputes_after_the_manager_answers(catalog: Catalog) -> None:
    draft = complete_order(order(pos("A-1", 2, colour=None), price_category=None), catalog)
    assert draft.missing == ("price_category", "positions[0].colour")
    fixed = complete_order(
        replace(
            draft,
            price_category="dealer",
            positions=(replace(draft.positions[0], colour="синий"),),
        ),
        catalog,
    )
    assert fixed.missing == ()
    assert fixed.work == (S,)


@pytest.mark.parametrize(
    ("qty", "reason"), [(0, "not_positive"), (-5, "not_positive"), (MAX_QTY + 1, "too_large")]
)
def test_impossible_quantities_are_errors(catalog: Catalog, qty: int, reason: str) -> None:
    [error] = validate_order(order(pos("A-1", qty)), catalog, today=TODAY)
    assert error.key == "error-order-qty"
    assert error.params == {"position": 0, "qty": qty, "reason": reason}


def test_size_height_and_colour_outside_the_model_are_errors(catalog: Catalog) -> None:
    wrong = pos("A-1", 1, size="60-62", height="194-200", colour="розовый")
    keys = [e.key for e in validate_order(order(wrong), catalog, today=TODAY)]
    assert keys == ["error-order-colour", "error-order-size", "error-order-height"]


def test_deadline_in_the_past_is_an_error(catalog: Catalog) -> None:
    errors = validate_order(order(pos("A-1"), deadline=date(2026, 11, 10)), catalog, today=TODAY)
    assert [(e.key, e.params) for e in errors] == [
        ("error-order-deadline-past", {"deadline": "2026-11-10"})
    ]


def test_client_not_in_the_directory_is_reported(catalog: Catalog) -> None:
    unknown = order(pos("A-1"), client="ООО «Новый Клиент»", client_id=None)
    [error] = validate_order(unknown, catalog, today=TODAY)
    assert (error.key, error.params) == (
        "error-order-client-unknown",
        {"client": "ООО «Новый Клиент»"},
    )


def test_valid_order_has_no_errors(catalog: Catalog) -> None:
    assert validate_order(order(pos("A-1", 3), deadline=TODAY), catalog, today=TODAY) == []


def test_route_sends_each_work_kind_to_its_department(
    catalog: Catalog, company: CompanyConfig
) -> None:
    positions = apply_work(
        [
            pos("A-1", 2, is_logo_requested=True),
            pos("B-1", 1),
            pos("A-1", 1, service=Service.ALTERATION),
        ],
        catalog,
    )
    routes = route(order(*positions, delivery=Delivery(DeliveryKind.OWN_DRIVER)), company)
    assert routes == {
        "warehouse": [0, 2],
        "supply": [1],
        "logo": [0],
        "workshop": [2],
        "delivery": [0, 1, 2],
    }


def test_pickup_makes_no_delivery_task(catalog: Catalog, company: CompanyConfig) -> None:
    positions = apply_work([pos("A-1", 1)], catalog)
    assert route(order(*positions, delivery=Delivery(DeliveryKind.PICKUP)), company) == {
        "warehouse": [0]
    }


def test_logo_falls_back_to_workshop_without_a_bound_chat(company: CompanyConfig) -> None:
    routes = {"warehouse": [0, 1], "logo": [0, 1], "workshop": [2]}
    assert resolve_fallback(routes, company, bound={"warehouse", "workshop"}) == {
        "warehouse": [0, 1],
        "workshop": [0, 1, 2],
    }
    assert resolve_fallback(routes, company, bound={"warehouse", "workshop", "logo"}) == routes
