"""Invoices through the real `python -m bot` against the fake Bot API: an invoices file
captioned /invoices → the step due today reaches the client's manager with its buttons →
«💰 Оплачен» stops the chain → after a restart nothing is sent twice.

The process runs on the wall clock, so the company file used here puts the step at 00:00
local time and lets it go out at any hour (and up to a day late): whenever the test runs,
the step of an invoice due tomorrow is due already."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import select

from bot.clock import SystemClock
from bot.domain.roles import Role
from storage.models import Invoice, Reminder
from storage.uow import UnitOfWork
from tests.e2e.conftest import ADMIN_ID, START_TIMEOUT, Harness, button_of, seed_staff_and_client
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.e2e

MANAGER, ACCOUNTANT = 900003, 900041
STEP = 20.0
DATA = Path(__file__).parents[1] / "data"
NUMBER = "СЧ-E2E-1"
REMINDER = f"Завтра срок оплаты счёта {NUMBER}"


def company_file(tmp: Path) -> Path:
    data = yaml.safe_load((DATA / "company.yaml").read_text("utf-8"))
    for step in data["reminders"]["receivables"]["steps"]:
        if step["id"] == "confirm_payment_call":
            step.pop("on_non_working_day", None)
            step |= {"at": "00:00", "allow_outside_working_time": True,
                     "max_lateness_minutes": 1440}  # fmt: skip
    path = tmp / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def seed(uow: UnitOfWork) -> None:
    staff = [(MANAGER, "Ирина Лебедева", Role.MANAGER, "sales"),
             (ACCOUNTANT, "Оксана Мартынова", Role.ACCOUNTANT, "accounting")]  # fmt: skip
    await seed_staff_and_client(uow, staff, manager=MANAGER)


def invoices_file() -> bytes:
    today = SystemClock().now().astimezone(ZoneInfo("Europe/Moscow")).date()
    rows = [
        "Номер;Дата;Контрагент;Сумма;Срок оплаты",
        f"{NUMBER};{(today - timedelta(days=10)):%d.%m.%Y};ООО «Ромашка»;15 000,00;"
        f"{(today + timedelta(days=1)):%d.%m.%Y}",
    ]
    return "\n".join(rows).encode("cp1251")


def reminders_to_manager(fake: FakeTelegram) -> list[Any]:
    return [m for m in fake.messages.get(MANAGER, {}).values() if REMINDER in (m.text or "")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_imported_invoice_reminds_the_manager_paid_stops_it_restart_repeats_nothing(
    harness: Harness, tmp_path: Path
) -> None:
    fake = harness.fake
    env = {"COMPANY_FILE": str(company_file(tmp_path))}
    bot = await harness.start(**env)
    await fake.wait_until_polling(START_TIMEOUT)
    await harness.write(seed)

    accountant = fake.user(ACCOUNTANT, "Оксана", last_name="Мартынова")
    fake.push_update(fake.document_message(accountant, "счета.csv", invoices_file(), "/invoices"))
    await fake.wait_for(
        lambda _c: any(t.startswith("📥 Счета: создано 1") for t in fake.texts(ACCOUNTANT)),
        timeout=STEP,
    )
    await fake.wait_for(lambda _c: bool(reminders_to_manager(fake)), timeout=STEP)
    [message] = reminders_to_manager(fake)
    labels = [b["text"] for row in message.data["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["✅ Сделано", "⏰ Через час", "🌅 Завтра утром", "💰 Оплачен"]

    found = button_of(message, "Оплачен")
    assert found is not None
    manager = fake.user(MANAGER, "Ирина", last_name="Лебедева")
    fake.push_update(fake.callback(manager, message, found[1]))
    await fake.wait_for(
        lambda _c: (
            "✅ Сделано — Ирина Лебедева"
            in (fake.messages[MANAGER][message.message_id].text or "")
        ),
        timeout=STEP,
    )

    async def state(uow: UnitOfWork) -> tuple[str, dict[str, str]]:
        invoice = await uow.session.scalar(select(Invoice).where(Invoice.number == NUMBER))
        assert invoice is not None
        rows = await uow.reminders.of_subject("invoice", str(invoice.id))
        return invoice.status, {r.step: f"{r.status}:{r.reason or ''}" for r in rows}

    status, steps = await harness.read(state)
    assert status == "paid"
    assert steps["confirm_payment_call"] == "done:"
    assert steps["overdue_reason_call"] == "cancelled:paid"
    assert await bot.stop() == 0

    again = await harness.start(**env)
    await fake.wait_until_polling(START_TIMEOUT)
    fake.push_update(fake.private_message(fake.user(ADMIN_ID, "Анна"), "/help"))
    await fake.wait_for(
        lambda c: c.method == "sendMessage" and c.chat_id == ADMIN_ID, timeout=STEP
    )
    assert len(reminders_to_manager(fake)) == 1
    assert len(fake.sent(MANAGER)) == 1
    assert await again.stop() == 0
    assert "Traceback" not in bot.log + again.log
    sent = list(await harness.read(lambda uow: uow.session.scalars(select(Reminder))))
    assert sum(r.sent_count for r in sent if r.policy == "receivables") == 1
