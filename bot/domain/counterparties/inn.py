"""INN and KPP: the tax identifiers of a counterparty.

An INN has 10 digits (an organisation) or 12 digits (an individual, e.g. an ИП) and ends in
check digits computed by the Federal Tax Service rules. ``validate_inn`` checks a stored value:
it strips surrounding whitespace (a pasted " 3528972289 " is fine) but rejects anything inside
the number, naming the first rule broken in the order empty → spaces → letters → symbols →
length → checksum. ``parse_typed_inn`` is the separate input-normalisation step for what a
person typed ("3528 767 191", "2901-373731"): it drops spaces and dashes, then validates.

The mod-11 check has a known blind spot: a remainder of 10 and of 0 both give the check digit 0,
so a single mistyped digit can, rarely, turn one valid INN into another.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain.errors import InvalidInput

_DIGITS = frozenset("0123456789")
_ORGANISATION_LENGTH = 10
_INDIVIDUAL_LENGTH = 12
_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_TYPED_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")


class InnFault(StrEnum):
    """Why a value is not an INN; the values are the ``reason`` param of ``error-inn``."""

    EMPTY = "empty"
    SPACES = "spaces"
    LETTERS = "letters"
    SYMBOLS = "symbols"
    LENGTH = "length"
    CHECKSUM = "checksum"


class InvalidInn(InvalidInput):
    """An INN failed validation; ``reason`` says which rule it broke first."""

    def __init__(self, reason: InnFault) -> None:
        super().__init__("error-inn", reason=reason)
        self.reason = reason


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    """The check digit for ``digits`` (as many as ``weights``): weighted sum mod 11 mod 10."""
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10


def _has_valid_checksum(inn: str) -> bool:
    if len(inn) == _ORGANISATION_LENGTH:
        return _check_digit(inn[:9], _WEIGHTS_10) == int(inn[9])
    return _check_digit(inn[:10], _WEIGHTS_11) == int(inn[10]) and (
        _check_digit(inn[:11], _WEIGHTS_12) == int(inn[11])
    )


def inn_fault(value: str) -> InnFault | None:
    """The first rule ``value`` (already stripped) breaks, or None for a valid INN."""
    if not value:
        return InnFault.EMPTY
    if any(ch.isspace() for ch in value):
        return InnFault.SPACES
    if any(ch.isalpha() for ch in value):
        return InnFault.LETTERS
    if not set(value) <= _DIGITS:
        return InnFault.SYMBOLS
    if len(value) not in (_ORGANISATION_LENGTH, _INDIVIDUAL_LENGTH):
        return InnFault.LENGTH
    if not _has_valid_checksum(value):
        return InnFault.CHECKSUM
    return None


def validate_inn(value: str) -> str:
    """Return the INN without surrounding whitespace, or raise ``InvalidInn``."""
    inn = value.strip()
    fault = inn_fault(inn)
    if fault is not None:
        raise InvalidInn(fault)
    return inn


def parse_typed_inn(value: str) -> str:
    """Validate an INN as a person typed it: spaces and dashes between digits are dropped."""
    return validate_inn(_TYPED_SEPARATORS.sub("", value))


def validate_kpp(value: str) -> str:
    """Return the KPP without surrounding whitespace, or raise ``InvalidInput("error-kpp")``.

    A KPP is 9 characters: 4 digits (tax office), 2 digits or upper-case Latin letters
    (reason code), 3 digits.
    """
    kpp = value.strip()
    if not _KPP.fullmatch(kpp):
        raise InvalidInput("error-kpp")
    return kpp
