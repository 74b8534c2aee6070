"""Invoices through the dispatcher: a document captioned /invoices (and a payments file),
/paid, /invoice, /letter, /debts — what the person sees and what the database holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.views.callbacks import InvoiceAction, InvoiceCb
from tests.builders import Person
from tests.conftest import TOKEN
from tests.fakes.clock import FakeClock
from tests.handlers.test_catalog_import import FileSession, send_file
from tests.harness import People, TestApp
from tests.invoices_seed import ACCOUNTANT, AS_OF, file_bytes, msk, staff


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[TestApp]:
    session = FileSession()
    settings = Settings(
        bot_token=TOKEN,
        database_url=database_url,
        admin_ids=str(People.admin.tg_user_id),
        _env_file=None,  # type: ignore[call-arg]
    )
    built = build_app(settings, clock=clock, bot_session=session)
    await built.prepare()
    test_app = TestApp(built, session, clock)
    yield test_app
    await test_app.close()


async def _invoice(app: TestApp, number: str) -> tuple[str, int, int]:
    async def load(uow):  # type: ignore[no-untyped-def]
        return await uow.invoices.by_number(number)

    found = await app.read(load)
    assert found is not None
    return found.status, found.amount_kop, found.paid_kop


async def test_an_invoices_file_is_imported_with_a_report_per_row(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 8))
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(encoding="cp1251"), "/invoices")
    report = _last(app, ACCOUNTANT)
    assert report.startswith("📥 Счета: создано 34, обновлено 0, оплачено 8, отклонено 0")
    assert "2: СЧ-2026-1180 — создан" in report
    assert "11: СЧ-2026-1243 — оплачен" in report
    assert await _invoice(app, "СЧ-2026-1209") == ("partly_paid", 60978300, 18293490)

    # the same file again changes nothing; a payments file marks payments
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(), "/invoices")
    assert "создано 0, обновлено 0, оплачено 0, отклонено 0" in _last(app, ACCOUNTANT)
    payments = "number,date,amount\nСЧ-2026-1306,23.11.2026,157643.40\nСЧ-9999,23.11.2026,1\n"
    await send_file(app, ACCOUNTANT, "bank.csv", payments.encode("cp1251"), "/invoices")
    report = _last(app, ACCOUNTANT)
    assert "📥 Оплаты: счетов оплачено полностью 1, частично 0, отклонено 1" in report
    assert "3: СЧ-9999 — отклонён: Счёт СЧ-9999 не найден." in report
    assert (await _invoice(app, "СЧ-2026-1306"))[0] == "paid"


async def test_a_file_row_with_a_promise_over_seven_days_is_refused(app: TestApp) -> None:
    await staff(app)
    text = (
        "number,date,counterparty_id,amount,due_date,guarantee_letter_date,"
        "guarantee_promise_date\n"
        "СЧ-1,2026-11-01,CP-001,100.00,2026-11-15,2026-11-20,2026-11-28\n"
    )
    await send_file(app, ACCOUNTANT, "a.csv", text.encode(), "/invoices")
    assert (
        "2: СЧ-1 — отклонён: Дата 28.11.2026 дальше, чем через 7 дн. после письма: "
        "гарантийное письмо — не позднее 27.11.2026."
    ) in _last(app, ACCOUNTANT)


async def test_paid_marks_the_invoice_and_stops_its_ladder(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(date(2026, 11, 20), 10))
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(), "/invoices")
    await app.say(ACCOUNTANT, "/paid СЧ-2026-1453 100 000,00")
    assert "поступило 100 000,00 ₽, остаток 178 494,50 ₽" in _last(app, ACCOUNTANT)
    await app.say(ACCOUNTANT, "/paid СЧ-2026-1453")
    assert _last(app, ACCOUNTANT) == (
        "💰 Счёт СЧ-2026-1453 оплачен (178 494,50 ₽). Остановлено напоминаний: 3."
    )
    await app.say(ACCOUNTANT, "/paid СЧ-2026-1453")
    assert _last(app, ACCOUNTANT) == "Счёт СЧ-2026-1453 уже оплачен."
    await app.say(app.people.stranger, "/paid СЧ-2026-1469")
    assert (await _invoice(app, "СЧ-2026-1469"))[0] == "unpaid"


async def test_a_manager_registers_an_invoice_in_a_short_dialogue(app: TestApp) -> None:
    ids = await staff(app)
    manager = app.people.manager
    await app.say(manager, "/invoice")
    assert "Какой клиент?" in _last(app, manager)
    await app.say(manager, "Ромашка")
    assert _last(app, manager) == "Клиент «ООО «Ромашка»». Номер счёта?"
    await app.say(manager, "СЧ-2026-2001")
    await app.say(manager, "12 500,50")
    ask = app.telegram.sent_to(manager.tg_user_id)[-1]
    assert ask.buttons[0] == "По условиям: до 07.12.2026"  # the client's 14 days
    await app.press(manager, InvoiceCb(a=InvoiceAction.DEFAULT_DUE).pack())
    assert _last(app, manager) == (
        "✅ Счёт СЧ-2026-2001 зарегистрирован: «ООО «Ромашка»», 12 500,50 ₽, оплата до "
        "07.12.2026. Напоминания о нём придут по регламенту."
    )
    assert await _invoice(app, "СЧ-2026-2001") == ("unpaid", 1250050, 0)
    assert ids["CP-001"]


async def test_a_guarantee_letter_is_recorded_and_a_far_promise_refused(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 10))
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(), "/invoices")
    manager = app.people.manager
    await app.say(manager, "/letter СЧ-2026-1306 01.12")
    assert _last(app, manager) == (
        "Дата 01.12.2026 дальше, чем через 7 дн. после письма: гарантийное письмо — не позднее "
        "30.11.2026."
    )
    await app.say(manager, "/letter СЧ-2026-1306 30.11")
    assert _last(app, manager).startswith(
        "📝 Гарантийное письмо по счёту СЧ-2026-1306 записано: оплата до 30.11.2026."
    )


async def test_debts_shows_aging_buckets_to_the_manager_and_everyone_to_the_head(
    app: TestApp,
) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 10))
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(), "/invoices")
    await app.say(app.people.manager, "/debts")
    shown = _last(app, app.people.manager)
    lines = shown.splitlines()
    assert lines[0].startswith("📊 Ваши просроченные счета на 23.11.2026: 20,")
    assert "• 0-30 дн.: 11 сч." in shown
    assert "• 31-60 дн.: 3 сч." in shown
    assert "• 61-90 дн.: 3 сч." in shown
    assert "• 90+ дн.: 3 сч." in shown
    assert lines[7].startswith("120 дн. — СЧ-2026-1180, «ООО «Мурман-Порт-Сервис»»")
    await app.say(app.people.head, "/debts")
    assert _last(app, app.people.head).startswith("📊 Просроченные счета на 23.11.2026: 20,")
    assert ", Ирина Лебедева" in _last(app, app.people.head)


def _last(app: TestApp, who: Person) -> str:
    """The last text a person got, amounts' non-breaking spaces as plain ones."""
    return app.last_to(who).replace("\u00a0", " ")


