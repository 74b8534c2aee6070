"""Reminder buttons and /policies through the dispatcher (what the person sees)."""

from __future__ import annotations

from bot.views.callbacks import PolicyCb, ReminderCb
from tests.harness import TestApp
from tests.reminder_probe import (
    PROBE,
    Probe,
    fired_probe,
    probe_app_fixture,  # noqa: F401  (the probe_app fixture)
    rows,
)


async def fired(app: TestApp) -> int:
    _, row = await fired_probe(app)
    return row.id


async def test_pressing_done_answers_and_takes_the_buttons_off(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    reminder_id = await fired(app)

    await app.press(app.people.manager, ReminderCb(id=reminder_id, a="done").pack())

    assert app.alerts() == ["Отмечено как сделанное."]
    edits = app.telegram.sent_to(app.people.manager.tg_user_id, "EditMessageText")
    assert "✅ Сделано — Ирина Лебедева" in (edits[-1].text or "")
    assert edits[-1].buttons == []
    assert (await rows(app))[0].status == "done"


async def test_pressing_tomorrow_morning_says_when(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    reminder_id = await fired(app)
    await app.press(app.people.manager, ReminderCb(id=reminder_id, a="morning").pack())
    assert app.alerts() == ["Напомню 24.11 09:00."]


async def test_somebody_else_pressing_is_told_it_is_not_theirs(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    reminder_id = await fired(app)
    await app.press(app.people.stranger, ReminderCb(id=reminder_id, a="done").pack())
    assert (await rows(app))[0].status == "sent"


async def test_policies_lists_every_step_to_an_admin_and_switches_one_off(
    probe_app: tuple[TestApp, Probe],
) -> None:
    app, _ = probe_app
    await app.say(app.people.admin, "/policies")
    table = app.last_to(app.people.admin)
    assert "Регламенты напоминаний" in table
    assert (
        "✅ Звонок клиенту после доставки: через 1 раб. дн., в 10:00, менеджеру клиента" in table
    )

    await app.press(app.people.admin, PolicyCb(k="follow_up_after_delivery.call").pack())
    await app.press(
        app.people.admin, PolicyCb(k="follow_up_after_delivery.call", f="on", v="0").pack()
    )
    screen = app.telegram.sent_to(app.people.admin.tg_user_id, "EditMessageText")[-1]
    assert "⛔ Звонок клиенту после доставки" in (screen.text or "")
    assert "(изменено)" in (screen.text or "")
    assert "Как в настройках компании" in screen.buttons
    await app.say(app.people.admin, "/policies")
    assert "⛔ Звонок клиенту после доставки" in app.last_to(app.people.admin)


async def test_policies_are_not_for_managers(probe_app: tuple[TestApp, Probe]) -> None:
    app, _ = probe_app
    await app.say(app.people.manager, "/policies")
    assert "Регламенты" not in app.last_to(app.people.manager)
    await app.press(app.people.manager, PolicyCb(k=PROBE, f="on", v="0").pack())
    lines = await app.read(lambda uow: uow.reminders.policy(PROBE))
    assert lines is not None
    assert lines.overrides == {}
