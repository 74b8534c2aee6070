"""Whether a confirmed draft may be placed now, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.domain.catalog import load_catalog_csv
from bot.domain.company import default_company_path, load_company
from bot.domain.errors import InvalidInput
from bot.domain.orders.client_mentions import ClientDirectory
from bot.domain.orders.draft import Draft, new_draft
from bot.domain.orders.parser import OrderParser
from bot.domain.orders.placing import placement, text_hash
from tests.orders_seed import DATA

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONE = "Europe/Moscow"
TEXT = "костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"


@pytest.fixture(scope="module")
def parser() -> OrderParser:
    company = load_company(default_company_path())
    return OrderParser(load_catalog_csv(DATA / "catalog.csv"), company, ClientDirectory(()))


@pytest.fixture
def complete(parser: OrderParser) -> Draft:
    parsed = parser.parse(TEXT, today=TODAY)
    return new_draft("d1", TEXT, parsed, parser.catalog, TODAY, client=(7, "ООО «Ромашка»"))


def test_the_same_text_hashes_alike_whatever_its_case_and_spacing() -> None:
    assert text_hash("Костюм  технолог\n10 шт") == text_hash("костюм технолог 10 шт ")
    assert text_hash("костюм") != text_hash("куртка")
    assert text_hash("  \n") == ""


def test_a_complete_draft_is_placed_with_its_text_hash(
    complete: Draft, parser: OrderParser
) -> None:
    placed = placement(complete, parser.catalog, NOW, ZONE, None)
    assert placed.repeats is None
    assert placed.text_hash == text_hash(TEXT)


def test_the_same_text_a_moment_ago_is_a_repeat_until_the_person_saw_the_warning(
    complete: Draft, parser: OrderParser
) -> None:
    warned = placement(complete, parser.catalog, NOW, ZONE, 41)
    assert (warned.repeats, warned.draft.duplicate) == (41, 41)
    assert placement(warned.draft, parser.catalog, NOW, ZONE, 41).repeats is None
    assert placement(warned.draft, parser.catalog, NOW, ZONE, 42).repeats == 42


def test_a_draft_that_cannot_be_placed_now_is_refused(
    complete: Draft, parser: OrderParser
) -> None:
    no_client = replace(complete, counterparty_id=None, client_name=None)
    late = replace(complete, order=replace(complete.order, deadline=date(2026, 11, 22)))
    wrong_size = replace(complete, order=replace(complete.order, positions=(
        replace(complete.order.positions[0], size="99-99"),
    )))  # fmt: skip
    refusals = {
        "order-incomplete": no_client,
        "order-deadline-past-now": late,
        "order-position-invalid": wrong_size,
    }
    for key, draft in refusals.items():
        with pytest.raises(InvalidInput) as caught:
            placement(draft, parser.catalog, NOW, ZONE, None)
        assert caught.value.key == key


def test_the_deadline_is_compared_in_the_companys_time_zone(
    complete: Draft, parser: OrderParser
) -> None:
    today_in_moscow = replace(complete, order=replace(complete.order, deadline=date(2026, 11, 24)))
    late_evening_utc = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 24.11 01:00 in Moscow
    assert placement(today_in_moscow, parser.catalog, late_evening_utc, ZONE, None).repeats is None
    with pytest.raises(InvalidInput):
        placement(today_in_moscow, parser.catalog, datetime(2026, 11, 25, tzinfo=UTC), ZONE, None)
