"""The words of catalog model names, and what a word of a message stands for among them.

Each catalog word is keyed by its lemma (pymorphy3): «Халат медицинский женский» is
{халат, медицинский, женский}. Every inflected form of those lemmas is expanded once, so
«халатов медицинских женских белых» maps back by dictionary lookups. A word no form matches is
tried as an abbreviation (мед, жен, п/к, утепл), in Latin transliteration (Ural, Strazh,
tehnolog), by its own lemmas, as a prefix (сигн, кост) and, last, with rapidfuzz for typos.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import fuzz, process

from bot.domain.orders.morphology import analyzer, fold, forms_of, lemmas

WORD_RE = re.compile(r"х/б|п/к|к-т|[^\W\d_]+-\d+(?![\d])|[^\W_]+")
UNIT_LIKE = frozenset({"к-т"})  # «к-т зимн. Арктика» names a suit, «5 к-т» is a unit

# Abbreviations and synonyms → the full words they stand for (keyed like catalog words).
ABBREVIATIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "х/б": ("хб",), "хб": ("хб",), "п/к": ("полукомбинезон",), "пк": ("полукомбинезон",),
        "полукомбез": ("полукомбинезон",), "комбез": ("комбинезон",),
        "мед": ("медицинский",), "медиц": ("медицинский",), "жен": ("женский",),
        "муж": ("мужской",), "мп": ("металлический", "подносок"), "пу": ("полиуретан",),
        "кирзач": ("кирзовый",), "кирзачи": ("кирзовый",), "жилетка": ("жилет",),
        "жилетку": ("жилет",), "жилетки": ("жилет",), "жилеток": ("жилет",),
        "кепка": ("кепи",), "кепки": ("кепи",), "кепок": ("кепи",), "штаны": ("брюки",),
        "штанов": ("брюки",), "утеп": ("утеплённый",), "утепл": ("утеплённый",),
        "сигн": ("сигнальный",), "сигнал": ("сигнальный",), "влагозащ": ("влагозащитный",),
        "зимн": ("зимний",), "летн": ("летний",), "кост": ("костюм",), "к-т": ("костюм",),
        "шапочк": ("шапочка",), "ушанка": ("ушанка",), "нейлон": ("нейлоновый",),
        "резин": ("резиновый",), "хоз": ("хозяйственный",), "кирза": ("кирзовый",),
        "одноразов": ("одноразовый",), "нитрил": ("нитриловый",),
    }
)  # fmt: skip
_TRANSLIT = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
    ("yu", "ю"), ("ya", "я"), ("yo", "е"), ("ye", "е"), ("ja", "я"), ("ju", "ю"), ("iy", "ий"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "ы"), ("z", "з"),
)  # fmt: skip
_LATIN_RE = re.compile(r"^[a-z]{2,}$")
_PREFIX_QUALITY = 0.85
_TRANSLIT_QUALITY = 0.9
_FUZZY_QUALITY = 0.8
_FUZZY_MIN = 80.0
_MIN_PREFIX = 4
_MIN_FUZZY = 5
_CACHE_SIZE = 16384
Keys = tuple[tuple[str, float], ...]


def catalog_key(word: str) -> str:
    """The key of a folded catalog word: its lemma (codes and х/б kept as written)."""
    if word in ABBREVIATIONS:
        return fold(ABBREVIATIONS[word][0])
    if not word.isalpha():
        return word
    return lemmas(word)[0]


def transliterate(word: str) -> str:
    out = []
    i = 0
    while i < len(word):
        for latin, cyr in _TRANSLIT:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


class ModelVocabulary:
    """Lemma keys of the catalog's words and every form that maps to them."""

    def __init__(self, catalog_words: Iterable[str]) -> None:
        keys = {catalog_key(w) for w in catalog_words}
        forms: dict[str, set[str]] = {}
        for key in keys:
            for form in forms_of(key) if key.isalpha() else {key}:
                forms.setdefault(form, set()).add(key)
        self.keys = frozenset(keys)
        self._forms = {f: tuple(sorted(k)) for f, k in forms.items()}
        self._abbreviations = {
            a: tuple(fold(w) if fold(w) in keys else catalog_key(fold(w)) for w in full)
            for a, full in ABBREVIATIONS.items()
        }
        self._sorted = tuple(sorted(keys))
        self._form_vocab = tuple(f for f in self._forms if len(f) >= _MIN_FUZZY)
        self._cache: dict[str, Keys] = {}

    def word_keys(self, word: str) -> Keys:
        """The catalog keys a folded word stands for, with a match quality (empty: none)."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._resolve(word)
            if len(self._cache) > _CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _resolve(self, word: str) -> Keys:
        found = self._exact(word)
        if found:
            return found
        if _LATIN_RE.match(word):
            cyrillic = transliterate(word)
            found = self._exact(cyrillic) or self._near(cyrillic)
            return tuple((k, min(q, _TRANSLIT_QUALITY)) for k, q in found)
        return self._near(word)

    def _exact(self, word: str) -> Keys:
        if word in self._forms:
            return tuple((k, 1.0) for k in self._forms[word])
        if word in self._abbreviations:
            return tuple((k, 1.0) for k in self._abbreviations[word] if k in self.keys)
        if word.isalpha() and len(word) > 2:  # noqa: PLR2004
            hits = [k for k in lemmas(word) if k in self.keys]
            if hits:
                return tuple((k, 1.0) for k in hits)
        return ()

    def _near(self, word: str) -> Keys:
        if len(word) < _MIN_PREFIX or not word.isalpha():
            return ()
        prefixed = [k for k in self._sorted if k.startswith(word) and len(k) > len(word)]
        if 0 < len(prefixed) <= 2:  # noqa: PLR2004
            return tuple((k, _PREFIX_QUALITY) for k in prefixed)
        if len(word) >= _MIN_FUZZY and not analyzer().word_is_known(word):
            hit = process.extractOne(
                word, self._form_vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN
            )
            if hit is not None and hit[0][:1] == word[:1]:
                return tuple((k, _FUZZY_QUALITY) for k in self._forms[hit[0]])
        return ()


@lru_cache(maxsize=4096)
def agree(word: str, noun: str) -> str:
    """An adjective of the text put in the gender and number of a catalog noun, nominative
    («поварских» with «Фартук» → «поварской»); any other word unchanged."""
    morph = analyzer()
    parses = morph.parse(noun)
    target = next((p for p in parses if p.tag.case == "nomn"), parses[0])
    parse = next((p for p in morph.parse(word) if {"ADJF", "PRTF"} & {str(p.tag.POS)}), None)
    if parse is None or target.tag.number is None:
        return word
    grammemes = {"nomn", str(target.tag.number)}
    if target.tag.number == "sing" and target.tag.gender is not None:
        grammemes.add(str(target.tag.gender))
    inflected = parse.inflect(grammemes)
    if inflected is None:
        return word
    out = str(inflected.word)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out
