"""Numbers written in words, as voice-to-text gives them, read into digits.

«сорок восемь пятьдесят рост сто семьдесят шесть четыре штуки» → 48 50 … 176 4;
«третий рост» → 3; «сорок третий» → 43; «три десятка» → 30; «десяток» → 10; «полсотни» → 50;
«полтора десятка» → 15; «пару» → 2; «по паре» → по 1.

A run of number words is cut into numbers the way Russian composes them: hundreds, then tens,
then units, each at most once and in that order (a teen only after hundreds); a word that
cannot continue the number starts the next one. An ordinal ends its number, except that
«пятьдесят второй рост» is 50 and the 2nd height. «десяток/сотня/тысяча» multiply the number
before them. Every form of every number word comes from pymorphy3, once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from types import MappingProxyType

from bot.domain.orders.morphology import forms_of


class _Rank(IntEnum):
    UNIT = 0  # 1-9
    TEEN = 1  # 10-19
    TENS = 2  # 20-90
    HUNDREDS = 3  # 100-900
    MULTIPLIER = 4  # десяток, сотня, тысяча
    WHOLE = 5  # полсотни: a number on its own
    HALF = 6  # полтора: only before a multiplier


_CARDINALS = (
    "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять",
    "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
    "семнадцать", "восемнадцать", "девятнадцать",
)  # fmt: skip
_TENS = ("двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
         "восемьдесят", "девяносто")  # fmt: skip
_HUNDREDS = ("сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот",
             "восемьсот", "девятьсот")  # fmt: skip
_ORDINALS = (
    "первый", "второй", "третий", "четвёртый", "пятый", "шестой", "седьмой", "восьмой",
    "девятый", "десятый", "одиннадцатый", "двенадцатый", "тринадцатый", "четырнадцатый",
    "пятнадцатый", "шестнадцатый", "семнадцатый", "восемнадцатый", "девятнадцатый",
)  # fmt: skip
_ORDINAL_TENS = ("двадцатый", "тридцатый", "сороковой", "пятидесятый", "шестидесятый",
                 "семидесятый", "восьмидесятый", "девяностый")  # fmt: skip
_MULTIPLIERS = {"десяток": 10, "сотня": 100, "тысяча": 1000, "дюжина": 12}
_WHOLE = {"полсотни": 50, "полсотня": 50, "полтинник": 50, "полдюжины": 6}
_MAX_NUMBERED_HEIGHT = 4
_WORD_RE = re.compile(r"[а-яё]+")
_GAP_RE = re.compile(r"[ \t]+")
_HEIGHT_WORD = re.compile(r"[ \t]+рост")
_PAIR_FORMS = frozenset({"пару", "пара", "паре"})
_UNIT_AFTER_RE = re.compile(r"[ \t]+(?:штук|шт|комплект\w*|компл)(?![а-я])")


@dataclass(frozen=True, slots=True)
class _Word:
    value: int
    rank: _Rank
    ordinal: bool


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number read from words: where it was written (in the folded text) and its value."""

    start: int
    end: int
    value: int


@lru_cache(maxsize=1)
def number_forms() -> Mapping[str, _Word]:
    """Every form of every number word → its value and rank (built once per process)."""
    table: dict[str, _Word] = {}

    def add(lemma: str, value: int, rank: _Rank, *, ordinal: bool = False) -> None:
        for form in forms_of(lemma):
            table.setdefault(form, _Word(value, rank, ordinal))

    for i, w in enumerate(_CARDINALS, start=1):
        add(w, i, _Rank.UNIT if i < 10 else _Rank.TEEN)  # noqa: PLR2004
    for i, w in enumerate(_TENS, start=2):
        add(w, i * 10, _Rank.TENS)
    for i, w in enumerate(_HUNDREDS, start=1):
        add(w, i * 100, _Rank.HUNDREDS)
    for i, w in enumerate(_ORDINALS, start=1):
        add(w, i, _Rank.UNIT if i < 10 else _Rank.TEEN, ordinal=True)  # noqa: PLR2004
    for i, w in enumerate(_ORDINAL_TENS, start=2):
        add(w, i * 10, _Rank.TENS, ordinal=True)
    add("сотый", 100, _Rank.HUNDREDS, ordinal=True)
    for w, value in _MULTIPLIERS.items():
        add(w, value, _Rank.MULTIPLIER)
    for w, value in _WHOLE.items():
        add(w, value, _Rank.WHOLE)
    table["полтора"] = table["полторы"] = _Word(15, _Rank.HALF, ordinal=False)
    for form in ("десятка", "десятку"):  # «десятка» is also a noun of its own; here it is 10
        table[form] = _Word(10, _Rank.MULTIPLIER, ordinal=False)
    return MappingProxyType(table)


