"""Reminder messages (the engine's frame around a kind's view) and /policies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.services.reminders.policy_settings import (
    PolicyChoices,
    PolicyField,
    PolicyLine,
    PolicyTable,
)
from bot.texts import Texts
from bot.views.callbacks import PolicyCb, ReminderCb
from bot.views.rendered import Rendered, keyboard
from reminders.policies import OffsetUnit, PolicyStep

Render = Callable[[Texts, str, dict[str, Any]], Rendered]
_OFFSET_STEP = {OffsetUnit.WORKING_MINUTES: 15, OffsetUnit.DAYS: 1, OffsetUnit.WORKING_DAYS: 1}


def reminder(texts: Texts, params: dict[str, Any], render: Render) -> Rendered:
    """The kind's view, a late mark, then done / snooze buttons and the kind's (or, once
    somebody acted, who did what instead of the buttons)."""
    body = render(texts, str(params["body"]), dict(params["params"]))
    lines = [body.text]
    if params.get("late"):
        lines.append(texts("reminder-late"))
    closed = params.get("closed")
    if closed:
        lines.append(_closed(texts, closed))
        return Rendered("\n\n".join(lines))
    rid = int(params["id"])
    rows = [
        [_press(texts("reminder-button-done"), rid, "done")],
        [
            _press(texts("reminder-button-hour"), rid, "hour"),
            _press(texts("reminder-button-morning"), rid, "morning"),
        ],
    ]
    rows += [[_press(texts(label), rid, action)] for action, label in params.get("buttons", [])]
    return Rendered("\n\n".join(lines), keyboard(rows))


def reminder_follow_up(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("reminder-follow-up", number=params["number"], client=str(params["client"]))
    )


def acted(texts: Texts, until: datetime | None, answer: str | None, zone: ZoneInfo) -> str:
    """The answer to a press on a reminder's button."""
    if answer:
        return texts(answer)
    if until is not None:
        return texts("reminder-snoozed", until=_when(until, zone))
    return texts("reminder-done")


def _closed(texts: Texts, closed: Mapping[str, Any]) -> str:
    who = str(closed.get("who") or "—")
    zone = ZoneInfo(str(closed.get("zone") or "UTC"))
    if closed.get("until"):
        until = datetime.fromisoformat(str(closed["until"]))
        return texts("reminder-closed-snoozed", who=who, until=_when(until, zone))
    at = datetime.fromisoformat(str(closed["at"]))
    return texts("reminder-closed-done", who=who, at=_when(at, zone))


def _when(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%d.%m %H:%M")


def _press(text: str, reminder_id: int, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=ReminderCb(id=reminder_id, a=action).pack()
    )


# --- /policies ------------------------------------------------------------------------------


def policy_table(texts: Texts, table: PolicyTable) -> Rendered:
    out = [texts("policies-title")]
    rows = []
    for line in table.lines:
        out.append(_line(texts, line, table.departments))
        rows.append([_button(_title(texts, line.step), PolicyCb(k=line.key))])
    out.append(texts("policies-hint"))
    return Rendered("\n".join(out), keyboard(rows))


def policy_screen(texts: Texts, choices: PolicyChoices) -> Rendered:
    line, step = choices.line, choices.line.step
    key = line.key
    out = [_line(texts, line, choices.departments), texts("policy-choose-recipient")]
    toggle = "policy-button-off" if step.enabled else "policy-button-on"
    rows = [
        [
            _button(
                texts(toggle),
                PolicyCb(k=key, f=PolicyField.ENABLED, v="0" if step.enabled else "1"),
            )
        ]
    ]
    if step.unit is not None:
        delta = _OFFSET_STEP[step.unit]
        less, more = str(step.offset - delta), str(step.offset + delta)
        rows.append(
            [
                _button(f"−{delta}", PolicyCb(k=key, f=PolicyField.OFFSET, v=less)),
                _button(f"+{delta}", PolicyCb(k=key, f=PolicyField.OFFSET, v=more)),
            ]
        )
    for i, choice in enumerate(choices.recipients):
        mark = "• " if choice == step.to else ""
        label = mark + _recipient(texts, choice, choices.departments)
        rows.append([_button(label, PolicyCb(k=key, f=PolicyField.TO, v=str(i)))])
    if line.changed:
        rows.append([_button(texts("policy-button-reset"), PolicyCb(k=key, f=PolicyField.RESET))])
    rows.append([_button(texts("policy-button-back"), PolicyCb())])
    return Rendered("\n".join(out), keyboard(rows))


def _line(texts: Texts, line: PolicyLine, departments: Mapping[str, str]) -> str:
    step = line.step
    return texts(
        "policy-line",
        state="on" if step.enabled else "off",
        title=_title(texts, step),
        when=_when_text(texts, step),
        to=_recipient(texts, step.to, departments),
        changed="yes" if line.changed else "no",
    )


def _title(texts: Texts, step: PolicyStep) -> str:
    key = f"policy-{step.policy}-{step.step}"
    return texts(key) if texts.has(key) else step.key


def _when_text(texts: Texts, step: PolicyStep) -> str:
    at = step.at.strftime("%H:%M") if step.at else ""
    unit = step.unit.value if step.unit else "none"
    return texts(f"policy-when-{unit}", offset=step.offset, days=abs(step.offset), at=at,
                 before="yes" if step.offset < 0 else "no")  # fmt: skip


def _recipient(texts: Texts, to: str, departments: Mapping[str, str]) -> str:
    key = f"policy-to-{to}"
    if texts.has(key):
        return texts(key)
    return texts("policy-to-chat", department=departments.get(to, to))


def _button(text: str, data: PolicyCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())