async def test_the_payment_day_is_recorded_and_shown_in_the_next_reminder(app: TestApp) -> None:
    await staff(app)
    app.clock.set(msk(AS_OF, 8))
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes(), "/invoices")
    await app.say(app.people.manager, "/payday СЧ-2026-1335 по пятницам")
    assert _last(app, app.people.manager) == (
        "Платёжный день по счёту СЧ-2026-1335 записан: по пятницам."
    )
    app.clock.set(msk(AS_OF, 9))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    [text] = [
        t for t in app.texts_to(app.people.manager) if "Завтра срок оплаты счёта СЧ-2026-1335" in t
    ]
    assert "Платёжный день клиента: по пятницам" in text


async def test_invoices_then_the_file(app: TestApp) -> None:
    await staff(app)
    await app.say(ACCOUNTANT, "/invoices")
    assert _last(app, ACCOUNTANT).startswith("Пришлите файл со счетами")
    await app.say(ACCOUNTANT, "вот")
    assert _last(app, ACCOUNTANT).startswith("Пришлите файл со счетами")
    await send_file(app, ACCOUNTANT, "invoices.csv", file_bytes())
    assert _last(app, ACCOUNTANT).startswith("📥 Счета: создано 34")
    await app.say(app.people.manager, "/invoices")
    assert "Пришлите файл" not in _last(app, app.people.manager)
