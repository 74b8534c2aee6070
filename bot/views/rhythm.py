"""The clock's messages about work: tasks not accepted, dates passed, client requests without
an answer, and the daily rhythm (the morning plan, the warehouse's reconciliation, the
end-of-day report)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.texts import Texts
from bot.views.rendered import Rendered


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
