"""Phone numbers as managers type them, normalised to E.164 with an optional extension.

``normalize_phone("8 (8202) 71-04-57 доб. 208")`` gives ``+78202710457;ext=208``. A number
without a country code is read in ``region`` (a leading 8 is the Russian trunk prefix). The
result round-trips: ``normalize_phone(str(phone)) == phone``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from bot.domain.errors import InvalidInput

_EXTENSION_SEPARATOR = ";ext="
# Russian spellings of "extension" that phonenumbers does not know ("доб." it does).
_EXTRA_EXTENSION_WORDS = re.compile(r"\b(?:внутр|вн)\b\.?", re.IGNORECASE)


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
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, extension=number.extension or None)


def split_phones(text: str) -> list[str]:
    """Split a ``;``-separated phones field into its non-empty, stripped parts."""
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
