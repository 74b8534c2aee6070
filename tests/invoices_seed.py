"""tests/data/invoices.csv (a copy of shared/data/invoices.csv) for the invoices tests: the
rows with their expected ladder, the file as an /invoices upload, and the people the ladder
talks to."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.roles import Role
from bot.services.invoices import imports
from tests.builders import Person
from tests.harness import TestApp
from tests.orders_seed import actor_of, seed_counterparties

DATA = Path(__file__).parent / "data"
MSK = ZoneInfo("Europe/Moscow")
AS_OF = date(2026, 11, 23)
LAWYER = Person(900040, "Вера", "Ладыгина")
ACCOUNTANT = Person(900041, "Оксана", "Мартынова")


@dataclass(frozen=True)
class Expected:
    number: str
    row: dict[str, str]
    ladder: list[str]  # "step@YYYY-MM-DD"
    on_as_of: set[str]


def rows() -> list[Expected]:
    with (DATA / "invoices.csv").open(encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    return [
        Expected(
            r["number"],
            r,
            [s for s in r["expected_ladder"].split(";") if s],
            {s for s in r["expected_steps_on_as_of"].split(";") if s},
        )
        for r in found
    ]


def msk(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=MSK).astimezone(UTC)


def file_bytes(*, unpaid: bool = False, encoding: str = "utf-8") -> bytes:
    """The invoices file; `unpaid`: as it was on the day each invoice was issued (no payment,
    no letter yet)."""
    text = (DATA / "invoices.csv").read_text("utf-8")
    if not unpaid:
        return text.encode(encoding, errors="replace")  # arrows in `scenario` (ignored)
    reader = csv.DictReader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []))
    writer.writeheader()
    for r in reader:
        r |= {"status": "unpaid", "paid_amount": "0.00", "paid_date": ""}
        r |= {"guarantee_letter_date": "", "guarantee_promise_date": ""}
        writer.writerow(r)
    return out.getvalue().encode(encoding)


async def staff(app: TestApp) -> dict[str, int]:
    """The manager (every client is theirs), the head, the lawyer, the accountant; the
    counterparties of tests/data/counterparties.csv. Their ids by CP-NNN."""
    manager = await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.add_person(LAWYER, Role.LAWYER, "legal")
    await app.add_person(ACCOUNTANT, Role.ACCOUNTANT, "accounting")
    return await seed_counterparties(app, manager_id=manager.id)


async def upload(app: TestApp, content: bytes, name: str = "invoices.csv") -> imports.ImportReport:
    actor = await actor_of(app, ACCOUNTANT)

    async def read() -> bytes:
        return content

    async with app.app.make_uow() as uow:
        return await imports.import_invoices(
            imports.InvoicesFile(actor, name, len(content), read), uow, app.clock, app.app.calendar
        )
