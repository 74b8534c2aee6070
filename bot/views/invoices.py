"""Invoices: the ladder's reminder texts, /invoice, /paid, the import report, /debts, acts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain.invoices.values import roubles
from bot.texts import Texts
from bot.views.rendered import Rendered


def reminder_receivables(texts: Texts, params: dict[str, Any]) -> Rendered:
    step = str(params["step"])
    lines = [texts(f"receivables-{step}", **_invoice(params))]
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
