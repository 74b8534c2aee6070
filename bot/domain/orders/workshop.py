"""Workshop services asked for in an order and which positions they apply to.

- logo (нанесение, вышивка, шелкография, термотрансфер, надпись): "на всё" → every model;
  a clause naming garments ("вышивка на бейсболки") → those; on a line of its own → every
  model above it; otherwise the model whose text it is in;
- made to measure (пошив по меркам): the next model on the same line, else the current one;
- alteration (укоротить, подогнать): the model whose text it is in;
- manufacture (сшить, изготовить … по образцу/лекалу): the next model in the same sentence.

The clauses that ask for a service hold no positions, so they are blanked for the breakdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.orders.lexicon import (
    ALTERATION_RE,
    LOGO_ALL_RE,
    LOGO_RE,
    MADE_TO_MEASURE_RE,
    MANUFACTURE_RE,
    SAMPLE_RE,
)

MASK = "¦"
Span = tuple[int, int]
_CLAUSE_END = re.compile(r"[.,;\n!?]")
_SENTENCE_END = re.compile(r"[.;\n!?]")
_NEWLINE = re.compile(r"\n")
_SAMPLE_SUFFIX = {
    "образц": " по образцу клиента",
    "лекал": " по лекалу клиента",
    "фото": " по фото клиента",
}
_SAMPLE_WINDOW = 80
_LOOK_BACK = 12
_LOGO_TARGET_RE = re.compile(r"(?<![а-я])(?:на|для)\s+[^\d¦,.;:—–-]{2,30}$")
_LOGO_TARGET = 34
_SERVICE_CLAUSE = 40


@dataclass(frozen=True, slots=True)
class GroupSpan:
    """Where a model's text starts (with a quantity before it), its mention, and its end."""

    start: int
    mention_start: int
    end: int


@dataclass(slots=True)
class ServiceMarks:
    logo: list[int] = field(default_factory=list)
    logo_all: set[int] = field(default_factory=set)
    made_to_measure: list[int] = field(default_factory=list)
    alteration: list[int] = field(default_factory=list)
    manufacture: list[int] = field(default_factory=list)
    samples: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Services:
    logo: frozenset[int]
    made_to_measure: frozenset[int]
    manufacture: dict[int, str]  # group → model suffix (" по образцу клиента")
    alteration: frozenset[int]


def find_service_marks(work: str) -> tuple[ServiceMarks, str]:
    """Where services are asked for, and `work` with their clauses blanked."""
    marks = ServiceMarks()
    spans: list[Span] = []
    for m in MADE_TO_MEASURE_RE.finditer(work):
        if "мерк" in m.group(0):
            marks.made_to_measure.append(m.start())
            spans.append(m.span())
    for m in ALTERATION_RE.finditer(work):
        marks.alteration.append(m.start())
        start = max(
            max(work.rfind(c, 0, m.start()) for c in ",;\n.") + 1, _words_before(work, m.start())
        )
        spans.append((start, _service_clause_end(work, m.end())))
    for m in MANUFACTURE_RE.finditer(work):
        if not any(s <= m.start() < e for s, e in spans):
            marks.manufacture.append(m.start())
            spans.append(m.span())
    for m in LOGO_RE.finditer(work):
        marks.logo.append(m.start())
        sentence = work[max(0, m.start() - _LOOK_BACK) : sentence_end(work, m.end())]
        if LOGO_ALL_RE.search(sentence):
            marks.logo_all.add(m.start())
        target = _LOGO_TARGET_RE.search(work, max(0, m.start() - _LOGO_TARGET), m.start())
        start = target.start() if target else m.start()  # «на жилеты нанесение логотипа»
        spans.append((start, _service_clause_end(work, m.end())))
    for m in SAMPLE_RE.finditer(work):
        noun = m.group(1)
        suffix = next((v for k, v in _SAMPLE_SUFFIX.items() if noun.startswith(k)), "")
        marks.samples.append((m.start(), suffix or " по эскизу клиента"))
        spans.append(m.span())
    return marks, blank(work, spans, MASK)


