"""What people type after pressing a task's button: a shortage per line, an expected date,
a tracking number, a comment, a new quantity. Each parser returns the value or raises
`InvalidInput` with the message key the person is shown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from bot.domain.errors import InvalidInput
from bot.domain.ids import parse_count
from bot.domain.orders.dates import find_deadline

MAX_QTY = 100_000
MAX_COMMENT = 1000
MAX_TRACKING = 64
MAX_DAYS_AHEAD = 366
_PAIR_RE = re.compile(r"(\d+)\s*[:\-–—=x×]?\s*(\d+)")
_NUMBER_RE = re.compile(r"\d+")
_TRACKING_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё\-/ ]*")


def parse_shortage(text: str, lines: Mapping[int, int]) -> dict[int, int]:
    """Missing quantities by line number: "5" for a one-line task, else "2: 5; 3: 1".

    `lines` maps the card's line numbers to their quantities."""
    body = text.strip()
    if not body:
        raise InvalidInput("task-shortage-format")
    numbers = _NUMBER_RE.findall(body)
    if len(lines) == 1 and len(numbers) == 1:
        pairs = [(next(iter(lines)), int(numbers[0]))]
    else:
        pairs = [(int(a), int(b)) for a, b in _PAIR_RE.findall(body)]
        if not pairs or len(numbers) != 2 * len(pairs):
            raise InvalidInput("task-shortage-format")
    out: dict[int, int] = {}
    for line, qty in pairs:
        if line not in lines:
            raise InvalidInput("task-shortage-no-line", line=line)
        if qty <= 0 or qty > lines[line]:
            raise InvalidInput("task-shortage-qty", line=line, qty=qty, limit=lines[line])
        out[line] = qty
    return out


def parse_expected_date(text: str, today: date) -> date:
    """ "25.11", "завтра", "через 3 дня", "к пятнице"; not in the past, within a year."""
    body = " ".join(text.lower().split())
    if not body:
        raise InvalidInput("task-date-format")
    found = find_deadline(body, today, [])
    if found is None:
        raise InvalidInput("task-date-format")
    if found < today:
        raise InvalidInput("task-date-past", date=found.strftime("%d.%m.%Y"))
    if found > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput("task-date-far", date=found.strftime("%d.%m.%Y"))
    return found


def parse_tracking(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise InvalidInput("task-tracking-format")
    if len(value) > MAX_TRACKING:
        raise InvalidInput("task-tracking-too-long", limit=MAX_TRACKING)
    if not _TRACKING_RE.fullmatch(value) or not any(c.isdigit() for c in value):
        raise InvalidInput("task-tracking-format")
    return value


def parse_comment(text: str) -> str:
    value = text.strip()
    if not value:
        raise InvalidInput("my-order-comment-empty")
    if len(value) > MAX_COMMENT:
        raise InvalidInput("my-order-comment-too-long", length=len(value), limit=MAX_COMMENT)
    return value


def parse_new_qty(text: str) -> int:
    """A position's new quantity; 0 removes it."""
    value = text.strip()
    qty = parse_count(value)
    if qty is None:
        raise InvalidInput("my-order-qty-format")
    if qty > MAX_QTY:
        raise InvalidInput("my-order-qty-too-big", limit=MAX_QTY)
    return qty
