"""The words of a breakdown: the text after a model mention cut into tokens (sizes, spans,
heights, quantities, units, colours, separators, carry-over words) for `entries` to read.

Numbers written in words are digits by now (`text.normalise`). The notations read here:
`52-54`, `52/54`, `р.52`, `52-54/182-188`, `52/182`, `48-50/2р`, `3 рост`, `рост 3`, `3р`,
`с 48 по 56`, `от 44 до 52`, `с 48-50 по 60-62`, `41х3`, `42(2)`, `42-4п`, `x3`, `*2`, `×4`,
`4 pcs`, `10-й размер`, `всего 20 компл` (a total, no quantity), `те же размеры и кол-во`,
`такой же раскладкой`, `того же цвета`, `столько же`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.orders.lexicon import UNIT_RE

_TOKEN_RE = re.compile(
    r"(?P<same>(?<![а-я])(?:(?:те|тех|тем|такие|таких|таким|такой|такая|такую|того|той|тот|то"
    r"|та)\s+же|теже)(?:\s+сам\w*)?(?P<tail>(?:[\s,]+(?:и\s+|в\s+)?(?:размер\w*|рост\w*"
    r"|раскладк\w*|сетк\w*|цвет\w*|кол-?\s?в\w*|количеств\w*))*))"
    r"|(?P<sameqty>(?<![а-я])столько\s+же)"
    r"|(?P<total>(?<![а-я])(?:всего|итого)\s*:?\s*\d+\s*(?:шт\w*|пар\w*|компл\w*|ед\w*)?\.?)"
    r"|(?P<span>(?<![\d\w])(?:с|от)\s+(?P<span_a>\d{2})(?:[-/]\d{2})?\s+(?:по|до)\s+(?P<span_b>\d{2})(?:[-/]\d{2})?"
    r"(?!\d))"
    r"|(?P<shn>(\d{2,3})[-/–](\d{2,3})\s*/\s*([1-4])\s*(?:р|рост)\.?(?![а-я\d]))"
    r"|(?P<sh>(\d{2,3})[-/–](\d{2,3})\s*/\s*(\d{3})(?:[-–](\d{3}))?)(?!\d)"
    r"|(?P<sh1>(?<![\d/-])(\d{2})\s*/\s*(\d{3})(?:[-–](\d{3}))?)(?!\d)"
    r"|(?P<pair>(\d{1,3})[-–/](\d{1,3}))(?![\d/])"
    r"|(?P<spaced>(?<![\d\-/])(\d{2})[ \t]+(\d{2}))(?![\d/\-])"
    r"|(?P<sizeqty>(?<![\d/\-])(\d{2})\s*[xх×*]\s*(\d{1,3}))(?![\d/])"
    r"|(?P<xqty>(?<![\w])[xх×*]\s?(\d{1,5}))(?![\d\w])"
    r"|(?P<paren>\(\s*(\d{1,5})\s*\))"
    r"|(?P<neg>(?<![\w\-−])[-−](\d+))(?=\s+(?:шт|пар|компл))"
    r"|(?P<ordinal>(\d{1,3})-?(?:й|го|ый|ой|ого|ому|м)(?![а-я]))"
    r"|(?P<num>\d+)"
    r"|(?P<hkw>(?<![а-я])рост\w*)"
    r"|(?P<skw>(?<![а-я])(?:р-ры|р-р|размер\w*|разм\.?|р\.?)(?![а-я]))"
    rf"|(?P<unit>(?<![а-я]){UNIT_RE.pattern}|(?<=\d)п\.?(?![а-я])|pcs|pc|pary|para|par|sht)(?![a-z])"
    r"|(?P<po>(?<![а-я])по(?![а-я]))"
    r"|(?P<dash>[-–—])"
    r"|(?P<sep>[,;\n¦+:()!?]|\.(?!\d)|(?<![а-я])и(?![а-я]))"
    r"|(?P<word>[^\W\d_]+)"
)


class Tok(StrEnum):
    SAME = "same"
    SAME_QTY = "same_qty"
    TOTAL = "total"
    SPAN = "span"
    SH = "sh"  # size/height: (a, b, h1[, h2])
    SH1 = "sh1"  # one size/height: (a, h1[, h2]) — 52/182
    SHN = "shn"  # size/numbered height: (a, b, n)
    PAIR = "pair"
    SIZE_QTY = "size_qty"
    QTY = "qty"
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
        tok = _token(m)
        out.append(tok)
        pos = tok.end
    return out


_KINDS = {
    "same": Tok.SAME, "sameqty": Tok.SAME_QTY, "total": Tok.TOTAL, "span": Tok.SPAN,
    "shn": Tok.SHN, "sh": Tok.SH, "sh1": Tok.SH1, "pair": Tok.PAIR, "sizeqty": Tok.SIZE_QTY,
    "xqty": Tok.QTY, "paren": Tok.QTY, "neg": Tok.NUM, "ordinal": Tok.NUM, "num": Tok.NUM,
    "hkw": Tok.HKW, "skw": Tok.SKW, "unit": Tok.UNIT, "po": Tok.PO, "dash": Tok.DASH,
    "sep": Tok.SEP, "word": Tok.WORD,
}  # fmt: skip
_MIN_PAIR, _MAX_PAIR = 38, 80
_FIRST_NUMBER = {"xqty", "paren", "ordinal", "num"}


def _token(m: re.Match[str]) -> Token:
    group = m.lastgroup or "word"
    if group == "spaced":  # «48 50» said aloud is the pair 48-50; other two numbers are two
        a, b = (int(x) for x in m.group(0).split())
        if a % 2 == 0 and b == a + 2 and _MIN_PAIR <= a <= _MAX_PAIR:
            return Token(Tok.PAIR, m.start(), m.end(), m.group(0), (a, b))
        first = re.match(r"\d+", m.group(0))
        end = m.start() + (first.end() if first else 2)
        return Token(Tok.NUM, m.start(), end, m.group(0)[: end - m.start()], (a,))
    kind = _KINDS.get(group, Tok.WORD)
    text = m.group(0)
    nums: tuple[int, ...] = ()
    if group == "span":
        nums = (int(m.group("span_a")), int(m.group("span_b")))
    elif kind in (Tok.SH, Tok.SH1, Tok.SHN, Tok.PAIR, Tok.SIZE_QTY):
        nums = tuple(int(x[:6]) for x in re.findall(r"\d+", text))
    elif group == "neg":
        nums = (-int(text[1:][:9]),)
    elif group in _FIRST_NUMBER:
        nums = (int(re.findall(r"\d+", text)[0][:9]),)
    return Token(kind, m.start(), m.end(), text, nums)
