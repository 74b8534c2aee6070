"""Regression guard on the tuning corpus and the public samples (never the held-back files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.orders.parser import OrderParser
from scripts.measure_parser import Report, compare, load_orders, measure, phrasing_class
from tests.domain.orders.conftest import DATA

TUNE = sorted((DATA / "corpus").glob("orders_*.tune.jsonl"))


@pytest.mark.parametrize("path", TUNE, ids=[phrasing_class(p) for p in TUNE])
def test_tuning_corpus_meets_the_goals(parser: OrderParser, path: Path) -> None:
    report = measure(load_orders(path), parser)
    assert report.fully_right_share >= 0.9, report.failures
    assert report.position_accuracy >= 0.97
    assert report.silent_position_share <= 0.05


def test_silent_fields_are_told_from_asked_ones() -> None:
    expected = {
        "client": "Ромашка", "client_id": "CP-001", "inn": None, "price_category": "wholesale",
        "work": ["stock"], "delivery": None, "deadline": None, "urgent": False, "payment": None,
        "missing": [],
        "positions": [
            {"model": "Костюм «Технолог»", "sku": "KS-101", "colour": "серый/красный",
             "size": "52-54", "height": "182-188", "qty": 10, "unit": "компл.", "work": ["stock"]},
        ],
    }  # fmt: skip
    got = {**expected, "missing": ["positions[0].colour"], "positions": [
        {**expected["positions"][0], "colour": None, "size": "56-58"},
    ]}  # fmt: skip
    report = Report()
    diffs = compare(expected, got, report)
    assert len(diffs) == 3  # missing, colour (asked, not silent), size (silent)
    assert report.silent_position_fields == {"size": 1}
    assert report.positions_with_silent == 1


def test_the_class_of_a_file_is_its_name() -> None:
    assert phrasing_class(Path("orders_voice.tune.jsonl")) == "voice"
    assert phrasing_class(Path("orders.jsonl")) == "orders"
