"""The orders feature's repositories: `get` raises NotFound, `find` returns None."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import NotFound
from bot.domain.orders.placing import text_hash
from tests.harness import TestApp
from tests.orders_seed import seed_catalog, seed_counterparties, seed_order, staff


async def test_an_order_is_got_or_found_and_a_missing_one_is_not_found(app: TestApp) -> None:
    await staff(app)
    ids = await seed_counterparties(app)
    await seed_catalog(app)
    seeded = await seed_order(app, counterparty_id=ids["CP-001"])
    got = await app.read(lambda uow: uow.orders.get(seeded.order_id))
    assert got.number == seeded.number
    assert await app.read(lambda uow: uow.orders.find(seeded.order_id + 100)) is None
    with pytest.raises(NotFound) as caught:
        await app.read(lambda uow: uow.orders.get(seeded.order_id + 100))
    assert caught.value.key == "order-not-found"


async def test_catalog_items_and_order_settings_are_got_or_found(app: TestApp) -> None:
    await seed_catalog(app)
    assert (await app.read(lambda uow: uow.catalog.get("KS-101"))).sku == "KS-101"
    assert await app.read(lambda uow: uow.catalog.find("XX-999")) is None
    with pytest.raises(NotFound):
        await app.read(lambda uow: uow.catalog.get("XX-999"))
    assert (await app.read(lambda uow: uow.order_settings.get("timezone"))).value
    assert await app.read(lambda uow: uow.order_settings.find("route.nothing")) is None
    with pytest.raises(NotFound) as caught:
        await app.read(lambda uow: uow.order_settings.get("route.nothing"))
    assert caught.value.key == "routing-unknown-kind"


async def test_an_order_without_text_is_never_the_same_text(app: TestApp) -> None:
    await staff(app)
    ids = await seed_counterparties(app)
    await seed_catalog(app)
    await seed_order(app, counterparty_id=ids["CP-001"])  # seeded orders have no text
    since = app.clock.now() - timedelta(minutes=1)
    assert await app.read(lambda uow: uow.orders.find_same_text("", since=since)) is None
    found = await app.read(lambda uow: uow.orders.find_same_text(text_hash("x"), since=since))
    assert found is None
