"""A test reminder kind ("probe") plugged into a real app, to drive the engine without any
feature: a `probe` policy added to a copy of company.yaml, a kind about a counterparty that
matters until the test says it does not, and its view."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import select

from bot.domain.roles import Role
from bot.services.reminders.kinds import (
    ActionContext,
    ActionResult,
    Addressee,
    Button,
    FireContext,
    Message,
    ReminderKind,
    Stale,
)
from bot.services.reminders.planning import PlanReminder, plan
from bot.views import registry
from bot.views.rendered import Rendered
from reminders.planner import Subject, SubjectKind
from storage.models import Reminder
from tests.fakes.clock import FakeClock
from tests.harness import TestApp

DATA = Path(__file__).parent / "data"
MSK = ZoneInfo("Europe/Moscow")
PROBE = "probe.ping"
PROBE_POLICY = {"steps": [{"id": "ping", "offset_days": 0, "at": "10:00", "to": "manager"}]}


def probe_company(tmp: Path) -> Path:
    data = yaml.safe_load((DATA / "company.yaml").read_text("utf-8"))
    data["reminders"]["probe"] = PROBE_POLICY
    path = tmp / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class Probe:
    """What the probe kind saw and what the test wants it to say."""

    stale: set[int] = field(default_factory=set)  # counterparty ids that no longer matter
    rendered: list[int] = field(default_factory=list)

    async def render(self, ctx: FireContext) -> Message | Stale:
        cp = await ctx.uow.counterparties.get(int(ctx.reminder.subject_id))
        if cp is None or cp.id in self.stale:
            return Stale("settled")
        self.rendered.append(ctx.reminder.id)
        return Message(
            view="probe_view",
            params={"name": cp.name},  # the name as it is when it fires
            addressee=Addressee(manager_id=cp.manager_id, counterparty_id=cp.id),
            buttons=(Button("poke", "follow-up-button-no-answer"),),
            topic="probe",
        )

    async def poke(self, ctx: ActionContext) -> ActionResult:
        return ActionResult(done=True, outcome="reminder_poke")


def probe_view(texts: Any, params: dict[str, Any]) -> Rendered:
    return Rendered(f"probe: {params['name']}")


async def start_probe_app(
    database_url: str, clock: FakeClock, tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[TestApp, Probe]:
    monkeypatch.setitem(registry.VIEWS, "probe_view", probe_view)
    app = await TestApp.start(database_url, clock, company_file=str(probe_company(tmp)))
    probe = Probe()
    app.app.reminders.kinds.register(
        ReminderKind("probe", probe.render, actions={"poke": probe.poke})
    )
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    return app, probe


@pytest.fixture(name="probe_app")
async def probe_app_fixture(
    database_url: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[TestApp, Probe]]:
    """An app with the probe kind (import this fixture into a test module to use it)."""
    app, probe = await start_probe_app(database_url, clock, tmp_path, monkeypatch)
    yield app, probe
    await app.close()


async def fired_probe(app: TestApp, name: str = "ООО «Ромашка»") -> tuple[int, Reminder]:
    """A client of the manager whose probe was due on Monday 23 Nov at 11:00 and went out:
    (counterparty id, the reminder row)."""
    cp = await app.add_counterparty(name, manager=app.people.manager)
    due = datetime(2026, 11, 23, 11, tzinfo=MSK).astimezone(UTC)
    await plan_probe(app, cp, due)
    app.clock.set(due)
    await app.app.reminders.tick()
    await app.app.sender.drain()
    [row] = await rows(app)
    return cp, row


async def plan_probe(
    app: TestApp, counterparty_id: int, due: datetime, occurrence: str = ""
) -> int:
    """Plan the probe about a counterparty; the number of new rows."""
    async with app.app.make_uow() as uow:
        subject = Subject.of(SubjectKind.COUNTERPARTY, counterparty_id)
        n = await plan(
            uow,
            app.app.calendar,
            app.clock.now(),
            PlanReminder(PROBE, subject, due_at=due, occurrence=occurrence),
        )
        await uow.commit()
        return n


async def rows(app: TestApp) -> list[Reminder]:
    found = await app.read(lambda uow: uow.session.scalars(select(Reminder).order_by(Reminder.id)))
    return list(found)
