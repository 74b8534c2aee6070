"""The words of a breakdown: the text after a model mention cut into tokens (sizes, spans,
heights, quantities, units, colours, separators) for `order_entries` to read."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.orders.lexicon import NUMBER_PHRASE_RE, UNIT_RE, number_phrase_value

_TOKEN_RE = re.compile(
    r"(?P<same>(?:те|тех|тем|такие|таких|таким)\s+же\s+размер\w*"
    r"(?P<same_qty>\s+и\s+(?:кол-?\s?во|количеств\w*))?)"
    r"|(?P<span>(?<![\d\w])с\s+(\d{2})\s+(?:по|до)\s+(\d{2})(?!\d))"
    r"|(?P<sh>(\d{2,3})[-/–](\d{2,3})\s*/\s*(\d{3})(?:[-–](\d{3}))?)(?!\d)"
    r"|(?P<pair>(\d{1,3})[-–/](\d{1,3}))(?![\d/])"
    r"|(?P<neg>(?<![\w\-−])[-−](\d+))(?=\s*(?:шт|пар|компл))"
    r"|(?P<mult>(\d{1,4})\s+(?:десят(?:ок|ка|ков)|сот(?:ня|ни|ен)))(?![а-я])"
    r"|(?P<num>\d+)"
    rf"|(?P<words>{NUMBER_PHRASE_RE.pattern})"
    r"|(?P<hkw>(?<![а-я])рост\w*)"
    r"|(?P<skw>(?<![а-я])(?:р-р|размер\w*|разм\.?|р\.?)(?![а-я]))"
    rf"|(?P<unit>(?<![а-я]){UNIT_RE.pattern})"
    r"|(?P<po>(?<![а-я])по(?![а-я]))"
    r"|(?P<dash>[-–—])"
    r"|(?P<sep>[,;\n¦+:()!?]|\.(?!\d)|(?<![а-я])и(?![а-я]))"
    r"|(?P<word>[^\W\d_]+)"
)


class Tok(StrEnum):
    SAME = "same"
    SPAN = "span"
    SH = "sh"
    PAIR = "pair"
    NUM = "num"
    HKW = "hkw"
    SKW = "skw"
    UNIT = "unit"
    PO = "po"
    DASH = "dash"
    SEP = "sep"
    WORD = "word"
    COLOUR = "colour"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Tok
    start: int
    end: int
    text: str
    numbers: tuple[int, ...] = ()
    colour: int = -1


def tokenize(work: str, start: int, end: int, colours: Sequence[tuple[int, int]]) -> list[Token]:
    """Tokens of work[start:end]; `colours` are (start, end) spans, emitted as COLOUR tokens."""
    out: list[Token] = []
    pos = start
    spans = sorted((s, e, i) for i, (s, e) in enumerate(colours) if start <= s < end)
    ci = 0
    while pos < end:
        if ci < len(spans) and spans[ci][0] <= pos:
            s, e, idx = spans[ci]
            ci += 1
            if s >= pos:
                out.append(Token(Tok.COLOUR, s, e, work[s:e], colour=idx))
                pos = e
            continue
        limit = spans[ci][0] if ci < len(spans) else end
        m = _TOKEN_RE.search(work, pos, limit)
        if m is None:
            pos = limit
            continue
        out.append(_token(m))
        pos = m.end()
    return out


_KINDS = {
    "same": Tok.SAME, "span": Tok.SPAN, "sh": Tok.SH, "pair": Tok.PAIR, "neg": Tok.NUM,
    "num": Tok.NUM, "words": Tok.NUM, "mult": Tok.NUM, "hkw": Tok.HKW, "skw": Tok.SKW,
    "unit": Tok.UNIT, "po": Tok.PO, "dash": Tok.DASH, "sep": Tok.SEP, "word": Tok.WORD,
}  # fmt: skip


def _token(m: re.Match[str]) -> Token:
    group = m.lastgroup or "word"
    kind = _KINDS.get(group, Tok.WORD)
    text = m.group(0)
    nums: tuple[int, ...] = ()
    if kind in (Tok.SPAN, Tok.SH, Tok.PAIR):
        nums = tuple(int(x[:6]) for x in re.findall(r"\d+", text))
    elif group == "neg":
        nums = (-int(text[1:][:9]),)
    elif group == "mult":
        base = int(re.findall(r"\d+", text)[0])
        nums = (base * (100 if "сот" in text else 10),)
    elif group == "words":
        value = number_phrase_value(text)
        if value is None:
            return Token(Tok.WORD, m.start(), m.end(), text)
        nums = (value,)
    elif kind is Tok.NUM:
        nums = (int(text[:9]),)
    return Token(kind, m.start(), m.end(), text, nums)
