"""Views of logging a contact (form → result → a line → control date) and of /today."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardButton

from bot.domain.interactions import LOGGABLE_FORMS, Outcome, QuickDates
from bot.services.interactions import TodayPlan
from bot.texts import Texts
from bot.views.callbacks import ClientAction, ClientCb, ControlDateCb, LogCb
from bot.views.clients import day, opt, short
from bot.views.rendered import Rendered, cancel_row, keyboard


def form_picker(texts: Texts, cp_id: int, name: str) -> Rendered:
    buttons = [
        InlineKeyboardButton(
            text=texts(f"form-{form.value}"), callback_data=LogCb(cp=cp_id, form=form.value).pack()
        )
        for form in LOGGABLE_FORMS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row(texts))
    return Rendered(texts("contact-pick-form", name=name), keyboard(rows))


def outcome_picker(texts: Texts, cp_id: int, name: str, form: str) -> Rendered:
    buttons = [
        InlineKeyboardButton(
            text=texts(f"outcome-{outcome.value}"),
            callback_data=LogCb(cp=cp_id, form=form, outcome=outcome.value).pack(),
        )
        for outcome in Outcome
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(cancel_row(texts))
    text = texts("contact-pick-outcome", name=name, form=texts(f"form-{form}"))
    return Rendered(text, keyboard(rows))


def note_prompt(texts: Texts, name: str, form: str, outcome: str) -> Rendered:
    text = texts(
        "contact-ask-note",
        name=name,
        form=texts(f"form-{form}"),
        outcome=texts(f"outcome-{outcome}"),
    )
    return Rendered(text, keyboard([cancel_row(texts)]))


def date_picker(texts: Texts, dates: QuickDates) -> Rendered:
    def button(key: str, on: str, when: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=texts(key, date=when), callback_data=ControlDateCb(on=on).pack()
        )

    rows = [
        [button("contact-date-tomorrow", dates.tomorrow.isoformat(), _short(dates.tomorrow))],
        [
            button(
                "contact-date-3days", dates.in_three_days.isoformat(), _short(dates.in_three_days)
            ),
            button("contact-date-week", dates.next_week.isoformat(), _short(dates.next_week)),
        ],
        [button("contact-date-type", "type"), button("contact-date-none", "none")],
        cancel_row(texts),
    ]
    return Rendered(texts("contact-pick-date"), keyboard(rows))


def _short(value: object) -> str:
    return value.strftime("%d.%m") if hasattr(value, "strftime") else str(value)


def ask_date(texts: Texts) -> Rendered:
    return Rendered(texts("contact-ask-date"), keyboard([cancel_row(texts)]))


def logged(texts: Texts, name: str, on: date | None) -> str:
    return texts("contact-logged", name=name, date=day(on) if on else "none")


def today_plan(texts: Texts, plan: TodayPlan) -> Rendered:
    return plan_view(texts, plan.to_json())


def plan_view(texts: Texts, plan: dict[str, Any]) -> Rendered:
    """/today and the 09:00 message: control dates due (and overdue), then the reminders
    still waiting for the person (`TodayPlan.to_json`)."""
    controls, reminders = plan.get("controls", []), plan.get("reminders", [])
    if not controls and not reminders:
        return Rendered(texts("today-empty"))
    lines = []
    if controls:
        lines.append(
            texts(
                "today-title",
                date=day(date.fromisoformat(str(plan["day"]))),
                everyone="yes" if plan.get("everyone") else "no",
            )
        )
    seen: dict[int, str] = {}
    for item in controls:
        lines.append(
            texts(
                "today-line",
                overdue="yes" if item["overdue"] else "no",
                date=day(date.fromisoformat(str(item["date"]))),
                counterparty=str(item["counterparty"]),
                step=str(item["step"] or "—"),
                author=opt(item.get("author") if plan.get("everyone") else None),
            )
        )
        seen.setdefault(int(item["counterparty_id"]), str(item["counterparty"]))
    if reminders:
        lines.append(texts("today-reminders-title"))
    for r in reminders:
        title_key = "policy-" + str(r["key"]).replace(".", "-")
        lines.append(
            texts(
                "today-reminder-line",
                overdue="yes" if r["overdue"] else "no",
                title=texts(title_key) if texts.has(title_key) else str(r["key"]),
                topic=opt(r.get("topic")),
            )
        )
    rows = [
        [
            InlineKeyboardButton(
                text=short(name), callback_data=ClientCb(action=ClientAction.OPEN, cp=cp_id).pack()
            )
        ]
        for cp_id, name in list(seen.items())[:20]
    ]
    return Rendered("\n".join(lines), keyboard(rows) if rows else None)
