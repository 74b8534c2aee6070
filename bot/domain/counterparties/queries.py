"""What /find was given: an e-mail, digits (an INN, a phone, or a fragment of either) or a
piece of a name. Each kind is looked up its own way."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.counterparties.emails import normalize_email
from bot.domain.counterparties.fields import search_name
from bot.domain.counterparties.inn import inn_fault
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.errors import InvalidInput
from bot.domain.ids import is_digits

MIN_QUERY = 2
MIN_DIGITS = 4
MAX_QUERY = 200
_INN_LENGTHS = (10, 12)
_PHONE_MIN_DIGITS = 10
_DIGIT_NOISE = re.compile(r"[\s\-()+.]")


@dataclass(frozen=True, slots=True)
class ByEmail:
    address: str


@dataclass(frozen=True, slots=True)
class ByName:
    words: str  # as `search_name` folds a company name


@dataclass(frozen=True, slots=True)
class ByDigits:
    """Tried in this order: the whole INN, the whole phone, then a fragment of either."""

    digits: str
    inn: str | None  # the digits are a valid INN
    phone: str | None  # the text is a valid phone (E.164)
    is_fragment_long_enough: bool


SearchQuery = ByEmail | ByName | ByDigits


def parse_query(query: str) -> SearchQuery:
    text = query.strip()
    if not text:
        raise InvalidInput("find-usage")
    if len(text) > MAX_QUERY:
        raise InvalidInput("find-too-long", limit=str(MAX_QUERY))
    if "@" in text:
        try:
            return ByEmail(normalize_email(text))
        except InvalidInput:
            raise InvalidInput("find-bad-email", value=text[:60]) from None
    digits = _DIGIT_NOISE.sub("", text)
    if is_digits(digits):
        return ByDigits(
            digits,
            inn=digits if len(digits) in _INN_LENGTHS and inn_fault(digits) is None else None,
            phone=_phone(text) if len(digits) >= _PHONE_MIN_DIGITS else None,
            is_fragment_long_enough=len(digits) >= MIN_DIGITS,
        )
    words = search_name(text)
    if len(words.replace(" ", "")) < MIN_QUERY:
        raise InvalidInput("find-too-short")
    return ByName(words)


def _phone(text: str) -> str | None:
    try:
        return normalize_phone(text).e164
    except InvalidInput:
        return None
