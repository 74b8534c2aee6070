"""Shared fixtures: databases on SQLite and PostgreSQL, and an in-process app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.db import Templates
from tests.fakes.clock import FakeClock
from tests.harness import TestApp

TOKEN = "123456:TEST-token-0123456789abcdef"


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    t = Templates(tmp_path_factory.mktemp("db"))
    yield t
    t.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, templates: Templates) -> AsyncIterator[str]:
    url = await (templates.sqlite() if request.param == "sqlite" else templates.postgres())
    yield url
    await templates.drop(url)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[TestApp]:
    test_app = await TestApp.start(database_url, clock)
    yield test_app
    await test_app.close()
