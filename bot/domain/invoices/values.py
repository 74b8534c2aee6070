"""Reading what people type or files hold: amounts (roubles → kopecks), dates, numbers."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.domain.errors import InvalidInput

MAX_NUMBER = 64
MAX_KOPECKS = 10**15
_DATE_RU = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?$")


def parse_amount(text: str) -> int:
    """«632006.90», «632 006,90», «1 000 ₽» → kopecks; InvalidInput invoice-bad-amount."""
    cleaned = re.sub(r"[\s\u00a0₽]|руб\.?|р\.", "", text.strip().lower()).replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput("invoice-bad-amount", value=text[:32]) from None
    kopecks = value * 100
    if kopecks != kopecks.to_integral_value() or not 0 < kopecks < MAX_KOPECKS:
        raise InvalidInput("invoice-bad-amount", value=text[:32])
    return int(kopecks)


def parse_date(text: str, today: date) -> date:
    """ISO (2026-11-23) or Russian (23.11.2026, 23.11.26, 23.11 — this year);
    InvalidInput invoice-bad-date."""
    value = text.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    found = _DATE_RU.match(value)
    if found:
        day, month, year = found.groups()
        century = 2000 if year is not None and len(year) == 2 else 0  # noqa: PLR2004
        full = today.year if year is None else int(year) + century
        try:
            return date(full, int(month), int(day))
        except ValueError:
            pass
    raise InvalidInput("invoice-bad-date", value=value[:32])


def clean_number(text: str) -> str:
    number = " ".join(text.split())
    if not number or len(number) > MAX_NUMBER:
        raise InvalidInput("invoice-bad-number", value=number[:32])
    return number


def roubles(kopecks: int) -> str:
    """1234567 → «12 345,67»."""
    whole, part = divmod(abs(kopecks), 100)
    sign = "−" if kopecks < 0 else ""
    return f"{sign}{whole:,}".replace(",", "\u00a0") + f",{part:02d}"
