"""Interactions (seed 002, form 2.2): forms, results, the free-text line and control dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.errors import InvalidInput
from reminders.calendar import WorkCalendar

MAX_LINE = 1000
MAX_DAYS_AHEAD = 366


class Form(StrEnum):
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    MEETING = "meeting"
    EMAIL = "email"
    MESSENGER = "messenger"
    VISIT = "visit"
    # written by the bot, not offered on the form buttons
    CLIENT_REQUEST = "client_request"
    REQUEST_ANSWER = "request_answer"
    REGISTRATION = "registration"
    CLAIM = "claim"


LOGGABLE_FORMS: tuple[Form, ...] = (
    Form.CALL_OUT,
    Form.CALL_IN,
    Form.MEETING,
    Form.EMAIL,
    Form.MESSENGER,
    Form.VISIT,
)


class Outcome(StrEnum):
    AGREED = "agreed"
    THINKING = "thinking"
    CALL_BACK = "call_back"
    NO_ANSWER = "no_answer"
    REFUSED = "refused"
    INFO = "info"


def parse_form(value: str) -> Form:
    try:
        form = Form(value)
    except ValueError:
        raise InvalidInput("contact-bad-form") from None
    if form not in LOGGABLE_FORMS:
        raise InvalidInput("contact-bad-form")
    return form


def parse_outcome(value: str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise InvalidInput("contact-bad-outcome") from None


@dataclass(frozen=True, slots=True)
class ContactNote:
    topic: str
    result: str | None
    next_step: str | None


def parse_note(text: str) -> ContactNote:
    """ "тема; результат; следующий шаг" (or one per line); only the topic is required."""
    line = text.strip()
    if not line:
        raise InvalidInput("contact-note-empty")
    if len(line) > MAX_LINE:
        raise InvalidInput("contact-note-too-long", length=str(len(line)), limit=str(MAX_LINE))
    parts = [p.strip() for p in re.split(r"[;\n]", line, maxsplit=2)]
    parts += [""] * (3 - len(parts))
    topic, result, next_step = parts
    if not topic:
        raise InvalidInput("contact-note-empty")
    return ContactNote(topic, result or None, next_step or None)


@dataclass(frozen=True, slots=True)
class QuickDates:
    """Control-date buttons: the next working day, three working days on, a week on."""

    tomorrow: date
    in_three_days: date
    next_week: date


def quick_dates(calendar: WorkCalendar, today: date) -> QuickDates:
    week = today + timedelta(days=7)
    if not calendar.is_working_day(week):
        week = calendar.next_working_day(week)
    return QuickDates(
        tomorrow=calendar.next_working_day(today),
        in_three_days=calendar.add_working_days(today, 3),
        next_week=week,
    )


_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_control_date(text: str, today: date) -> date:
    """A typed control date: "25.11", "25.11.2026", "25/11/26" or "2026-11-25".

    Without a year it is the next such day from today on. Past dates and dates more than a
    year ahead are refused.
    """
    iso = _ISO.match(text)
    match = _DATE.match(text)
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif match:
            d, m, y = int(match.group(1)), int(match.group(2)), match.group(3)
            if y is None:
                day = date(today.year, m, d)
                if day < today:
                    day = date(today.year + 1, m, d)
            else:
                day = date(int(y) + (2000 if len(y) == 2 else 0), m, d)  # noqa: PLR2004
        else:
            raise InvalidInput("contact-bad-date", value=text.strip()[:20])
    except ValueError:
        raise InvalidInput("contact-bad-date", value=text.strip()[:20]) from None
    if day < today:
        raise InvalidInput("contact-date-past", value=day.strftime("%d.%m.%Y"))
    if (day - today).days > MAX_DAYS_AHEAD:
        raise InvalidInput("contact-date-far", value=day.strftime("%d.%m.%Y"))
    return day


def check_control_date(day: date, today: date) -> date:
    if day < today:
        raise InvalidInput("contact-date-past", value=day.strftime("%d.%m.%Y"))
    if (day - today).days > MAX_DAYS_AHEAD:
        raise InvalidInput("contact-date-far", value=day.strftime("%d.%m.%Y"))
    return day
