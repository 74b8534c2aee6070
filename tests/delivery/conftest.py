"""Fixtures of the in-process delivery tests: a fake Bot API on the test clock, and apps."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from bot.views import registry
from tests.delivery.harness import TOKEN, DeliveryApp, ScriptedClock, plain_view
from tests.fakes.telegram_api import FakeLimits, FakeTelegram

MakeApp = Callable[..., Awaitable[DeliveryApp]]


@pytest.fixture(autouse=True)
def plain_view_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.VIEWS, "plain", plain_view)


@pytest.fixture
def clock() -> ScriptedClock:
    return ScriptedClock()


@pytest.fixture
def fake_limits() -> FakeLimits:
    """Telegram's limits in the fake: off unless a test is about them."""
    return FakeLimits(enabled=False)


@pytest.fixture
async def fake(clock: ScriptedClock, fake_limits: FakeLimits) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN, limits=fake_limits, clock=clock.monotonic) as fake:
        yield fake


@pytest.fixture
async def make_app(
    database_url: str, fake: FakeTelegram, clock: ScriptedClock
) -> AsyncIterator[MakeApp]:
    apps: list[DeliveryApp] = []

    async def make(**kwargs: Any) -> DeliveryApp:
        app = await DeliveryApp.start(database_url, fake, clock, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        await app.close()


@pytest.fixture
async def app(make_app: MakeApp) -> DeliveryApp:
    return await make_app()
