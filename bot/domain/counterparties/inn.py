"""INN and KPP: the tax identifiers of a counterparty.

An INN has 10 digits (an organisation) or 12 digits (an individual, e.g. an ИП) and ends in
check digits computed by the Federal Tax Service rules. ``validate_inn`` checks a stored value:
it strips surrounding whitespace (a pasted " 3528972289 " is fine) but rejects anything inside
the number, naming the first rule broken in the order empty → spaces → letters → symbols →
length → checksum. ``parse_typed_inn`` is the separate input-normalisation step for what a
person typed ("3528 767 191", "2901-373731", "ИНН: 3528972289"): it drops a leading label,
spaces and dashes, then validates. ``find_tax_ids`` reads the INNs and KPPs written anywhere in a
free text (a name cell with "инн/кпп 3528972289/352801001"); ``read_inn_field`` reads an INN
field as it arrives in an incoming record (labelled, in groups, with its KPP after a slash).

The mod-11 check has a known blind spot: a remainder of 10 and of 0 both give the check digit 0,
so a single mistyped digit can, rarely, turn one valid INN into another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_KPP_LENGTH = 9
_INN_LABEL = r"(?:инн|inn)"
_KPP_LABEL = r"(?:кпп|kpp)"
_LABEL_TAIL = r"\s*(?:[:№#.]\s*)?"
_DIGIT_RUN = r"\d(?:[\s\-‐‑‒–—]?\d)*"
_LEADING_INN_LABEL = re.compile(rf"^\s*{_INN_LABEL}\b{_LABEL_TAIL}", re.IGNORECASE)
# "ИНН/КПП 3528972289/352801001", "ИНН 3528 972 289", "инн: 3528972289, КПП 352801001":
# a label, then digits in any grouping, then optionally a slash (or a КПП label) and the KPP.
_LABELLED = re.compile(
    rf"(?<![^\W\d_])(?P<label>{_INN_LABEL}(?:\s*[/\\,]\s*{_KPP_LABEL})?|{_KPP_LABEL})"
    rf"(?![^\W\d_]){_LABEL_TAIL}(?P<value>{_DIGIT_RUN})"
    rf"(?:\s*(?:[/\\]|,?\s*{_KPP_LABEL}{_LABEL_TAIL})\s*(?P<kpp>{_DIGIT_RUN}))?",
    re.IGNORECASE,
)
# An unlabelled "3528972289/352801001" (INN/KPP) or a 12-digit INN of an individual.
_BARE_PAIR = re.compile(r"(?<!\d)(?P<value>\d{10}|\d{12})\s*/\s*(?P<kpp>\d{9})(?!\d)")
_LEADING_RUN = re.compile(
    rf"\s*(?:{_INN_LABEL}{_LABEL_TAIL})?(?P<value>{_DIGIT_RUN})(?:\s*[/\\]\s*(?P<kpp>{_DIGIT_RUN}))?",
    re.IGNORECASE,
)
_BARE_INDIVIDUAL = re.compile(r"(?<![\d\-+])(?P<value>\d{12})(?![\d\-])")


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
    """Validate an INN as a person typed it: a leading "ИНН"/"ИНН:" label and the spaces and
    dashes between digits are dropped."""
    return validate_inn(_TYPED_SEPARATORS.sub("", _LEADING_INN_LABEL.sub("", value)))


def validate_kpp(value: str) -> str:
    """Return the KPP without surrounding whitespace, or raise ``InvalidInput("error-kpp")``.

    A KPP is 9 characters: 4 digits (tax office), 2 digits or upper-case Latin letters
    (reason code), 3 digits.
    """
    kpp = value.strip()
    if not _KPP.fullmatch(kpp):
        raise InvalidInput("error-kpp")
    return kpp


def is_valid_inn(value: str) -> bool:
    return inn_fault(value) is None


def is_valid_kpp(value: str) -> bool:
    return _KPP.fullmatch(value) is not None


@dataclass(frozen=True, slots=True)
class TaxIds:
    """INNs and KPPs read from a text; ``rest`` is the text with them (and their labels) cut."""

    inns: tuple[str, ...] = ()
    kpps: tuple[str, ...] = ()
    rest: str = ""


def _split_digits(digits: str) -> tuple[str, str]:
    """An INN (and a KPP typed right after it) from one run of digits; ("", "") if none."""
    if is_valid_inn(digits):
        return digits, ""
    for length in (_ORGANISATION_LENGTH, _INDIVIDUAL_LENGTH):
        inn, kpp = digits[:length], digits[length:]
        if len(kpp) == _KPP_LENGTH and is_valid_inn(inn) and is_valid_kpp(kpp):
            return inn, kpp
    return "", ""


def _split_run(run: str) -> tuple[str, str]:
    """Like ``_split_digits`` for a run of digit groups ("3528 972 289 8 921 866 20 11"): when
    the whole run is no INN, the longest valid INN ending at a group boundary is taken."""
    found = _split_digits(_digits(run))
    if found[0]:
        return found
    digits = ""
    best = ""
    for group in re.split(r"[\s\-‐‑‒–—]+", run):
        digits += group
        if len(digits) > _INDIVIDUAL_LENGTH:
            break
        if is_valid_inn(digits):
            best = digits
    return best, ""


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def find_tax_ids(text: str) -> TaxIds:
    """Labelled INNs and KPPs anywhere in ``text``, and unlabelled INN/KPP pairs and 12-digit
    INNs; an unlabelled 10-digit number is left alone (it may be a phone). Only checksum-valid
    INNs and well-formed KPPs count; what is read is cut out of ``rest``."""
    inns: list[str] = []
    kpps: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _LABELLED.finditer(text):
        value, kpp = _digits(match["value"]), _digits(match["kpp"])  # KPP: digits only here
        if match["label"].lower().startswith(("кпп", "kpp")):
            found_inn, found_kpp = "", value if is_valid_kpp(value) else ""
        else:
            found_inn, found_kpp = _split_run(match["value"])
            if kpp and is_valid_kpp(kpp):
                found_kpp = found_kpp or kpp
        if found_inn or found_kpp:
            inns += [found_inn] if found_inn else []
            kpps += [found_kpp] if found_kpp else []
            spans.append(match.span())
    for pattern in (_BARE_PAIR, _BARE_INDIVIDUAL):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in spans):
                continue
            found_inn = match["value"] if is_valid_inn(match["value"]) else ""
            kpp = match.groupdict().get("kpp") or ""
            if found_inn and (not kpp or is_valid_kpp(kpp)):
                inns.append(found_inn)
                kpps += [kpp] if kpp else []
                spans.append(match.span())
    rest = text
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    return TaxIds(tuple(dict.fromkeys(inns)), tuple(dict.fromkeys(kpps)), _tidy(rest))


def _tidy(text: str) -> str:
    """Drop the brackets and separators left empty by a cut: "Кулинар ( )" → "Кулинар"."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"[(\[{]\s*[,;:/]*\s*[)\]}]", " ", text)
    return " ".join(text.split()).strip(" ,;:/")


def read_inn_field(text: str) -> TaxIds:
    """An INN field as it arrives: "3528972289", "ИНН: 3528 972 289", "35 25 45 97 45",
    "3528972289/352801001", "3528972289 КПП 352801001"; an invalid value gives no INN (it is
    no evidence either way)."""
    try:
        return TaxIds(inns=(parse_typed_inn(text),))
    except InvalidInput:
        pass
    found = find_tax_ids(text)
    if found.inns:
        return found
    leading = _LEADING_RUN.match(text)
    if leading is None:
        return found
    inn, kpp = _split_run(leading["value"])
    tail = _digits(leading["kpp"])
    kpp = kpp or (tail if is_valid_kpp(tail) else "")
    return TaxIds(
        inns=(inn,) if inn else (),
        kpps=tuple(dict.fromkeys((*([kpp] if kpp else []), *found.kpps))),
    )


def read_kpp_field(text: str) -> str:
    """A KPP field, labelled or not ("КПП 352801001"); "" when it holds no well-formed KPP."""
    value = re.sub(rf"^\s*{_KPP_LABEL}{_LABEL_TAIL}", "", text, flags=re.IGNORECASE).strip()
    return value if is_valid_kpp(value) else ""
