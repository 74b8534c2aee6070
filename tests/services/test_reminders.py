"""The reminder engine on SQLite and PostgreSQL: planning, firing into the outbox, working
time, downtime catch-up, recipients found when it fires, snooze, done, policies changed
without a restart, and two runners sharing one database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.roles import Role
from bot.services.reminders import actions, policy_settings
from bot.services.reminders.policy_settings import ChangePolicy, PolicyField
from reminders.runner import ReminderRunner, RunnerOptions
from storage.models import AuditEntry, Interaction, OutboxMessage, User
from tests.harness import TestApp
from tests.orders_seed import actor_of
from tests.reminder_probe import (
    PROBE,
    Probe,
    fired_probe,
    plan_probe,
    probe_app_fixture,  # noqa: F401  (the probe_app fixture)
    rows,
)

MSK = ZoneInfo("Europe/Moscow")
BUTTONS = ["✅ Сделано", "⏰ Через час", "🌅 Завтра утром", "📵 Не дозвонился"]


def msk(d: int, h: int, mi: int = 0, mo: int = 11) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=MSK).astimezone(UTC)


async def fire(app: TestApp) -> int:
    report = await app.app.reminders.tick()
    await app.app.sender.drain()
    return report.sent


async def client(app: TestApp, name: str = "ООО «Ромашка»") -> int:
    return await app.add_counterparty(name, manager=app.people.manager)


async def outbox_rows(app: TestApp) -> list[OutboxMessage]:
    found = await app.read(
        lambda uow: uow.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.dedupe_key.like("reminder:%"))
            .order_by(OutboxMessage.id)
        )
    )
    return list(found)


async def test_planning_the_same_step_twice_makes_one_row(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp = await client(app)
    assert await plan_probe(app, cp, msk(23, 11)) == 1
    assert await plan_probe(app, cp, msk(23, 15)) == 0  # same step, subject, occurrence
    assert await plan_probe(app, cp, msk(24, 11), occurrence="2") == 1
    assert [(r.key, r.subject_kind, r.subject_id) for r in await rows(app)] == [
        (PROBE, "counterparty", str(cp)),
        (PROBE, "counterparty", str(cp)),
    ]
    assert [r.due_at for r in await rows(app)] == [msk(23, 11), msk(24, 11)]


async def test_due_reminder_reaches_the_manager_once_with_its_buttons(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp = await client(app)
    await plan_probe(app, cp, msk(23, 10, 3))

    assert await fire(app) == 0  # 10:00: not yet
    assert app.app.reminders.next_wake == msk(23, 10, 3)  # sleeps until the row is due
    app.clock.set(msk(23, 10, 3))
    assert await fire(app) == 1
    assert await fire(app) == 0
    assert app.app.reminders.next_wake == msk(23, 10, 8)  # nothing waits: the idle cap

    [sent] = app.telegram.sent_to(app.people.manager.tg_user_id)
    assert sent.text == "probe: ООО «Ромашка»"
    assert sent.buttons == BUTTONS
    [row] = await rows(app)
    assert (row.status, row.is_late, row.sent_count) == ("sent", False, 1)
    assert row.fired_at == msk(23, 10, 3)
    assert [m.dedupe_key for m in await outbox_rows(app)] == [f"reminder:{row.id}"]


async def test_text_is_rendered_from_the_subject_as_it_is_when_it_fires(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp = await client(app, "ООО «Старое имя»")
    await plan_probe(app, cp, msk(23, 11))
    async with app.app.make_uow() as uow:
        card = await uow.counterparties.get(cp)
        assert card is not None
        card.name = "ООО «Новое имя»"
        await uow.commit()
    app.clock.set(msk(23, 11))
    await fire(app)
    assert app.last_to(app.people.manager) == "probe: ООО «Новое имя»"


async def test_step_due_outside_working_time_moves_to_the_next_working_period(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp = await client(app)
    await plan_probe(app, cp, msk(27, 19))  # Friday evening
    await plan_probe(app, cp, msk(24, 13, 20), occurrence="lunch")
    assert sorted(r.due_at for r in await rows(app)) == [msk(24, 14), msk(30, 9)]


async def test_a_reminder_already_due_when_planned_wakes_the_runner(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    rang: list[bool] = []
    app.app.reminders.set_alarm(lambda: rang.append(True))
    await fire(app)  # idle: sleeps until the cap
    cp = await client(app)
    assert rang == []
    await plan_probe(app, cp, app.clock.now())
    assert rang == [True]
    assert await fire(app) == 1


async def test_downtime_catch_up_sends_late_within_lateness_and_drops_the_rest_once(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    a, b = await client(app, "ООО «Вчера»"), await client(app, "ООО «Неделю назад»")
    await plan_probe(app, a, msk(23, 11))
    await plan_probe(app, b, msk(23, 11), occurrence="old")
    app.clock.set(msk(24, 11))  # the bot was down: 8 working hours late
    await plan_probe(app, b, msk(16, 11, mo=11), occurrence="older")  # 6 working days late

    assert await fire(app) == 2
    texts = app.texts_to(app.people.manager)
    assert len(texts) == 2
    assert all("с опозданием" in t for t in texts)
    late = {r.occurrence: r for r in await rows(app)}
    assert (late[""].is_late, late["old"].is_late) == (True, True)
    assert (late["older"].status, late["older"].reason) == ("cancelled", "too_late")

    restarted = ReminderRunner(
        app.app.make_uow, app.clock, app.app.reminders.kinds, app.app.calendar
    )  # a new process
    assert (await restarted.tick()).sent == 0
    assert await fire(app) == 0
    assert len(await outbox_rows(app)) == 2


async def test_reminder_held_by_a_killed_process_fires_within_seconds_of_the_restart(
    probe_app: tuple[TestApp, Probe], database_url: str
) -> None:
    app, _ = probe_app
    await plan_probe(app, await client(app), msk(23, 11))
    app.clock.set(msk(23, 11))
    dead = ReminderRunner(app.app.make_uow, app.clock, app.app.reminders.kinds, app.app.calendar)
    async with app.app.make_uow() as uow:  # claimed, then SIGKILL before it fired
        assert len(await uow.reminders.claim(
            now=app.clock.now(), owner=dead.owner, lease=dead.options.lease, limit=10
        )) == 1  # fmt: skip
        await uow.heartbeats.beat(dead.owner, at=app.clock.now())
        await uow.commit()
    assert await fire(app) == 0  # leased for two minutes

    liveness = app.app.liveness  # the restarted process
    await liveness.start()
    while not liveness.reclaimed[1] and app.clock.now() < msk(23, 11, 1):
        app.clock.advance(liveness.options.beat_every)
        await liveness.tick()
    took = app.clock.now() - msk(23, 11)
    if database_url.startswith("sqlite"):
        assert took == timedelta(0)
    else:
        assert timedelta(0) < took <= timedelta(seconds=5)
    assert await fire(app) == 1
    assert await fire(app) == 0
    [row] = await rows(app)
    assert (row.status, row.sent_count, row.fired_at) == ("sent", 1, app.clock.now())


async def test_reminder_that_no_longer_matters_is_cancelled_with_the_reason(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, probe = probe_app
    cp = await client(app)
    await plan_probe(app, cp, msk(23, 11))
    probe.stale.add(cp)
    app.clock.set(msk(23, 11))
    assert await fire(app) == 0
    [row] = await rows(app)
    assert (row.status, row.reason) == ("cancelled", "stale:settled")
    assert app.texts_to(app.people.manager) == []


async def test_deactivated_manager_hands_the_reminder_to_the_heads_then_admins(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp = await client(app)
    await plan_probe(app, cp, msk(23, 11))
    await plan_probe(app, cp, msk(23, 12), occurrence="2")
    await _set_active(app, Role.MANAGER, active=False)
    app.clock.set(msk(23, 11))
    await fire(app)
    assert app.texts_to(app.people.head) == ["probe: ООО «Ромашка»"]
    assert app.texts_to(app.people.manager) == []

    await _set_active(app, Role.HEAD, active=False)
    app.clock.set(msk(23, 12))
    await fire(app)
    assert app.texts_to(app.people.admin) == ["probe: ООО «Ромашка»"]


async def _set_active(app: TestApp, role: Role, *, active: bool) -> None:
    async with app.app.make_uow() as uow:
        for user in await uow.session.scalars(select(User).where(User.role == role.value)):
            user.is_active = active
        await uow.commit()


async def test_snooze_for_an_hour_sends_it_again_an_hour_later(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    _, row = await fired_probe(app)

    acted = await _act(app, row.id, "hour")
    assert (acted.status, acted.until) == ("snoozed", msk(23, 12))
    await app.app.sender.drain()
    [edited] = app.telegram.sent_to(app.people.manager.tg_user_id, "EditMessageText")
    assert "Отложено до 23.11 12:00" in (edited.text or "")
    assert edited.buttons == []

    app.clock.set(msk(23, 11, 59))
    assert await fire(app) == 0
    app.clock.set(msk(23, 12))
    assert await fire(app) == 1
    assert len(app.texts_to(app.people.manager)) == 2
    keys = [m.dedupe_key for m in await outbox_rows(app)]
    assert keys == [f"reminder:{row.id}", f"reminder:{row.id}#2"]


async def test_done_closes_it_records_who_and_logs_an_interaction(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp, row = await fired_probe(app)
    app.clock.set(msk(23, 11, 5))

    await _act(app, row.id, "done")
    await app.app.sender.drain()

    [row] = await rows(app)
    manager = await actor_of(app, app.people.manager)
    assert (row.status, row.action, row.acted_by_id, row.acted_at) == (
        "done", "done", manager.user_id, msk(23, 11, 5),
    )  # fmt: skip
    [edited] = app.telegram.sent_to(app.people.manager.tg_user_id, "EditMessageText")
    assert "Сделано — Ирина Лебедева, 23.11 11:05" in (edited.text or "")
    lines = await app.read(lambda uow: uow.interactions.timeline(cp, 10))
    assert [(i.form, i.outcome, i.topic) for i in lines] == [
        ("reminder", "reminder_done", "probe")
    ]
    audit = await app.read(
        lambda uow: uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject == f"reminder:{row.id}")
        )
    )
    assert list(audit) == ["reminder_done"]
    with pytest.raises(Exception, match="reminder-closed"):
        await _act(app, row.id, "done")


async def test_kind_button_runs_the_kinds_action(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    cp, row = await fired_probe(app)
    await _act(app, row.id, "poke")
    [row] = await rows(app)
    assert (row.status, row.action) == ("done", "poke")
    outcomes = await app.read(lambda uow: uow.interactions.timeline(cp, 10))
    assert [i.outcome for i in outcomes] == ["reminder_poke"]


async def test_only_the_recipient_or_a_head_may_press(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    cp = await client(app)
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await plan_probe(app, cp, msk(23, 11))
    app.clock.set(msk(23, 11))
    await fire(app)
    [row] = await rows(app)
    with pytest.raises(Exception, match="reminder-not-yours"):
        await _act(app, row.id, "done", who=app.people.storekeeper)
    await _act(app, row.id, "done", who=app.people.head)
    assert (await rows(app))[0].status == "done"


async def _act(app: TestApp, reminder_id: int, action: str, who: object = None) -> actions.Acted:
    actor = await actor_of(app, who or app.people.manager)  # type: ignore[arg-type]
    async with app.app.make_uow() as uow:
        return await actions.act_on_reminder(
            actions.ActOnReminder(actor, reminder_id, action),
            uow,
            app.clock,
            app.app.calendar,
            app.app.reminders.kinds,
        )


async def test_policy_change_applies_without_a_restart(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    admin = await actor_of(app, app.people.admin)
    cp = await client(app)
    for hour in (11, 12, 13):
        await plan_probe(app, cp, msk(23, hour), occurrence=str(hour))
    choices = await app.read(lambda uow: policy_settings.policy_choices(admin, PROBE, uow))
    head = str(choices.recipients.index("head"))

    await _change(app, ChangePolicy(admin, PROBE, PolicyField.ENABLED, "0"))
    app.clock.set(msk(23, 11))
    assert await fire(app) == 0
    await _change(app, ChangePolicy(admin, PROBE, PolicyField.ENABLED, "1"))
    await _change(app, ChangePolicy(admin, PROBE, PolicyField.TO, head))
    app.clock.set(msk(23, 12))
    assert await fire(app) == 1
    assert app.texts_to(app.people.head) == ["probe: ООО «Ромашка»"]
    await _change(app, ChangePolicy(admin, PROBE, PolicyField.RESET))
    app.clock.set(msk(23, 14))  # planned for 13:00, lunch: moved to 14:00
    assert await fire(app) == 1
    assert app.texts_to(app.people.manager) == ["probe: ООО «Ромашка»"]
    assert [(r.status, r.reason) for r in await rows(app)] == [
        ("cancelled", "disabled"), ("sent", None), ("sent", None),
    ]  # fmt: skip


async def test_only_admins_and_heads_change_policies(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    manager = await actor_of(app, app.people.manager)
    with pytest.raises(Exception, match="error-forbidden"):
        await _change(app, ChangePolicy(manager, PROBE, PolicyField.ENABLED, "0"))
    head = await actor_of(app, app.people.head)
    line = await _change(app, ChangePolicy(head, PROBE, PolicyField.OFFSET, "3"))
    assert (line.line.step.offset, line.line.changed) == (3, frozenset({"offset"}))
    with pytest.raises(Exception, match="policy-bad-offset"):
        await _change(app, ChangePolicy(head, PROBE, PolicyField.OFFSET, "999"))


async def _change(app: TestApp, cmd: ChangePolicy) -> policy_settings.PolicyChoices:
    async with app.app.make_uow() as uow:
        return await policy_settings.change_policy(cmd, uow, app.clock)


async def test_two_runners_on_postgres_send_each_reminder_once(
    probe_app: tuple[TestApp, Probe], database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite is served by one process")
    app, _ = probe_app
    cps = [await client(app, f"ООО «Клиент {n}»") for n in range(4)]
    for n in range(120):
        await plan_probe(app, cps[n % 4], msk(23, 11), occurrence=str(n))
    app.clock.set(msk(23, 11))
    options = RunnerOptions(batch=7)
    runners = [
        ReminderRunner(app.app.make_uow, app.clock, app.app.reminders.kinds, app.app.calendar,
                       options=options)
        for _ in range(2)
    ]  # fmt: skip
    reports = await asyncio.gather(*(r.tick() for r in runners))

    assert sum(r.sent for r in reports) == 120  # a row fired twice would count twice
    assert all(r.sent > 0 for r in reports)  # both took part
    assert len(await outbox_rows(app)) == 120
    assert {r.status for r in await rows(app)} == {"sent"}


async def test_follow_up_timeline_line_counts_as_interaction_for_its_client(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    cp, row = await fired_probe(app)
    await _act(app, row.id, "morning")
    lines = await app.read(
        lambda uow: uow.session.scalars(
            select(Interaction).where(Interaction.counterparty_id == cp)
        )
    )
    assert [(i.form, i.outcome) for i in lines] == [("reminder", "reminder_morning")]
    [row] = await rows(app)
    assert (row.status, row.due_at) == ("snoozed", msk(24, 9))
