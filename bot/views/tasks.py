"""Department task cards and the messages around them (rendered by the sender from params)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.domain.tasks.flow import Step
from bot.texts import Texts
from bot.views.callbacks import TaskCb
from bot.views.rendered import Rendered, keyboard

STEPS_PER_ROW = 2


def local_time(value: str, tz: str, fmt: str = "%d.%m %H:%M") -> str:
    return datetime.fromisoformat(value).astimezone(ZoneInfo(tz)).strftime(fmt)


def local_date(value: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y") if value else ""


def opt(value: object) -> str:
    """Fluent selectors take "none" for an empty value."""
    text = str(value) if value not in (None, "") else ""
    return text or "none"


def label(texts: Texts, prefix: str, value: str) -> str:
    key = f"{prefix}-{value}"
    return texts(key) if texts.has(key) else value


def task_card(texts: Texts, p: dict[str, Any]) -> Rendered:
    lines = [
        texts("task-card-title", kind=p["kind"], number=p["number"], department=p["department"])
    ]
    if p["client"]:
        lines.append(texts("task-card-client", client=p["client"]))
    if p["manager"]:
        lines.append(texts("task-card-manager", manager=p["manager"]))
    if p["deadline"]:
        lines.append(
            texts(
                "task-card-deadline",
                deadline=local_date(p["deadline"]),
                urgent="yes" if p["urgent"] else "no",
            )
        )
    elif p["urgent"]:
        lines.append(texts("task-card-urgent"))
    lines.append(texts("task-card-positions"))
    for line in p["lines"]:
        lines.append(
            texts(
                "task-card-line",
                no=line["no"],
                model=line["model"],
                variant=opt(line["variant"]),
                qty=line["qty"],
                unit=line["unit"],
                work=opt(", ".join(label(texts, "work", w) for w in line.get("work", []))),
                short=line.get("short", 0),
            )
        )
    if p["more"]:
        lines.append(texts("task-card-more", count=p["more"]))
    delivery = p.get("delivery")
    if delivery:
        lines.append(
            texts(
                "task-card-delivery",
                kind=opt(delivery["kind"]),
                carrier=opt(delivery["carrier"]),
                city=opt(delivery["city"]),
                address=opt(delivery["address"]),
            )
        )
    if p["expected"]:
        lines.append(texts("task-card-expected", date=local_date(p["expected"])))
    if p["tracking"]:
        lines.append(texts("task-card-tracking", tracking=p["tracking"]))
    if p["attachments"]:
        lines.append(texts("task-card-attachments", count=p["attachments"]))
    if p.get("photos"):
        lines.append(texts("task-card-photos", count=p["photos"]))
    lines.append(texts("task-card-status", status=label(texts, "task-status", p["status"])))
    if p["history"]:
        lines.append(texts("task-card-history"))
        for entry in p["history"]:
            lines.append(
                texts(
                    "task-card-history-line",
                    at=local_time(entry["at"], p["tz"]),
                    who=opt(entry["who"]),
                    event=label(texts, "task-event", entry["event"]),
                    note=opt(entry["note"]),
                )
            )
    if p["status"] == "cancelled":
        lines.append(texts("task-card-cancelled"))
    elif p["kind"] == "workshop" and p["status"] == "ready" and not p.get("photos"):
        lines.append(texts("task-card-photo-hint"))
    return Rendered("\n".join(lines), _step_buttons(texts, p))


def _step_buttons(texts: Texts, p: dict[str, Any]) -> Any:
    buttons = [
        InlineKeyboardButton(
            text=texts(f"task-step-{step}"),
            callback_data=TaskCb(task=p["task_id"], step=Step(step), v=p["v"]).pack(),
        )
        for step in p["steps"]
    ]
    if not buttons:
        return None
    rows = [buttons[i : i + STEPS_PER_ROW] for i in range(0, len(buttons), STEPS_PER_ROW)]
    return keyboard(rows)


def task_no_chat(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-no-chat", **p))


def order_topic_name(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-topic-name", number=p["number"], client=p["client"] or "—"))


def task_comment(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-comment", **p))


def task_changed(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-changed", **p))


def task_cancelled(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-cancelled-notice", **p))


def task_restocked(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-restocked", number=p["number"]))


def task_shortage_added(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("task-shortage-added", number=p["number"]))


def order_news(texts: Texts, p: dict[str, Any]) -> Rendered:
    """The manager's news of one order: several events that came close together."""
    lines = [texts("news-title", number=p["number"], client=opt(p["client"]))]
    for item in p["items"]:
        text = texts(
            f"news-{item['event']}",
            department=item.get("department") or "—",
            who=item.get("who") or "—",
            note=item.get("note") or "—",
            clients=int(item.get("clients") or 0),
        )
        lines.append(texts("news-line", at=local_time(item["at"], p["tz"], "%H:%M"), text=text))
    return Rendered("\n".join(lines))


def task_photo(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "task-photo",
            number=p["number"],
            department=p["department"],
            who=opt(p["who"]),
            note=opt(p["note"]),
        )
    )


def task_attachment(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("task-attachment", number=p["number"], who=opt(p["who"]), note=opt(p["note"]))
    )


def client_order_ready(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("client-order-ready", number=p["number"], pickup=p["pickup"]))


def client_order_delivered(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "client-order-delivered",
            number=p["number"],
            event=p["event"],
            carrier=opt(p["carrier"]),
            tracking=p["tracking"] or "—",
        )
    )


# --- answers to the person who pressed ----------------------------------------------------


def ask_input(texts: Texts, needs: str, number: int, lines: dict[int, int]) -> str:
    if needs == "shortage":
        first = min(lines) if lines else 1
        return texts(
            "task-ask-shortage",
            number=number,
            single="yes" if len(lines) == 1 else "no",
            example=f"{first}: 1",
        )
    if needs == "expected_date":
        return texts("task-ask-expected-date", number=number)
    return texts("task-ask-tracking", number=number)


def step_done(texts: Texts, step: str) -> str:
    return texts("task-done-alert", step=texts(f"task-step-{step}"))


def input_saved(texts: Texts, number: int, step: str) -> str:
    return texts("task-input-saved", number=number, step=texts(f"task-step-{step}"))
