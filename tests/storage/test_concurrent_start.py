"""Several processes starting at once on one PostgreSQL database (a deploy with two
replicas): the data every start needs is written once, and none of them fails."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.app import build_app
from bot.config import Settings
from storage.models import Department, User
from tests.conftest import TOKEN
from tests.fakes.clock import FakeClock
from tests.fakes.recording_session import RecordingSession


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_three_processes_starting_at_once_prepare_the_database_once(
    database_url: str,
) -> None:
    settings = Settings(  # type: ignore[call-arg]
        bot_token=TOKEN, database_url=database_url, admin_ids="900001,900002", _env_file=None
    )
    apps = [build_app(settings, clock=FakeClock(), bot_session=RecordingSession()) for _ in "abc"]
    try:
        await asyncio.gather(*(app.prepare() for app in apps))
        async with apps[0].make_uow() as uow:
            admins = await uow.session.scalar(select(func.count()).select_from(User))
            departments = await uow.session.scalars(select(Department.id))
            codes = list(departments)
        assert admins == 2
        assert len(codes) == len(set(codes)) == len(apps[0].company.departments)
    finally:
        for app in apps:
            await app.close()
