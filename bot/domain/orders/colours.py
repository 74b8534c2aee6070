"""Colours written in an order and the catalog colour they mean for a model.

Finding: every form of every colour adjective comes from pymorphy3 (синяя, синих, синим…), plus
the abbreviations managers type (сер, бел, т.син, черн., оранж, бирюз, бордо, кмф) and typos
(«чорные», «василк»). «серый с красным», «серый/красный», «серо-красный» are one two-colour
combination (main/trim); «зелёная с белой окантовкой» is a colour with a finish.

Resolving against a model's catalog colours: the exact colour; else the one option that has the
written colour as a part («серая» Вьюга → серый/красный), else the one option of the same
family («синий» → the only blue «тёмно-синий/васильковый», «олива» → хаки, «жёлтый» →
лимонный). Such a value is marked assumed. When two options fit, the colour stays empty and the
options are its candidates: a question is better than a wrong colour.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.orders.model_words import transliterate
from bot.domain.orders.morphology import analyzer, fold, forms_of

COLOURS: tuple[str, ...] = (
    "белый", "чёрный", "серый", "синий", "тёмно-синий", "голубой", "васильковый", "красный",
    "зелёный", "жёлтый", "оранжевый", "лимонный", "бежевый", "коричневый", "сиреневый",
    "розовый", "бордовый", "фиолетовый", "прозрачный", "затемнённый", "оливковый", "песочный",
    "бирюзовый", "мятный", "горчичный", "салатовый", "графитовый",
)  # fmt: skip
_ALIASES: Mapping[str, str] = {
    "хаки": "хаки", "графит": "графит", "графитовый": "графит", "олива": "оливковый",
    "оливка": "оливковый", "бордо": "бордовый", "беж": "бежевый", "оранж": "оранжевый",
    "лимон": "лимонный", "бирюза": "бирюзовый", "сирень": "сиреневый", "мята": "мятный",
    "василек": "васильковый", "васильк": "васильковый", "василк": "васильковый",
    "сер": "серый", "бел": "белый", "син": "синий", "зел": "зелёный", "жел": "жёлтый",
    "черн": "чёрный", "чер": "чёрный", "красн": "красный", "кр": "красный", "гол": "голубой",
    "голуб": "голубой", "кор": "коричневый", "корич": "коричневый", "розов": "розовый",
    "фиол": "фиолетовый", "прозр": "прозрачный", "бирюз": "бирюзовый", "сирен": "сиреневый",
    "оранжев": "оранжевый", "лимонн": "лимонный", "васил": "васильковый",
}  # fmt: skip
# Colours that stand for each other when the model has no exact one (assumed, never silent).
FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"синий", "тёмно-синий", "васильковый"}),
    frozenset({"зелёный", "хаки", "оливковый"}),
    frozenset({"жёлтый", "лимонный"}),
    frozenset({"графит", "серый"}),
)
_DARK_WORDS = frozenset({"т", "тем", "темн", "темно"})
_DARK_GAP_RE = re.compile(r"(?:т|тем|темн|темно)[.\s-]{0,3}")
_COMPOUND_PREFIX = {
    "сине": "синий", "черно": "чёрный", "бело": "белый", "серо": "серый", "зелено": "зелёный",
    "желто": "жёлтый", "красно": "красный", "оранжево": "оранжевый", "голубо": "голубой",
    "бежево": "бежевый", "лимонно": "лимонный", "васильково": "васильковый",
    "темно-сине": "тёмно-синий", "хаки": "хаки",
}  # fmt: skip
_WORD_RE = re.compile(r"[а-яa-z]+(?:-[а-яa-z]+)*\.?")
_JOIN_RE = re.compile(r"\s*(?:/|\\|(?<![а-я])со?(?![а-я])|-|\+)\s*")
_TRIM_NOUN_RE = re.compile(r"\s+(окантовк\w*|отделк\w*|вставк\w*|кант\w*|полос\w*|рукав\w*)")
_CAMO_RE = re.compile(r"(?:камуфляж\w*|кмф)(?:\s*[«\"]?\s*([а-я]+)[»\"]?)?")
_MIN_PREFIX = 4
_FUZZY_MIN = 80.0
_FUZZY_LEN = 5
_TWO = 2
_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class ColourSpan:
    start: int
    end: int
    names: tuple[str, ...]
    trim: str | None  # "с белой окантовкой": a finish, not a second catalog colour


@dataclass(frozen=True, slots=True)
class ColourChoice:
    """What a position's colour is: a catalog value (maybe assumed), or empty with candidates."""

    value: str | None
    is_assumed: bool = False
    candidates: tuple[str, ...] = ()


