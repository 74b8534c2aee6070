"""Who the order is for: a directory of counterparties that finds a client mentioned in free text.

A mention is matched on the counterparty's name without its legal form and quotes
(«ООО «Торговый дом «Рабочая одежда»» → торговый дом рабочая одежда), word by word on stems,
with rapidfuzz for typos; rare words weigh more than common ones (IDF). An ИП is matched on
the surname and, when the text gives them, the initials.
"""

from __future__ import annotations

import csv
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.domain.counterparties.inn import inn_fault
from bot.domain.counterparties.names import SHORT_LEGAL_FORMS
from bot.domain.orders.lexicon import stem
from bot.domain.orders.morphology import fold, lemmas

# The directory's legal forms, and what else stands before a name in a message: "МДОУ",
# region and sector codes of institutions ("БУ СО ВО"), "ИК", "ПК", "ТОО".
LEGAL_FORMS = SHORT_LEGAL_FORMS | {"мдоу", "со", "во", "тоо", "ик", "пк"}
_ALIASES = {"тд": ("торгов", "дом"), "чоп": ("чоп",), "оп": ("охранн", "предприят")}
# Words that say what kind of organisation it is; a mention often leaves them out.
_GENERIC = frozenset(
    {
        "управляющ", "компани", "торгов", "дом", "групп", "предприят", "охранн", "фирм",
        "агентств", "центр", "холдинг", "корпорац", "объединен", "производствен", "санатор",
        "клиник", "агрофирм", "агрокомплекс", "лесокомбинат", "пищекомбинат", "рыбхоз",
        "судоремонтн", "верф",
    }
)  # fmt: skip
_GENERIC_WEIGHT = 0.3
_TOKEN_RE = re.compile(r"[^\W_]+")
_INN_LABELLED_RE = re.compile(r"инн\s*[:№]?\s*(\d{12}|\d{10})(?!\d)")
_INN_BARE_RE = re.compile(r"(?<![\d+\-])(\d{12}|\d{10})(?![\d\-])")
_LEGAL_MENTION_RE = re.compile(
    r"\b(?:ООО|АО|ПАО|ЗАО|ОАО|ИП|МУП|ГУП|ГБУЗ|ЧОП|ТОО|КФХ)\s+"
    r"(?:«[^»\n]{1,60}»+|\"[^\"\n]{1,60}\"|[А-ЯЁ][\w-]+(?:\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?)?)"
)
# «ип соколов» in a voice message: the form in lower case, then a surname-like word.
_LOWER_PERSON_RE = re.compile(
    r"(?<![а-яё])(?:ип|кфх)\s+([а-яё]{3,}(?:ов|ев|ёв|ин|ын|ий|ой|ко|ук|юк|ич|ова|ева|ина|ына|ая)"
    r"(?:\s+[а-яё]{3,}\s+[а-яё]{3,}(?:вич|вна|ична|ич))?)(?![а-яё])"
)
_OTHER_FORM_RE = re.compile(r"(?<![а-я])(?:кфх|ооо|ао|зао|оао|пао)\s*$")
_INITIALS_RE = re.compile(r"\s*([А-ЯЁа-яё])\.\s*([А-ЯЁа-яё])\.?")
_BARE_INITIALS_RE = re.compile(r"\s+([А-ЯЁ])\s+([А-ЯЁ])(?![\w.])")
_FULL_NAME_RE = re.compile(
    r"\s+([А-ЯЁа-яё])[а-яё]+\s+([А-ЯЁа-яё])[а-яё]+(?:вич|вна|ична|ич)(?![а-яё])"
)
_DISTINCT_LEN = 6
_ACRONYM_RE = re.compile(r"(?<![\w-])[А-ЯЁ]{3,5}(?![\w-])")
_MIN_COVERAGE = 0.6
_FUZZY_MIN = 88.0
_FUZZY_LEN = 6
_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class ClientRecord:
    id: str
    name: str
    inn: str


@dataclass(frozen=True, slots=True)
class ClientMention:
    """A client found in a text: the words used (with legal form), its id when resolved."""

    text: str
    client_id: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class InnMention:
    inn: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    tokens: tuple[str, ...]
    surname: str | None  # folded surname base of an ИП (no female -а)
    initials: str
    raw: tuple[str, ...] = ()  # the words of the name as written, one per token


@dataclass(frozen=True, slots=True)
class _Token:
    raw: str
    stem: str
    start: int
    end: int
    line: int