def assign_services(
    work: str,
    groups: Sequence[GroupSpan],
    marks: ServiceMarks,
    logo_targets: dict[int, frozenset[int]],
) -> Services:
    """Which groups (models, by index) each service applies to."""

    def containing(p: int) -> int | None:
        idx = [i for i, g in enumerate(groups) if g.start <= p]
        return idx[-1] if idx else None

    def following(p: int, stop: re.Pattern[str]) -> int | None:
        for i, g in enumerate(groups):
            if g.start > p:
                return None if stop.search(work, p, g.start) else i
        return None

    def next_or_current(p: int, stop: re.Pattern[str]) -> int | None:
        i = following(p, stop)
        return i if i is not None else containing(p)

    logo = _logo_groups(work, groups, marks, logo_targets)
    mtm = {i for p in marks.made_to_measure if (i := next_or_current(p, _NEWLINE)) is not None}
    alter = {i for p in marks.alteration if (i := containing(p)) is not None}
    make: dict[int, str] = {}
    for p in marks.manufacture:
        i = next_or_current(p, _SENTENCE_END)
        if i is None:
            continue
        g = groups[i]
        make[i] = next(
            (sfx for s, sfx in marks.samples if g.start - _SAMPLE_WINDOW <= s <= g.end), ""
        )
    return Services(
        frozenset(logo), frozenset(mtm - set(make)), make, frozenset(alter - set(make) - mtm)
    )


def _logo_groups(
    work: str,
    groups: Sequence[GroupSpan],
    marks: ServiceMarks,
    logo_targets: dict[int, frozenset[int]],
) -> set[int]:
    logo: set[int] = set()
    for p in marks.logo:
        if p in logo_targets and p not in marks.logo_all:
            logo.update(logo_targets[p])
        elif p in marks.logo_all or not groups or p < groups[0].start:
            logo.update(range(len(groups)))
        else:
            line_start = work.rfind("\n", 0, p) + 1
            line_end = _line_end(work, p)
            if not any(line_start <= g.mention_start < line_end for g in groups):
                logo.update(i for i, g in enumerate(groups) if g.start < p)
            else:
                logo.add(max(i for i, g in enumerate(groups) if g.start <= p))
    return logo


def _words_before(work: str, pos: int, count: int = 3) -> int:
    """Where the (at most `count`) words right before `pos` begin («брюки» in «брюки
    укоротить»); numbers and units end the look-back."""
    start = pos
    for m in reversed(list(re.finditer(r"[^\W\d_]+", work[max(0, pos - 40) : pos]))):
        s = max(0, pos - 40) + m.start()
        if work[s + len(m.group(0)) : start].strip() or count == 0:
            break
        if re.fullmatch(r"шт\w*|пар\w*|компл\w*|рост\w*|р", m.group(0)):
            break
        start, count = s, count - 1
    return start


def _service_clause_end(work: str, pos: int) -> int:
    """The end of a clause asking for a service: punctuation, «и», or 40 characters."""
    end = clause_end(work, pos)
    m = re.search(r"\s(?:и|плюс|а\s+также)\s", work[pos:end])
    if m is not None:
        end = pos + m.start()
    return min(end, pos + _SERVICE_CLAUSE)


def blank(text: str, spans: Sequence[Span], fill: str) -> str:
    """`text` with the spans overwritten by `fill` (line breaks kept): offsets stay valid."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            if chars[i] != "\n":
                chars[i] = fill
    return "".join(chars)


def clause_end(work: str, pos: int) -> int:
    """The next , . ; ! ? or line break outside parentheses."""
    depth = 0
    for i in range(pos, len(work)):
        ch = work[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and _CLAUSE_END.match(ch):
            return i
    return len(work)


def sentence_end(work: str, pos: int) -> int:
    m = _SENTENCE_END.search(work, pos)
    return m.start() if m else len(work)


def _line_end(work: str, pos: int) -> int:
    i = work.find("\n", pos)
    return len(work) if i < 0 else i
