"""Numbers people and buttons give us: ids and counts parsed strictly.

``str.isdigit()`` is true for ``"²"`` and ``"①"``, which ``int()`` refuses, and an id typed or
packed into a button may be any length; a database id is at most ``MAX_ID`` (INTEGER on
PostgreSQL). Everything that turns text into an id goes through here.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**31 - 1
MAX_DIGITS = 18  # a count or an amount typed: well within int64

RowId = Annotated[int, Field(ge=0, le=MAX_ID)]  # a row id in callback data
Index = Annotated[int, Field(ge=-1, le=MAX_ID)]  # a position index, -1: none


def is_digits(text: str) -> bool:
    """Only ASCII 0-9, at least one."""
    return text.isascii() and text.isdigit()


def parse_id(text: str) -> int | None:
    """A database id from text, or None when it is not one (other digits, too big, zero)."""
    text = text.strip()
    if not is_digits(text) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_count(text: str) -> int | None:
    """A non-negative whole number typed (ASCII digits, at most ``MAX_DIGITS`` of them)."""
    text = text.strip()
    if not is_digits(text) or len(text) > MAX_DIGITS:
        return None
    return int(text)