def read_number_words(low: str, *, keep: frozenset[int] = frozenset()) -> list[NumberSpan]:
    """Numbers written in words in a folded text, in order. `keep`: word starts to leave alone."""
    table = number_forms()
    out: list[NumberSpan] = []
    run: list[tuple[int, int, _Word]] = []

    def flush() -> None:
        out.extend(_numbers(run, low))
        run.clear()

    for m in _WORD_RE.finditer(low):
        word = m.group(0)
        entry = table.get(word)
        if entry is None and word in _PAIR_FORMS:
            entry = _pair(low, m.start(), m.end(), run)
        if entry is None or m.start() in keep:
            flush()
            continue
        if run and not _GAP_RE.fullmatch(low, run[-1][1], m.start()):
            flush()
        run.append((m.start(), m.end(), entry))
    flush()
    return out


def _pair(low: str, start: int, end: int, run: list[tuple[int, int, _Word]]) -> _Word | None:
    """«пару сапог» is 2, «по паре» 1; «две пары», «десяток пар», «5 пар» use it as a unit."""
    if low[start:end] == "паре":
        is_each = re.search(r"(?<![а-я])по\s+$", low[max(0, start - 4) : start]) is not None
        return _Word(1, _Rank.WHOLE, ordinal=False) if is_each else None
    if _UNIT_AFTER_RE.match(low, end):
        return _Word(2, _Rank.WHOLE, ordinal=False)  # «пару штук»
    if run and _GAP_RE.fullmatch(low, run[-1][1], start):
        return None
    if low[start:end] == "пара" and not re.match(r"[ \t]+[а-я]", low[end : end + 2]):
        return None
    if re.search(r"\d\s*$", low[max(0, start - 6) : start]):
        return None
    return _Word(2, _Rank.WHOLE, ordinal=False)


def _numbers(run: list[tuple[int, int, _Word]], low: str) -> list[NumberSpan]:
    out: list[NumberSpan] = []
    start = end = -1
    value = 0
    lowest: _Rank | None = None
    is_closed = False
    pending_half = False
    count = 0  # words in the number being read

    def close() -> None:
        nonlocal start, value, lowest, is_closed, count
        if start >= 0:
            out.append(NumberSpan(start, end, value))
        start, value, lowest, is_closed, count = -1, 0, None, False, 0

    for s, e, w in run:
        if w.rank is _Rank.HALF:
            close()
            start, end, value, pending_half = s, e, 1, True
            lowest, is_closed = _Rank.WHOLE, True
            continue
        if w.rank is _Rank.MULTIPLIER:
            if start >= 0 and (pending_half or (lowest is _Rank.UNIT and count == 1)):
                value = value * w.value + (w.value // 2 if pending_half else 0)
                end = e  # «три десятка», «полтора десятка»
            else:
                close()  # «пятьдесят четыре десяток»: 54, then ten
                start, end, value = s, e, w.value
            pending_half = False
            close()
            continue
        pending_half = False
        height_ordinal = (
            w.ordinal
            and w.value <= _MAX_NUMBERED_HEIGHT
            and _HEIGHT_WORD.match(low, e) is not None
        )
        if start >= 0 and not is_closed and not height_ordinal and _continues(lowest, w.rank):
            value += w.value
            end, lowest, count = e, w.rank, count + 1
        else:
            close()
            start, end, value, lowest, count = s, e, w.value, w.rank, 1
        if w.ordinal or w.rank is _Rank.WHOLE:
            is_closed = True
    close()
    return out


def _continues(lowest: _Rank | None, rank: _Rank) -> bool:
    if lowest is None or rank >= lowest:
        return False
    if lowest is _Rank.TENS:
        return rank is _Rank.UNIT
    return lowest is _Rank.HUNDREDS and rank in (_Rank.TENS, _Rank.TEEN, _Rank.UNIT)
