"""The receivables ladder's reminder kinds (policy `receivables`, company.yaml; seed 003).

Each step is rendered from the invoice as it is when it fires: paid → stale («paid»);
`overdue_reason_call` after a guarantee letter received before its day → stale; a guarantee
step of a letter since replaced → stale. The escalation carries the amount, the letter, the
days overdue and the contacts; the lawyer's request the dossier (counterparty, invoices,
contacts, history).

Buttons: «💰 Оплачен» on every step (an accountant may press it wherever the reminder went;
a manager on their own), «📝 Гарантийное письмо» on the overdue steps (how to record it),
«📨 Претензия отправлена» on the lawyer's request.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.errors import Forbidden
from bot.domain.invoices import aging
from bot.domain.invoices import ladder as rules
from bot.domain.roles import Action, Role, can
from bot.services import outbox
from bot.services.invoices import book
from bot.services.reminders.kinds import (
    ActionContext,
    ActionResult,
    Addressee,
    Button,
    FireContext,
    Message,
    ReminderKind,
    ReminderKinds,
    Stale,
)
from storage.models import Counterparty, Invoice
from storage.repositories.invoices import OUTSTANDING, PAID
from storage.uow import UnitOfWork

VIEW = "reminder_receivables"
PAID_ACTION, LETTER_ACTION, CLAIM_SENT, LETTER_FILE = "paid", "letter", "claim_sent", "letter_file"
LETTER_FILE_VIEW = "guarantee_letter_file"
HISTORY = 5
_PAID = Button(PAID_ACTION, "invoice-button-paid")
_LETTER = Button(LETTER_ACTION, "invoice-button-letter")
_CLAIM = Button(CLAIM_SENT, "invoice-button-claim-sent")
_FILE = Button(LETTER_FILE, "invoice-button-letter-file")
_BUTTONS: dict[str, tuple[Button, ...]] = {
    rules.REQUEST_DOCUMENTS: (_PAID,),
    rules.CONFIRM_PAYMENT: (_PAID,),
    rules.OVERDUE_REASON: (_PAID, _LETTER),
    rules.GUARANTEE_REMINDER: (_PAID, _LETTER),
    rules.ESCALATE: (_PAID, _LETTER),
    rules.CLAIM_LETTER: (_CLAIM, _PAID),
}


async def render(ctx: FireContext) -> Message | Stale:
    invoice = await ctx.uow.invoices.find(int(ctx.reminder.subject_id))
    if invoice is None:
        return Stale("invoice_gone")
    if invoice.status == PAID:
        return Stale("paid")
    step = ctx.reminder.step
    letter = await ctx.uow.invoices.latest_letter(invoice.id)
    fires_on = ctx.calendar.local_date(ctx.reminder.due_at)
    if step == rules.OVERDUE_REASON and rules.skipped_by_letter(
        letter.letter_on if letter else None, fires_on
    ):
        return Stale("guarantee_letter")
    if step in rules.GUARANTEE_STEPS and (
        letter is None or letter.promised_on.isoformat() != ctx.reminder.occurrence
    ):
        return Stale("letter_replaced")
    client = await ctx.uow.counterparties.find(invoice.counterparty_id)
    if client is None:
        return Stale("client_gone")
    today = ctx.calendar.local_date(ctx.now)
    params: dict[str, Any] = {
        "step": step,
        **invoice_params(invoice, client, today),
    }
    if letter is not None:
        params["letter"] = {
            "letter_on": _d(letter.letter_on),
            "promised_on": _d(letter.promised_on),
            "file": letter.file_name or ("📎" if letter.file_id else "none"),
        }
    if step in (rules.ESCALATE, rules.CLAIM_LETTER):
        params["contacts"] = await contacts(ctx.uow, client)
    if step == rules.CLAIM_LETTER:
        params["inn"] = client.inn or ""
        params["invoices"] = [
            invoice_params(i, client, today)
            for i in await ctx.uow.invoices.of_counterparty(client.id)
            if i.status in OUTSTANDING
        ]
        params["history"] = await history(ctx.uow, client.id)
    buttons = _BUTTONS.get(step, (_PAID,))
    if letter is not None and letter.file_id and step in (rules.ESCALATE, rules.CLAIM_LETTER):
        buttons = (*buttons, _FILE)  # the letter's scan, sent to whoever presses
    return Message(
        view=VIEW,
        params=params,
        addressee=Addressee(manager_id=client.manager_id, counterparty_id=client.id),
        buttons=buttons,
        topic=f"{invoice.number}",
    )


def invoice_params(invoice: Invoice, client: Counterparty, today: date) -> dict[str, Any]:
    outstanding = invoice.status in OUTSTANDING
    return {
        "invoice_id": invoice.id,
        "number": invoice.number,
        "client": client.name,
        "client_id": client.id,
        "amount_kop": invoice.amount_kop,
        "owed_kop": invoice.amount_kop - invoice.paid_kop,
        "issued_on": _d(invoice.issued_on),
        "due_on": _d(invoice.due_on),
        "days_overdue": aging.days_overdue(invoice.due_on, today, outstanding=outstanding),
        "payment_day": invoice.payment_day or "",
    }


async def contacts(uow: UnitOfWork, client: Counterparty) -> list[str]:
    out = [str(p.e164) for p in await uow.counterparties.phones(client.id)]
    for person in await uow.counterparties.people(client.id):
        bits = [person.full_name]
        if person.position:
            bits.append(f"({person.position})")
        if person.phone_e164:
            bits.append(person.phone_e164)
        out.append(" ".join(bits))
    out += [e.address for e in await uow.counterparties.emails(client.id)]
    return out


async def history(uow: UnitOfWork, counterparty_id: int) -> list[dict[str, str]]:
    return [
        {
            "at": line.occurred_at.date().strftime("%d.%m.%Y"),
            "form": line.form,
            "outcome": line.outcome or "",
            "topic": line.topic or "",
        }
        for line in await uow.interactions.timeline(counterparty_id, HISTORY)
    ]


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


async def paid(ctx: ActionContext) -> ActionResult:
    """The whole outstanding amount came in today."""
    if not can(ctx.actor, Action.MARK_PAYMENTS):
        raise Forbidden("error-forbidden", action=Action.MARK_PAYMENTS.value)
    invoice = await ctx.uow.invoices.get(int(ctx.reminder.subject_id), for_update=True)
    if invoice.status == PAID:
        return ActionResult(done=True, form="reminder", outcome="invoice_paid",
                            answer="invoice-was-paid")  # fmt: skip
    today = ctx.calendar.local_date(ctx.now)
    await book.pay(ctx.uow, invoice, None, today, "button", ctx.actor, ctx.now)
    return ActionResult(
        done=True, form="reminder", outcome="invoice_paid", answer="invoice-marked-paid"
    )


async def letter(ctx: ActionContext) -> ActionResult:
    return ActionResult(answer="guarantee-how")


async def claim_sent(ctx: ActionContext) -> ActionResult:
    if not can(ctx.actor, Action.SEND_CLAIM_LETTER):
        raise Forbidden("error-forbidden", action=Action.SEND_CLAIM_LETTER.value)
    invoice = await ctx.uow.invoices.get(int(ctx.reminder.subject_id), for_update=True)
    invoice.claim_sent_at = ctx.now
    invoice.updated_at = ctx.now
    return ActionResult(
        done=True, form="reminder", outcome="claim_sent", answer="claim-sent-noted"
    )


async def letter_file(ctx: ActionContext) -> ActionResult:
    """The guarantee letter's scan, to the person who pressed."""
    invoice = await ctx.uow.invoices.get(int(ctx.reminder.subject_id))
    letter = await ctx.uow.invoices.latest_letter(invoice.id)
    if letter is None or not letter.file_id:
        return ActionResult(answer="guarantee-no-file")
    await outbox.send_file(
        ctx.uow,
        chat_id=ctx.actor.tg_user_id,
        kind="document",
        file_id=letter.file_id,
        view=LETTER_FILE_VIEW,
        params={"number": invoice.number, "letter_on": _d(letter.letter_on),
                "promised_on": _d(letter.promised_on), "file": "none"},
        at=ctx.now,
    )  # fmt: skip
    return ActionResult(answer="guarantee-file-sent")


PRESSERS = frozenset({Role.ACCOUNTANT.value, Role.LAWYER.value})


def register(kinds: ReminderKinds) -> None:
    kinds.register(
        ReminderKind(
            rules.POLICY,
            render,
            actions={
                PAID_ACTION: paid,
                LETTER_ACTION: letter,
                CLAIM_SENT: claim_sent,
                LETTER_FILE: letter_file,
            },
            pressers=PRESSERS,
        )
    )
