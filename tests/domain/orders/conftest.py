"""One parser (and its catalog) for all the order-parsing tests: building it takes ~1 s."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.catalog import Catalog, load_catalog_csv
from bot.domain.company import default_company_path, load_company
from bot.domain.orders.client_mentions import ClientDirectory
from bot.domain.orders.parser import OrderParser

DATA = Path(__file__).resolve().parents[2] / "data"
TODAY = date(2026, 11, 23)  # Monday, the moment every sample message was sent


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog_csv(DATA / "catalog.csv")


@pytest.fixture(scope="session")
def parser(catalog: Catalog) -> OrderParser:
    return OrderParser(
        catalog,
        load_company(default_company_path()),
        ClientDirectory.from_csv(DATA / "counterparties.csv"),
    )