class ClientDirectory:
    """Counterparties by INN and by name; build once, query per message."""

    def __init__(self, records: Iterable[ClientRecord]) -> None:
        self._records = tuple(records)
        self._by_inn = {r.inn: r.id for r in self._records if r.inn}
        self._entries = tuple(_entry(r) for r in self._records)
        self._index: dict[str, set[int]] = defaultdict(set)
        self._persons: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(self._entries):
            if e.surname is not None:
                self._persons[e.surname].append(i)
            else:
                for t in e.tokens:
                    self._index[t].add(i)
        n = len(self._entries) or 1
        self._idf = {t: math.log(1 + n / len(ids)) for t, ids in self._index.items()}
        for e in self._entries:
            for t, raw in zip(e.tokens, e.raw, strict=True):
                if t in _GENERIC or (raw.isupper() and raw.isalpha() and len(raw) <= 5):  # noqa: PLR2004
                    self._idf[t] = min(
                        self._idf[t], math.log(1 + n / len(self._index[t])) * _GENERIC_WEIGHT
                    )
        self._vocab = tuple(t for t in self._index if len(t) >= _FUZZY_LEN)
        self._prefixes = frozenset(t[:3] for t in self._index)
        self._fuzzy_cache: dict[str, str | None] = {}
        self._acronyms: dict[str, set[int]] = defaultdict(set)
        for i, e in enumerate(self._entries):
            if e.surname is None and len(acronym := _acronym(e.raw)) >= 3:  # noqa: PLR2004
                self._acronyms[acronym].add(i)

    @classmethod
    def from_csv(cls, path: str | Path) -> ClientDirectory:
        """Read `id`, `name`, `inn` columns of a counterparties CSV (UTF-8)."""
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        return cls(ClientRecord(r["id"], r["name"], r.get("inn", "") or "") for r in rows)

    def by_inn(self, inn: str) -> str | None:
        return self._by_inn.get(inn.strip())

    def resolve(self, mention: str) -> str | None:
        """The id a short mention ("Ромашка", "ИНН 3528972289", "ИП Иванов И.И.") points to."""
        inn = find_inn(mention)
        if inn is not None and self.by_inn(inn.inn):
            return self.by_inn(inn.inn)
        found = self.find(mention)
        return found.client_id if found else None

    def find(self, text: str) -> ClientMention | None:
        """The best client mention in a free text, or None."""
        low = fold(text)
        breaks = [i for i, ch in enumerate(low) if ch == "\n"]
        tokens = [
            _Token(m.group(0), s, m.start(), m.end(), bisect_left(breaks, m.start()))
            for m in _TOKEN_RE.finditer(low)
            for s in _expand(m.group(0))
        ]
        scored = self._companies(tokens)
        scored.update(self._people(tokens, text))
        if not scored:
            return self._acronym_mention(text) or _legal_form_mention(text)
        # best coverage first; among equals the longer name ("Вектор-Строй" over "Вектор")
        idx = max(scored, key=lambda i: (scored[i][0], scored[i][1], -i))
        cov, weight, start, end = scored[idx]
        tied = [
            i
            for i, v in scored.items()
            if i != idx and abs(v[0] - cov) < _TIE and abs(v[1] - weight) < _TIE
        ]
        start, end = _extend_mention(text, low, start, end)
        client_id = None if tied else self._entries[idx].id  # "ИП Иванов": two of them
        return ClientMention(text[start:end], client_id, start, end)

    def _acronym_mention(self, text: str) -> ClientMention | None:
        """«ВСК» for «Вологодская Сервисная Компания», «СТК» for «СпецТехКомплект»."""
        for m in _ACRONYM_RE.finditer(text):
            ids = self._acronyms.get(m.group(0), set())
            if len(ids) == 1 and fold(m.group(0)) not in LEGAL_FORMS:
                return ClientMention(m.group(0), self._entries[next(iter(ids))].id, *m.span())
        return None

    def _companies(self, tokens: list[_Token]) -> dict[int, tuple[float, float, int, int]]:
        hits: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for pos, tok in enumerate(tokens):
            key = tok.stem if tok.stem in self._index else self._lemma_key(tok.raw)
            key = key or self._fuzzy(tok.stem)
            if key is None:
                continue
            for idx in self._index[key]:
                hits[idx].append((pos, key))
        out: dict[int, tuple[float, float, int, int]] = {}
        for idx, found in hits.items():
            best = self._best_window(self._entries[idx], found, tokens)
            if best is not None and best[0] >= _MIN_COVERAGE:
                out[idx] = best
        return out

    def _best_window(
        self, entry: _Entry, found: list[tuple[int, str]], tokens: list[_Token]
    ) -> tuple[float, float, int, int] | None:
        total = sum(self._idf[t] for t in entry.tokens) or 1.0
        width = len(entry.tokens) + 2
        best: tuple[float, float, int, int] | None = None
        for anchor, _key in found:
            window: dict[str, int] = {}
            for p, k in found:
                if anchor <= p < anchor + width and tokens[p].line == tokens[anchor].line:
                    window.setdefault(k, p)
            weight = sum(self._idf[k] for k in window)
            positions = sorted(window.values())
            coverage = weight / total
            first = entry.tokens[0] if entry.tokens else ""
            if first in window and len(self._index[first]) == 1 and len(first) >= _DISTINCT_LEN:
                coverage = max(coverage, _MIN_COVERAGE)  # «ПромСнаб» for «ПромСнаб-Регион»
            candidate = (
                coverage,
                weight,
                tokens[positions[0]].start,
                tokens[positions[-1]].end,
            )
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best

    def _people(self, tokens: list[_Token], text: str) -> dict[int, tuple[float, float, int, int]]:
        out: dict[int, tuple[float, float, int, int]] = {}
        for tok in tokens:
            raw = tok.raw
            for cut in range(4):
                base = raw[: len(raw) - cut] if cut else raw
                if len(base) < 4 or base not in self._persons:  # noqa: PLR2004
                    continue
                for idx in self._persons[base]:
                    scored = self._score_person(self._entries[idx], tok, text)
                    if scored is not None:
                        out[idx] = scored
        return out

    def _score_person(
        self, entry: _Entry, tok: _Token, text: str
    ) -> tuple[float, float, int, int] | None:
        after = text[tok.end : tok.end + 40]
        m = (
            _INITIALS_RE.match(after)
            or _BARE_INITIALS_RE.match(after)
            or _FULL_NAME_RE.match(after)
        )
        if m and fold(m.group(1) + m.group(2)) != entry.initials:
            return None
        if _OTHER_FORM_RE.search(fold(text[max(0, tok.start - 6) : tok.start])):
            return None  # «КФХ Петрова» is not «ИП Петрова»
        near = fold(text[max(0, tok.start - 4) : tok.end + 4])
        has_ip = re.search(r"(?<![а-я])ип(?![а-я])", near) is not None
        if not (m or has_ip or text[tok.start].isupper()):
            return None
        bonus = 0.5 if m else 0.3 if has_ip else 0.0
        end = tok.end + (m.end() if m else 0)
        return (0.7 + bonus, 1.0, tok.start, end)

    def _lemma_key(self, word: str) -> str | None:
        """«Альфа-Строя»: the stem of a lemma of the word («строй»), when the crude stem missed."""
        if len(word) < _FUZZY_LEN - 1 or not word.isalpha() or word[:3] not in self._prefixes:
            return None
        return next((s for s in (stem(w) for w in lemmas(word)) if s in self._index), None)

    def _fuzzy(self, token: str) -> str | None:
        if len(token) < _FUZZY_LEN or not token.isalpha():
            return None
        if token not in self._fuzzy_cache:
            found = process.extractOne(
                token, self._vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN
            )
            if len(self._fuzzy_cache) > 4096:  # noqa: PLR2004
                self._fuzzy_cache.clear()
            self._fuzzy_cache[token] = found[0] if found else None
        return self._fuzzy_cache[token]


