"""The clock's messages about work: tasks not accepted, dates passed, client requests without
an answer, and the daily rhythm (the morning plan, the warehouse's reconciliation, the
end-of-day report)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardButton

from bot.texts import Texts
from bot.views.callbacks import DailyCb
from bot.views.contacts import plan_view
from bot.views.rendered import Rendered, keyboard


def _day(value: Any) -> str:
    return date.fromisoformat(str(value)).strftime("%d.%m.%Y") if value else "—"


def reminder_task_ack(texts: Texts, params: dict[str, Any]) -> Rendered:
    key = "reminder-task-ack-escalate" if params["step"] == "ack_escalate" else "reminder-task-ack"
    return Rendered(
        texts(
            key,
            number=params["number"],
            department=str(params["department"]),
            client=str(params["client"]),
            minutes=params["minutes"],
        )
    )


def reminder_supply_expected(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "reminder-supply-expected",
            number=params["number"],
            client=str(params["client"]),
            expected=_day(params["expected"]),
        )
    )


def reminder_order_deadline(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "reminder-order-deadline",
            number=params["number"],
            client=str(params["client"]),
            deadline=_day(params["deadline"]),
        )
    )


def reminder_client_request(texts: Texts, params: dict[str, Any]) -> Rendered:
    key = (
        "reminder-client-request-escalate"
        if params["step"] == "answer_escalate"
        else "reminder-client-request"
    )
    return Rendered(
        texts(
            key,
            client=str(params["client"]),
            person=str(params["person"] or "—"),
            text=str(params["text"] or "—"),
            minutes=params["minutes"],
        )
    )


# --- the daily rhythm ------------------------------------------------------------------------


def daily_morning_plan(texts: Texts, params: dict[str, Any]) -> Rendered:
    """09:00: the same view as /today under a greeting."""
    plan = dict(params["plan"])
    body = plan_view(texts, plan)
    return Rendered(
        texts("daily-morning-title", date=_day(plan["day"])) + "\n\n" + body.text,
        body.reply_markup,
    )


def _order_line(texts: Texts, item: dict[str, Any]) -> str:
    return texts(
        "daily-order-line",
        number=item["number"],
        client=str(item.get("client") or "—"),
        deadline=_day(item["deadline"]) if item.get("deadline") else "none",
        manager=str(item.get("manager") or "none"),
    )


def daily_warehouse(texts: Texts, params: dict[str, Any]) -> Rendered:
    lines = [texts("daily-warehouse-title", date=_day(params["day"]))]
    sections = (
        ("daily-warehouse-collect", params.get("collect") or []),
        ("daily-warehouse-arrived", params.get("arrived") or []),
        ("daily-warehouse-unreported", params.get("unreported") or []),
    )
    for key, items in sections:
        lines.append("")
        lines.append(texts(key, count=len(items)))
        lines += [_order_line(texts, item) for item in items]
    return Rendered("\n".join(lines))


def _summary(texts: Texts, summary: dict[str, Any]) -> list[str]:
    forms = summary.get("forms") or {}
    lines = [texts("daily-eod-contacts", count=int(summary.get("contacts") or 0))]
    for form, n in forms.items():
        key = f"form-{form}"
        lines.append(texts("daily-eod-form", form=texts(key) if texts.has(key) else form, count=n))
    if summary.get("clients"):
        lines.append(texts("daily-eod-clients", clients=", ".join(summary["clients"])))
    new, closed = summary.get("orders_new") or [], summary.get("orders_closed") or []
    lines.append(
        texts(
            "daily-eod-orders",
            new=len(new),
            closed=len(closed),
            numbers=", ".join(f"№{n}" for n in [*new, *closed]) or "none",
        )
    )
    return lines


def daily_eod_prompt(texts: Texts, params: dict[str, Any]) -> Rendered:
    lines = [texts("daily-eod-title", date=_day(params["day"]))]
    lines += _summary(texts, dict(params["summary"]))
    lines.append("")
    lines.append(texts("daily-eod-hint"))
    return Rendered("\n".join(lines))


def daily_eod_report(texts: Texts, params: dict[str, Any]) -> Rendered:
    lines = [
        texts("daily-eod-report-title", manager=str(params["manager"]), date=_day(params["day"]))
    ]
    lines += _summary(texts, dict(params["summary"]))
    lines.append(texts("daily-eod-report-line", line=str(params["line"])))
    button = InlineKeyboardButton(
        text=texts("daily-eod-button-answer"),
        callback_data=DailyCb(r=int(params["report_id"])).pack(),
    )
    return Rendered("\n".join(lines), keyboard([[button]]))


def daily_eod_answer(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "daily-eod-answer",
            head=str(params["head"]),
            date=_day(params["day"]),
            text=str(params["text"]),
        )
    )


def eod_asked(texts: Texts) -> Rendered:
    return Rendered(texts("eod-type-line"))


def eod_sent(texts: Texts, heads: int) -> Rendered:
    return Rendered(texts("daily-eod-sent", heads=heads))


def eod_answer_asked(texts: Texts, manager: str) -> Rendered:
    return Rendered(texts("daily-eod-type-answer", manager=manager))


def eod_answered(texts: Texts, manager: str) -> Rendered:
    return Rendered(texts("daily-eod-answered", manager=manager))
