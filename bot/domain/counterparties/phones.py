"""Phone numbers as managers type them, normalised to E.164 with an optional extension.

``normalize_phone("8 (8202) 71-04-57 доб. 208")`` gives ``+78202710457;ext=208``. A number
without a country code is read in ``region`` (a leading 8 is the Russian trunk prefix). The
result round-trips: ``normalize_phone(str(phone)) == phone``. ``find_phones`` reads every number
of a free-text cell ("(8182) 71-61-89 доб. 2, 8 977 609 53 45", "tel:+7-905-643-90-63").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from bot.domain.errors import InvalidInput

_EXTENSION_SEPARATOR = ";ext="
# Russian spellings of "extension" that phonenumbers does not know ("доб." it does).
_EXTRA_EXTENSION_WORDS = re.compile(
    r"(?<![^\W\d_])(?:добавочный|добавочн|внутренний|внутр|вн)(?![^\W\d_])\.?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid phone number: ``e164`` such as ``+79218662011`` and an optional extension."""

    e164: str
    extension: str | None = None

    def __str__(self) -> str:
        if self.extension:
            return f"{self.e164}{_EXTENSION_SEPARATOR}{self.extension}"
        return self.e164


def normalize_phone(raw: str, region: str = "RU") -> Phone:
    """Parse ``raw`` into a ``Phone`` or raise ``InvalidInput("error-phone")``."""
    text = _EXTRA_EXTENSION_WORDS.sub(" ext. ", raw.strip())
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidInput("error-phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput("error-phone")
    return _phone(number)


def split_phones(text: str) -> list[str]:
    """Split a ``;``-separated phones field into its non-empty, stripped parts."""
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def find_phones(text: str, region: str = "RU") -> list[Phone]:
    """Every valid phone number in ``text``, in order and without repeats.

    The cell may hold several numbers with any separators, ``tel:`` links, labels ("тел.",
    "моб.") and extensions; a part the scanner finds nothing in is still tried as a whole.
    """
    found: list[Phone] = []
    for part in re.split(r";(?!ext=)|\n", text):
        prepared = _EXTRA_EXTENSION_WORDS.sub(" ext. ", part)
        matches = list(phonenumbers.PhoneNumberMatcher(prepared, region))
        if matches:
            found += [_phone(m.number) for m in matches]
        elif part.strip():
            try:
                found.append(normalize_phone(part, region))
            except InvalidInput:
                continue  # no number in this part
    return list(dict.fromkeys(found))


def _phone(number: phonenumbers.PhoneNumber) -> Phone:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, extension=number.extension or None)
