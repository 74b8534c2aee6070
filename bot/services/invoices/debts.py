"""/debts: overdue invoices (a manager's clients; a head's, an admin's, the accountant's:
everyone's), most overdue first, with the aging buckets 0–30, 31–60, 61–90, 90+ (calendar
days past the due date as written; company.yaml `receivables.aging_buckets`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.clock import Clock
from bot.domain.invoices import aging
from bot.domain.roles import Action, Actor, can, require
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

SHOWN = 50


@dataclass(frozen=True, slots=True)
class DebtLine:
    number: str
    client: str
    owed_kop: int
    due_on: date
    days: int
    bucket: str
    manager: str


@dataclass(frozen=True, slots=True)
class Debts:
    everyone: bool
    today: date
    lines: list[DebtLine]
    buckets: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (count, kop)

    @property
    def total_kop(self) -> int:
        return sum(line.owed_kop for line in self.lines)


async def debts(actor: Actor, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar) -> Debts:
    require(actor, Action.VIEW_DEBTS)
    everyone = can(actor, Action.SEE_ALL_DEBTS)
    today = calendar.local_date(clock.now())
    found = await uow.invoices.outstanding(
        due_before=today, manager_id=None if everyone else actor.user_id
    )
    staff = await uow.counterparties.staff_by_ids(
        sorted({c.manager_id for _, c in found if c.manager_id})
    )
    lines = []
    for invoice, client in found:
        days = aging.days_overdue(invoice.due_on, today, outstanding=True)
        manager = staff.get(client.manager_id) if client.manager_id else None
        lines.append(
            DebtLine(
                invoice.number,
                client.name,
                invoice.amount_kop - invoice.paid_kop,
                invoice.due_on,
                days,
                aging.bucket(invoice.due_on, today, outstanding=True),
                manager.full_name if manager else "",
            )
        )
    lines.sort(key=lambda line: (-line.days, line.number))
    buckets = {name: (0, 0) for name, _, _ in aging.BUCKETS}
    for line in lines:
        count, kop = buckets[line.bucket]
        buckets[line.bucket] = (count + 1, kop + line.owed_kop)
    return Debts(everyone, today, lines, buckets)
