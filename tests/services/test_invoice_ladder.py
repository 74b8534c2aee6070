"""The receivables ladder against tests/data/invoices.csv, through the engine, on both
databases: every invoice imported before it was issued, its payments and guarantee letters
recorded on their days, the runner ticking each morning: what fired, and when, is the file's
`expected_ladder`; and the file imported as it is on 2026-11-23 sends that morning exactly
its `expected_steps_on_as_of`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.domain.errors import InvalidInput
from bot.services.invoices import book, commands
from storage.models import Invoice, Reminder
from tests.harness import TestApp
from tests.invoices_seed import (
    ACCOUNTANT,
    AS_OF,
    file_bytes,
    msk,
    rows,
    staff,
    upload,
)
from tests.orders_seed import actor_of

START, END = date(2026, 6, 1), date(2027, 1, 15)


async def _fired(app: TestApp) -> dict[str, list[str]]:
    """Per invoice number: `step@local date` of every reminder that went out (on time)."""

    async def load(uow):  # type: ignore[no-untyped-def]
        query = select(Reminder, Invoice.number).join(
            Invoice, Invoice.id == Reminder.subject_id.cast(Invoice.id.type)
        )
        return (await uow.session.execute(query.where(Reminder.policy == "receivables"))).all()

    found: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for reminder, number in await app.read(load):
        if reminder.fired_at is None:
            continue
        assert not reminder.is_late, (number, reminder.key)
        day = app.app.calendar.local_date(reminder.fired_at)
        assert reminder.fired_at == msk(day, 9), (number, reminder.key, reminder.fired_at)
        found[number].append((day, reminder.step))
    return {n: [f"{s}@{d.isoformat()}" for d, s in sorted(v)] for n, v in found.items()}


async def test_every_step_fires_on_its_working_morning_and_payments_stop_the_rest(
    app: TestApp,
) -> None:
    await staff(app)
    expected = rows()
    app.clock.set(msk(START, 10))
    report = await upload(app, file_bytes(unpaid=True))
    assert report.count("created") == len(expected)
    accountant = await actor_of(app, ACCOUNTANT)

    day = START + timedelta(days=1)
    while day <= END:
        app.clock.set(msk(day, 8))  # the bank statement comes before the morning's reminders
        for e in expected:
            if e.row["paid_date"] == day.isoformat():
                await _pay(app, e.number, e.row["paid_amount"], accountant)
        app.clock.set(msk(day, 9))
        await app.app.reminders.tick()
        app.clock.set(msk(day, 12))  # a letter arrives during the day
        for e in expected:
            if e.row["guarantee_letter_date"] == day.isoformat():
                await _letter(app, e.number, e.row["guarantee_promise_date"])
        day += timedelta(days=1)

    fired = await _fired(app)
    assert {e.number: e.ladder for e in expected} == {
        e.number: fired.get(e.number, []) for e in expected
    }


async def _pay(app: TestApp, number: str, amount: str, actor) -> None:  # type: ignore[no-untyped-def]
    async with app.app.make_uow() as uow:
        await commands.mark_paid(
            commands.MarkPaid(actor, number, amount), uow, app.clock, app.app.calendar
        )


async def _letter(app: TestApp, number: str, promised: str) -> None:
    async with app.app.make_uow() as uow:
        invoice = await uow.invoices.by_number(number)
        assert invoice is not None
        today = app.app.calendar.local_date(app.clock.now())
        await book.add_letter(
            uow, invoice, today, date.fromisoformat(promised), None, app.app.calendar,
            app.clock.now(),
        )  # fmt: skip
        await uow.commit()


async def test_the_file_as_of_23_november_sends_that_mornings_steps(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 8))
    report = await upload(app, file_bytes(encoding="cp1251"))
    assert report.count("refused") == 0
    app.clock.set(msk(AS_OF, 9))
    await app.app.reminders.tick()
    fired = await _fired(app)
    today = {f"{n}:{s.split('@')[0]}" for n, steps in fired.items() for s in steps}
    assert today == {f"{e.number}:{s}" for e in rows() for s in e.on_as_of}


async def test_a_payment_mid_ladder_cancels_the_waiting_steps_at_once(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(date(2026, 11, 20), 10))
    await upload(app, file_bytes(unpaid=True))
    accountant = await actor_of(app, ACCOUNTANT)
    await _pay(app, "СЧ-2026-1453", "100.00", accountant)  # partly: the ladder goes on
    states = await _states(app, "СЧ-2026-1453")
    assert set(states.values()) == {"pending"}
    await _pay(app, "СЧ-2026-1453", "278394.50", accountant)  # the rest: stopped
    states = await _states(app, "СЧ-2026-1453")
    assert states == {
        "request_documents": "cancelled:paid",
        "confirm_payment_call": "cancelled:paid",
        "overdue_reason_call": "cancelled:paid",
    }


async def _states(app: TestApp, number: str) -> dict[str, str]:
    async def load(uow):  # type: ignore[no-untyped-def]
        invoice = await uow.invoices.by_number(number)
        return await uow.reminders.of_subject("invoice", str(invoice.id))

    return {
        r.step: r.status if r.status != "cancelled" else f"cancelled:{r.reason}"
        for r in await app.read(load)
    }


async def test_a_promise_more_than_seven_days_ahead_is_refused(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(date(2026, 11, 20), 10))
    await upload(app, file_bytes(unpaid=True))
    manager = await actor_of(app, app.people.manager)
    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidInput) as refused:
            await commands.record_letter(
                commands.RecordLetter(manager, "СЧ-2026-1306", "28.11.2026"),
                uow, app.clock, app.app.calendar,
            )  # fmt: skip
    assert refused.value.key == "guarantee-promise-too-far"
    assert refused.value.params["latest"] == "27.11.2026"
    async with app.app.make_uow() as uow:
        done = await commands.record_letter(
            commands.RecordLetter(manager, "СЧ-2026-1306", "27.11.2026"),
            uow, app.clock, app.app.calendar,
        )  # fmt: skip
    assert done.promised_on == date(2026, 11, 27)
    states = await _states(app, "СЧ-2026-1306")
    assert states["guarantee_reminder_call"] == "pending"
    assert states["escalate_to_head"] == "pending"
