"""Invoices: the ladder's reminder texts, /invoice, /paid, the import report, /debts, acts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.domain.invoices.values import roubles
from bot.services.invoices.debts import Debts
from bot.services.invoices.imports import ImportReport
from bot.texts import Texts
from bot.views.callbacks import InvoiceAction, InvoiceCb
from bot.views.rendered import Rendered, button, cancel_row, keyboard

SHOWN_ROWS = 60
SHOWN_DEBTS = 40


def reminder_receivables(texts: Texts, params: dict[str, Any]) -> Rendered:
    step = str(params["step"])
    lines = [texts(f"receivables-{step}", **_invoice(params))]
    if params.get("payment_day"):
        lines.append(texts("receivables-payment-day", day=str(params["payment_day"])))
    letter = params.get("letter")
    if letter and step != "request_documents":
        lines.append(texts("receivables-letter", **letter))
    if step in ("escalate_to_head", "request_claim_letter"):
        lines.append(texts("receivables-overdue", days=int(params["days_overdue"])))
    if params.get("inn"):
        lines.append(texts("receivables-inn", inn=params["inn"]))
    invoices: Sequence[Mapping[str, Any]] = params.get("invoices") or []
    if invoices:
        lines.append(texts("receivables-invoices"))
        lines += ["• " + texts("receivables-invoice-line", **_invoice(i)) for i in invoices]
    contacts: Sequence[str] = params.get("contacts") or []
    if "contacts" in params:
        lines.append(texts("receivables-contacts"))
        lines += [f"• {c}" for c in contacts] or [texts("receivables-none")]
    if "history" in params:
        lines.append(texts("receivables-history"))
        history: Sequence[Mapping[str, str]] = params.get("history") or []
        lines += [
            "• " + texts("receivables-history-line", at=h["at"], what=_what(texts, h))
            for h in history
        ] or [texts("receivables-none")]
    return Rendered("\n".join(lines))


def _what(texts: Texts, line: Mapping[str, str]) -> str:
    form = f"form-{line['form']}"
    outcome = f"outcome-{line['outcome']}"
    bits = [texts(form) if texts.has(form) else line["form"]]
    if line.get("outcome"):
        bits.append(texts(outcome) if texts.has(outcome) else line["outcome"])
    if line.get("topic"):
        bits.append(line["topic"])
    return ", ".join(bits)


def _invoice(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "number": str(params["number"]),
        "client": str(params["client"]),
        "amount": roubles(int(params["amount_kop"])),
        "owed": roubles(int(params["owed_kop"])),
        "due": str(params["due_on"]),
        "days": int(params.get("days_overdue") or 0),
        "partly": "yes" if int(params["owed_kop"]) != int(params["amount_kop"]) else "no",
    }


# --- /invoice, /paid, /letter ------------------------------------------------------------


def ask_client(texts: Texts) -> Rendered:
    return Rendered(texts("invoice-ask-client"), keyboard([cancel_row(texts)]))


def pick_client(texts: Texts, clients: Sequence[tuple[int, str]]) -> Rendered:
    if not clients:
        return Rendered(texts("invoice-client-not-found"), keyboard([cancel_row(texts)]))
    rows = [
        [button(name, InvoiceCb(a=InvoiceAction.CLIENT, id=cid).pack())] for cid, name in clients
    ]
    return Rendered(texts("invoice-pick-client"), keyboard([*rows, cancel_row(texts)]))


def ask_number(texts: Texts, client: str) -> Rendered:
    return Rendered(texts("invoice-ask-number", client=client), keyboard([cancel_row(texts)]))


def ask_amount(texts: Texts) -> Rendered:
    return Rendered(texts("invoice-ask-amount"), keyboard([cancel_row(texts)]))


def ask_due(texts: Texts, default: str) -> Rendered:
    rows = [
        [button(texts("invoice-button-default-due", due=default),
                InvoiceCb(a=InvoiceAction.DEFAULT_DUE).pack())],
        cancel_row(texts),
    ]  # fmt: skip
    return Rendered(texts("invoice-ask-due"), keyboard(rows))


def registered(texts: Texts, number: str, client: str, amount_kop: int, due: date) -> Rendered:
    return Rendered(
        texts(
            "invoice-registered",
            number=number,
            client=client,
            amount=roubles(amount_kop),
            due=due.strftime("%d.%m.%Y"),
        )
    )


def paid(texts: Texts, number: str, amount_kop: int, owed_kop: int, stopped: int) -> Rendered:
    if owed_kop <= 0:
        return Rendered(texts("invoice-paid-full", number=number, amount=roubles(amount_kop),
                              stopped=stopped))  # fmt: skip
    return Rendered(
        texts(
            "invoice-paid-part", number=number, amount=roubles(amount_kop), owed=roubles(owed_kop)
        )
    )


def letter_recorded(texts: Texts, number: str, promised: date) -> Rendered:
    return Rendered(
        texts("guarantee-recorded", number=number, promised=promised.strftime("%d.%m.%Y"))
    )


def import_report(texts: Texts, report: ImportReport) -> Rendered:
    lines = [
        texts(
            "invoices-imported-payments" if report.payments else "invoices-imported",
            created=report.count("created"),
            updated=report.count("updated"),
            paid=report.count("paid"),
            refused=report.count("refused"),
            total=len(report.rows),
        )
    ]
    for row in report.rows[:SHOWN_ROWS]:
        why = ""
        if row.reason:
            why = texts(row.reason, **row.params) if texts.has(row.reason) else row.reason
        lines.append(
            texts(
                "invoices-row",
                line=row.line,
                number=row.number or "—",
                status=row.status,
                why=why or "none",
            )
        )
    if len(report.rows) > SHOWN_ROWS:
        lines.append(texts("invoices-rows-more", count=len(report.rows) - SHOWN_ROWS))
    return Rendered("\n".join(lines))


# --- /debts ------------------------------------------------------------------------------


def debts(texts: Texts, found: Debts) -> Rendered:
    if not found.lines:
        return Rendered(texts("debts-none"))
    out = [
        texts(
            "debts-title-all" if found.everyone else "debts-title",
            today=found.today.strftime("%d.%m.%Y"),
            total=roubles(found.total_kop),
            count=len(found.lines),
        ),
        texts("debts-buckets"),
    ]
    for name, (count, kop) in found.buckets.items():
        out.append(texts("debts-bucket", bucket=name, count=count, amount=roubles(kop)))
    out.append("")
    for line in found.lines[:SHOWN_DEBTS]:
        out.append(
            texts(
                "debts-line",
                days=line.days,
                number=line.number,
                client=line.client,
                owed=roubles(line.owed_kop),
                due=line.due_on.strftime("%d.%m.%Y"),
                manager=line.manager if found.everyone and line.manager else "none",
            )
        )
    if len(found.lines) > SHOWN_DEBTS:
        out.append(texts("debts-more", count=len(found.lines) - SHOWN_DEBTS))
    return Rendered("\n".join(out))


# --- reconciliation acts -------------------------------------------------------------------


def reminder_reconciliation_acts(texts: Texts, params: dict[str, Any]) -> Rendered:
    clients: Sequence[str] = params.get("clients") or []
    lines = [
        texts(
            f"acts-{params['step']}",
            period=str(params["period"]),
            min_docs=int(params.get("min_docs") or 0),
            count=len(clients) + int(params.get("more") or 0),
        )
    ]
    lines += [f"• {name}" for name in clients]
    if params.get("more"):
        lines.append(texts("acts-more", count=int(params["more"])))
    return Rendered("\n".join(lines))


def guarantee_letter_file(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("guarantee-file-caption", number=str(params["number"]))
        + "\n"
        + texts(
            "receivables-letter",
            letter_on=params["letter_on"],
            promised_on=params["promised_on"],
            file="none",
        )
    )
