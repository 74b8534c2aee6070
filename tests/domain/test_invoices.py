"""Invoices' pure rules: amounts and dates as people type them, days overdue and the aging
bucket of every row of tests/data/invoices.csv on 2026-11-23, the promise limit."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.invoices import aging
from bot.domain.invoices.ladder import check_promise
from bot.domain.invoices.values import parse_amount, parse_date, roubles
from tests.invoices_seed import AS_OF, rows


@pytest.mark.parametrize("row", rows(), ids=lambda r: r.number)
def test_days_overdue_and_bucket_agree_with_the_file(row) -> None:  # type: ignore[no-untyped-def]
    due = date.fromisoformat(row.row["due_date"])
    outstanding = row.row["status"] != "paid"
    assert aging.days_overdue(due, AS_OF, outstanding=outstanding) == int(
        row.row["expected_days_overdue"]
    )
    assert aging.bucket(due, AS_OF, outstanding=outstanding) == row.row["expected_bucket"]


@pytest.mark.parametrize(
    ("text", "kopecks"),
    [("632006.90", 63200690), ("632 006,90", 63200690), ("1 000 ₽", 100000), ("15", 1500)],
)
def test_amounts(text: str, kopecks: int) -> None:
    assert parse_amount(text) == kopecks


@pytest.mark.parametrize("text", ["", "0", "-5", "12.345", "abc"])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_amount(text)


def test_dates_and_money_as_shown() -> None:
    today = date(2026, 11, 23)
    assert parse_date("2026-11-30", today) == date(2026, 11, 30)
    assert parse_date("30.11.2026", today) == date(2026, 11, 30)
    assert parse_date("30.11.26", today) == date(2026, 11, 30)
    assert parse_date("30.11", today) == date(2026, 11, 30)
    assert roubles(123456789) == "1\u00a0234\u00a0567,89"


def test_a_promise_is_at_most_seven_days_after_the_letter() -> None:
    check_promise(date(2026, 11, 20), date(2026, 11, 27), 7)
    with pytest.raises(InvalidInput) as refused:
        check_promise(date(2026, 11, 20), date(2026, 11, 28), 7)
    assert refused.value.params["latest"] == "27.11.2026"