class ColourBook:
    """Colour words and the catalog's colours; build once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        words = set(COLOURS)
        self._named: dict[str, list[tuple[str, str]]] = {}  # «камуфляж «Лес»» by its base
        for item in catalog.items:
            for option in item.colours:
                for part in option.split("/"):
                    m = re.match(r"(\w[\w-]*)\s*«([^»]+)»", part)
                    if m is not None:
                        base = fold(m.group(1))
                        self._named.setdefault(base[:6], []).append((fold(m.group(2)), part))
                    elif " " not in part:
                        words.add(part)
        forms: dict[str, str] = {}
        for colour in sorted(words):
            for form in forms_of(colour):
                forms.setdefault(form, colour)
        for alias, colour in _ALIASES.items():
            forms.setdefault(alias, colour)
        self._forms = forms
        self._vocab = tuple(f for f in forms if len(f) >= _FUZZY_LEN)
        self._lemmas = tuple(sorted({fold(c) for c in words}))
        self._display = {fold(c): c for c in words}
        self._cache: dict[str, str | None] = {}

    # ---------------------------------------------------------------------------- words

    def colour_of(self, word: str) -> str | None:
        """The colour a folded word names ("синяя", "черн.", "чорные"), or None."""
        word = word.rstrip(".")
        if word not in self._cache:
            if len(self._cache) > _CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = self._lookup(word)
        return self._cache[word]

    def _lookup(self, word: str) -> str | None:
        if word.isascii() and word.isalpha():  # «ser», «chern»: typed in Latin
            word = transliterate(word)
        if word in self._forms:
            return self._forms[word]
        if len(word) >= _MIN_PREFIX and word.isalpha():
            found = {c for c in self._lemmas if c.startswith(word)}
            if len(found) == 1:
                return self._display[found.pop()]
        if len(word) >= _FUZZY_LEN and word.isalpha() and not analyzer().word_is_known(word):
            hit = process.extractOne(word, self._vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
            if hit is not None and hit[0][:1] == word[:1]:
                return self._forms[hit[0]]
        return None

    # ---------------------------------------------------------------------------- spans

    def find(self, text: str, work: str) -> list[ColourSpan]:
        """Colours in `work` (folded text), combinations joined into one span."""
        found = self._singles(work)
        out: list[ColourSpan] = []
        i = 0
        while i < len(found):
            s, e, names = found[i]
            if len(names) == 1 and i + 1 < len(found) and len(found[i + 1][2]) == 1:
                join = _JOIN_RE.fullmatch(work, e, found[i + 1][0])
                if join is not None:
                    _s2, e2, names2 = found[i + 1]
                    trim = _TRIM_NOUN_RE.match(work, e2)
                    if trim is not None:
                        out.append(ColourSpan(s, trim.end(), names, text[e : trim.end()].strip()))
                    elif names2[0] != names[0]:
                        out.append(ColourSpan(s, e2, (names[0], names2[0]), None))
                    else:
                        out.append(ColourSpan(s, e2, names, None))
                    i += 2
                    continue
            out.append(ColourSpan(s, e, names, None))
            i += 1
        return out

    def _singles(self, work: str) -> list[tuple[int, int, tuple[str, ...]]]:
        out: list[tuple[int, int, tuple[str, ...]]] = []
        for m in _CAMO_RE.finditer(work):
            named = self._camouflage(m)
            end = m.end() if named != "камуфляж" or not m.group(1) else m.start(1)
            out.append((m.start(), end, (named,)))
        camo = [(s, e) for s, e, _n in out]
        dark_at = -1
        for m in _WORD_RE.finditer(work):
            if any(s <= m.start() < e for s, e in camo):
                continue
            word = m.group(0).rstrip(".")
            if word in _DARK_WORDS:
                dark_at = m.start()
                continue
            names = self._word_names(word)
            if names:
                start = m.start()
                if dark_at >= 0 and _DARK_GAP_RE.fullmatch(work, dark_at, start):
                    start = dark_at
                    names = ("тёмно-синий", *names[1:]) if names[0] == "синий" else names
                out.append((start, m.start() + len(word), names))
            dark_at = -1
        out.sort()
        return out

    def _word_names(self, word: str) -> tuple[str, ...]:
        single = self.colour_of(word)
        if single is not None:
            return (single,)
        if "-" in word:  # серо-красный, черно-серые, т-син
            head, _, tail = word.rpartition("-")
            second = self.colour_of(tail)
            if second is None:
                return ()
            if head in _DARK_WORDS:
                return ("тёмно-синий",) if second == "синий" else (second,)
            first = _COMPOUND_PREFIX.get(head) or self.colour_of(head)
            if first is not None and first != second:
                return (first, second)
        return ()

    def _camouflage(self, m: re.Match[str]) -> str:
        name = m.group(1)
        if name:
            for key, display in self._named.get("камуфл", ()):
                if name.startswith(key[: max(3, len(key) - 1)]):
                    return display
        return "камуфляж"


# -------------------------------------------------------------------------------- resolve


def _fits(
    option: str,
    wanted: tuple[str, ...],
    related: Callable[[str], frozenset[str]],
    *,
    main_only: bool,
) -> bool:
    """Every written colour is a part of the option (its main colours only, or any part)."""
    parts = option.split("/")
    if main_only:
        parts = parts[: len(wanted)]
    return all(any(p in related(c) for p in parts) for c in wanted)


def _itself(colour: str) -> frozenset[str]:
    return frozenset({colour})


def family(colour: str) -> frozenset[str]:
    return next((f for f in FAMILIES if colour in f), frozenset({colour}))


def resolve_colour(written: ColourSpan | None, item: CatalogItem | None) -> ColourChoice:
    """The catalog colour meant for a model, or none with the options that fit."""
    if item is None:
        if written is None:
            return ColourChoice(None)
        if written.trim:
            return ColourChoice(f"{written.names[0]} {written.trim.lower()}")
        return ColourChoice("/".join(written.names))
    options = item.colours
    if not options:
        return ColourChoice(None)
    if written is None:
        return (
            ColourChoice(options[0]) if len(options) == 1 else ColourChoice(None, False, options)
        )
    names = written.names
    if len(names) == _TWO:
        for combo in (f"{names[0]}/{names[1]}", f"{names[1]}/{names[0]}"):
            if combo in options:
                return ColourChoice(combo)
        return _partial(options, names)
    if names[0] in options:
        return ColourChoice(names[0])
    return _partial(options, names)


def _partial(options: tuple[str, ...], names: Iterable[str]) -> ColourChoice:
    """Options with the written colours as their parts: as the main colour, then anywhere;
    exactly, then by family. One fit is assumed; several are the candidates."""
    wanted = tuple(names)
    named = [o for o in options if len(wanted) == 1 and o.startswith(f"{wanted[0]} «")]
    if len(named) == 1:  # «камуфляж» for the one «камуфляж «Лес»»
        return ColourChoice(named[0], is_assumed=True)
    if named:
        return ColourChoice(None, False, tuple(named))
    for related in (_itself, family):
        for is_main in (True, False):
            fits = [o for o in options if _fits(o, wanted, related, main_only=is_main)]
            if len(fits) == 1:
                return ColourChoice(fits[0], is_assumed=True)
            if fits:
                return ColourChoice(None, False, tuple(fits))
    if len(options) == 1:  # the colour written belongs to another item, or is a slip
        return ColourChoice(options[0], is_assumed=True)
    return ColourChoice(None, False, options)
