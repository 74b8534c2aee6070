"""Reconciliation acts on both databases: on the first working day of a month each manager
gets one list of their clients with 10+ documents a month; on the first working day of a
quarter one list of all their clients (and no monthly one that day)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.services.invoices import acts
from storage.models import Reminder
from tests.harness import TestApp
from tests.invoices_seed import AS_OF, msk, staff


async def _acts(app: TestApp) -> list[Reminder]:
    query = select(Reminder).where(Reminder.policy == "reconciliation_acts")
    return list(await app.read(lambda uow: uow.session.scalars(query.order_by(Reminder.id))))


async def _plan(app: TestApp) -> None:
    async with app.app.make_uow() as uow:
        await acts.plan_acts(uow, app.app.calendar, app.clock.now())
        await uow.commit()


def _lists(app: TestApp) -> list[str]:
    return [t for t in app.texts_to(app.people.manager) if t.startswith("📑")]


async def test_monthly_list_for_busy_clients_then_the_quarterly_one_for_all(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 10))
    await _plan(app)
    await _plan(app)  # planning twice makes one row per manager and period
    planned = {(r.step, r.occurrence, r.due_at) for r in await _acts(app)}
    assert planned == {
        ("monthly", "2026-12", msk(date(2026, 12, 1), 9)),
        ("quarterly", "2027-Q1", msk(date(2027, 1, 11), 9)),  # after the New Year holidays
    }

    app.clock.set(msk(date(2026, 12, 1), 9))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    [monthly] = _lists(app)
    assert monthly.splitlines() == [
        "📑 Акты сверки за месяц (2026-12): клиенты с 10 и более документами в месяц — 4. "
        "Отправьте им акты сверки и запросите подписанные.",
        "• ООО «ПромСнаб-Регион»",
        "• ООО «СпецТехКомплект»",
        "• ООО «Торговый дом «Рабочая одежда»»",
        "• ПАО «Нордметиз»",
    ]

    app.clock.set(msk(date(2027, 1, 11), 9))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    [_, quarterly] = _lists(app)
    assert quarterly.startswith("📑 Квартальные акты сверки (2027-Q1): все ваши клиенты — 80.")
    assert quarterly.endswith("…и ещё 20.")
    states = {(r.step, r.occurrence): (r.status, r.reason) for r in await _acts(app)}
    assert states[("monthly", "2027-01")] == ("cancelled", "stale:quarterly_covers")
    assert states[("monthly", "2027-02")] == ("pending", None)
    assert states[("quarterly", "2027-Q2")] == ("pending", None)