def _acronym(words: tuple[str, ...]) -> str:
    parts = [p for w in words for p in (re.findall(r"[А-ЯЁ][а-яё]+", w) or [w])]
    return "".join(p[0].upper() for p in parts if p and p[0].isalpha() and len(p) > 1)


def find_inn(text: str) -> InnMention | None:
    """An INN in the text: after «ИНН», or a bare 10/12-digit number with a valid checksum."""
    low = fold(text)
    m = _INN_LABELLED_RE.search(low)
    if m:
        return InnMention(m.group(1), m.start(), m.end())
    for m in _INN_BARE_RE.finditer(low):
        if inn_fault(m.group(1)) is None:
            return InnMention(m.group(1), m.start(), m.end())
    return None


def _entry(record: ClientRecord) -> _Entry:
    name = record.name
    quoted = re.search(r"«(.+)»", name)
    core = quoted.group(1) if quoted else name
    pairs = [(fold(w), w) for w in _TOKEN_RE.findall(core.replace("ё", "е"))]
    if not quoted:
        pairs = [(w, raw) for w, raw in pairs if w not in LEGAL_FORMS]
    words = [w for w, _raw in pairs]
    expanded = [(s, raw) for w, raw in pairs for s in _expand(w) if len(s) > 1 or s.isdigit()]
    tokens = tuple(s for s, _raw in expanded)
    is_person = bool(re.match(r"\s*ИП\s", name)) and not quoted
    surname = None
    if is_person and words:
        surname = words[0][:-1] if words[0].endswith("а") else words[0]
    initials = "".join(w[0] for w in words[1:3]) if is_person else ""
    return _Entry(record.id, tokens, surname, initials, tuple(raw for _s, raw in expanded))


def _expand(word: str) -> tuple[str, ...]:
    if word in _ALIASES:
        return _ALIASES[word]
    return (stem(word),)


def _extend_mention(text: str, low: str, start: int, end: int) -> tuple[int, int]:
    """Take in a legal form and quotes before the name, closing quotes and «ИП» after it."""
    while True:
        m = re.search(r"([^\W\d_]+)[\s«\"]*$", low[:start])
        if m and m.group(1) in LEGAL_FORMS and (text[m.start(1)].isupper() or m.group(1) == "ип"):
            start = m.start(1)
            continue
        break
    while start > 0 and text[start - 1] in '«"':
        start -= 1
    m = re.match(r"(?:-[^\W_]{1,2}(?![^\W_]))?\+?", text[end:])
    if m:
        end += m.end()
    while end < len(text) and text[end] in '»"':
        end += 1
    m = re.match(r"\s+ИП(?![\w])", text[end:])
    if m:
        end += m.end()
    return start, end


def _legal_form_mention(text: str) -> ClientMention | None:
    m = _LEGAL_MENTION_RE.search(text)
    if m is None:
        m = _LOWER_PERSON_RE.search(text)
    if m is None:
        return None
    return ClientMention(m.group(0).strip(), None, m.start(), m.end())
