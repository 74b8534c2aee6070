"""What the ladder's people get on the morning of 23 November (the file as of that day): the
manager's steps with «💰 Оплачен», the head's escalation (amount, letter, days overdue,
contacts), the lawyer's request with the dossier; the lawyer marks the claim sent; the
accountant marks an invoice paid on the manager's reminder and its chain stops."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.domain.counterparties.phones import normalize_phone
from bot.views.callbacks import ReminderCb
from storage.models import ContactPerson, Invoice, Reminder
from tests.harness import TestApp
from tests.invoices_seed import ACCOUNTANT, AS_OF, LAWYER, file_bytes, msk, staff, upload


async def _morning(app: TestApp) -> dict[str, int]:
    ids = await staff(app)
    async with app.app.make_uow() as uow:
        uow.counterparties.add_person(
            ContactPerson(
                counterparty_id=ids["CP-020"],
                full_name="Соколов Игорь Петрович",
                position="главный бухгалтер",
                phone_e164=normalize_phone("+79217770011").e164,
                created_at=app.clock.now(),
            )
        )
        await uow.commit()
    app.clock.set(msk(AS_OF, 8))
    await upload(app, file_bytes())
    app.clock.set(msk(AS_OF, 9))
    await app.app.reminders.tick()
    await app.app.sender.drain()
    return ids


async def _reminder(app: TestApp, number: str, step: str) -> Reminder:
    async def load(uow):  # type: ignore[no-untyped-def]
        invoice = await uow.session.scalar(select(Invoice).where(Invoice.number == number))
        return await uow.session.scalar(
            select(Reminder).where(Reminder.subject_id == str(invoice.id), Reminder.step == step)
        )

    found = await app.read(load)
    assert found is not None
    return found


def _texts(app: TestApp, who: object, needle: str) -> list[str]:
    return [t.replace("\u00a0", " ") for t in app.texts_to(who) if needle in t]  # type: ignore[arg-type]


async def test_the_head_gets_the_broken_promise_with_amount_letter_days_and_contacts(
    app: TestApp,
) -> None:
    await _morning(app)
    [text] = _texts(app, app.people.head, "СЧ-2026-1293")
    assert text.startswith("🚨 Клиент «ООО «Металлургремонт-Ч»» не выполнил гарантийное письмо")
    assert "Долг 69 998,50 ₽" in text
    assert "Гарантийное письмо от 16.11.2026: оплата до 20.11.2026" in text
    assert "Просрочка: 10 дн." in text
    assert "Соколов Игорь Петрович (главный бухгалтер) +79217770011" in text
    sent = [
        c
        for c in app.telegram.sent_to(app.people.head.tg_user_id)
        if "СЧ-2026-1293" in (c.text or "")
    ]
    assert "💰 Оплачен" in sent[0].buttons


async def test_the_lawyer_gets_the_dossier_and_marks_the_claim_sent(app: TestApp) -> None:
    await _morning(app)
    [text] = _texts(app, LAWYER, "СЧ-2026-1285")
    assert text.startswith("⚖️ Подготовьте претензионное письмо и расчёт неустойки")
    assert "Неоплаченные счета:" in text
    assert "• СЧ-2026-1285: 66 845,25 ₽, срок 10.11.2026, просрочка 13 дн." in text
    assert "Контакты:" in text
    assert "История (последние контакты):" in text
    row = await _reminder(app, "СЧ-2026-1285", "request_claim_letter")
    await app.press(LAWYER, ReminderCb(id=row.id, a="claim_sent").pack())
    assert app.alerts()[-1] == "Отмечено: претензия отправлена."
    row = await _reminder(app, "СЧ-2026-1285", "request_claim_letter")
    assert (row.status, row.action) == ("done", "claim_sent")


async def test_the_accountant_marks_paid_on_the_managers_reminder_and_the_chain_stops(
    app: TestApp,
) -> None:
    await _morning(app)
    [text] = _texts(app, app.people.manager, "СЧ-2026-1335")
    assert text.startswith("📞 Завтра срок оплаты счёта СЧ-2026-1335")
    row = await _reminder(app, "СЧ-2026-1335", "confirm_payment_call")
    await app.press(ACCOUNTANT, ReminderCb(id=row.id, a="paid").pack())
    assert app.alerts()[-1] == "Счёт отмечен оплаченным, напоминания по нему остановлены."
    nxt = await _reminder(app, "СЧ-2026-1335", "overdue_reason_call")
    assert (nxt.status, nxt.reason) == ("cancelled", "paid")
    edits = app.telegram.sent_to(app.people.manager.tg_user_id, "EditMessageText")
    assert "✅ Сделано — Оксана Мартынова" in (edits[-1].text or "")


async def test_the_letter_button_says_how_to_record_it(app: TestApp) -> None:
    await _morning(app)
    row = await _reminder(app, "СЧ-2026-1327", "overdue_reason_call")
    await app.press(app.people.manager, ReminderCb(id=row.id, a="letter").pack())
    assert app.alerts()[-1].startswith("Запишите гарантийное письмо командой: /letter")


async def test_a_letter_sent_as_a_file_reaches_the_head_with_the_escalation(
    app: TestApp,
) -> None:
    await _morning(app)
    caption = "/letter СЧ-2026-1306 27.11"
    document = {"file_id": "scan-1", "file_unique_id": "scan-1", "file_name": "письмо.pdf"}
    await app.feed(
        app.updates.message(
            app.people.manager, None, document=document, caption=caption,
            caption_entities=[{"type": "bot_command", "offset": 0, "length": 7}],
        )
    )  # fmt: skip
    await app.app.sender.drain()
    assert app.last_to(app.people.manager).startswith(
        "📝 Гарантийное письмо по счёту СЧ-2026-1306"
    )

    app.clock.set(msk(date(2026, 11, 30), 9))  # promised Fri 27.11 → escalation on Monday
    await app.app.reminders.tick()
    await app.app.sender.drain()
    [text] = _texts(app, app.people.head, "СЧ-2026-1306")
    assert "Гарантийное письмо от 23.11.2026: оплата до 27.11.2026, файл: письмо.pdf" in text
    row = await _reminder(app, "СЧ-2026-1306", "escalate_to_head")
    await app.press(app.people.head, ReminderCb(id=row.id, a="letter_file").pack())
    assert app.alerts()[-1] == "Файл письма отправлен вам в личные сообщения."
    [sent] = app.telegram.sent_to(app.people.head.tg_user_id, "SendDocument")
    assert sent.request.document == "scan-1"
