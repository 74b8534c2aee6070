"""Finding catalog models in an order text.

A *mention* is a run of words that belong to model names (after abbreviations, stems, prefixes
and typos), e.g. "куртки утепл Вьюга", "п/к технолог", "Арктика куртки". Each catalog model is a
set of stems; a run is scored against the models that share its garment noun, rare words
weighing more (IDF). The best model wins when it is the only best one; a tie means the model
cannot be told ("сапоги"); a garment noun with words no model has is an item outside the
catalog ("костюм химзащиты Л-1").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.orders.lexicon import ABBREVIATIONS, CONNECTORS, WORD_RE, fold, stem

_PREFIX_QUALITY = 0.85
_FUZZY_QUALITY = 0.8
_FUZZY_MIN = 80.0
_MIN_PREFIX = 4
_MIN_FUZZY = 5
_RARE_DF = 3
_EPS = 1e-6
_GAP_OK = re.compile(r"^[\s.«»\"'\-]*$")
_SKU_RE = re.compile(r"(?<![a-z0-9])([a-z]{2})\s?-?\s?(\d{3,4})(?!\d)")
_SKU_GAP = re.compile(r"^[\s(),:;.\-«»\"]{0,4}$")
_STOP_EXTEND = frozenset(
    {
        "по", "на", "для", "и", "в", "во", "с", "со", "к", "до", "от", "из", "за", "под",
        "нужен", "нужна", "нужно", "нужны", "надо", "еще", "плюс", "также", "размер",
        "размеры", "размера", "рост", "ростовка", "цвет", "цвета", "шт", "штук", "штуки",
        "пар", "пары", "компл", "комплект", "комплекта", "комплектов", "р", "рр", "кол",
        "количество", "всего", "итого", "каждого", "каждой", "каждый", "нестандарт",
        "мужские", "женские", "чел", "человек", "уточню", "уточним", "пришлю", "пришлют",
    }
)  # fmt: skip


class MentionKind(StrEnum):
    CATALOG = "catalog"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    kind: MentionKind
    sku: str | None
    candidates: tuple[str, ...]
    phrase: str
    has_type_noun: bool
    type_stem: str | None


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    text: str
    keys: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class _Model:
    sku: str
    tokens: frozenset[str]
    type_stem: str
    names: frozenset[str]


class ModelIndex:
    """Catalog model names as weighted stems; build once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._models: list[_Model] = []
        self._surface: dict[str, str] = {}
        by_token: dict[str, set[int]] = defaultdict(set)
        for item in catalog.items:
            model = self._model(item)
            for t in model.tokens:
                by_token[t].add(len(self._models))
            self._models.append(model)
        n = len(self._models) or 1
        self._by_token = {t: frozenset(ids) for t, ids in by_token.items()}
        self._idf = {t: math.log((n + 1) / (len(ids) + 0.5)) for t, ids in by_token.items()}
        self.type_stems = frozenset(m.type_stem for m in self._models)
        self._type_surface = {m.type_stem: self._surface[m.type_stem] for m in self._models}
        self._vocab = tuple(sorted(self._by_token))
        self._sku_index = {m.sku: i for i, m in enumerate(self._models)}
        self._name_tokens = frozenset(t for m in self._models for t in m.names)
        self._word_cache: dict[str, tuple[tuple[str, float], ...]] = {}

    def _model(self, item: CatalogItem) -> _Model:
        name = fold(item.model)
        names: set[str] = set()
        for quoted in re.findall(r"«([^»]+)»", name):
            names.update(stem(w) for w in WORD_RE.findall(quoted))
        tokens: list[str] = []
        for m in WORD_RE.finditer(name):
            word = m.group(0)
            if word in CONNECTORS or word.isdigit():
                continue
            keys = ABBREVIATIONS.get(word, (stem(word),))
            for key in keys:
                tokens.append(key)
                self._surface.setdefault(key, item.model[m.start() : m.end()])
        return _Model(item.sku, frozenset(tokens), tokens[0] if tokens else "", frozenset(names))

    # ---------------------------------------------------------------------------- words

    def word_keys(self, word: str) -> tuple[tuple[str, float], ...]:
        """The model stems a (folded) text word stands for, with a match quality."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        keys = self._resolve(word)
        if len(self._word_cache) > 8192:  # noqa: PLR2004
            self._word_cache.clear()
        self._word_cache[word] = keys
        return keys

    def _resolve(self, word: str) -> tuple[tuple[str, float], ...]:
        s = stem(word)
        for candidate in (word, s):
            if candidate in ABBREVIATIONS:
                return tuple((k, 1.0) for k in ABBREVIATIONS[candidate] if k in self._by_token)
        if s in self._by_token:
            return ((s, 1.0),)
        if len(s) < _MIN_PREFIX or not s.isalpha():
            return ()
        prefixed = [v for v in self._vocab if v.startswith(s) and len(v) > len(s)]
        if 0 < len(prefixed) <= 2:  # noqa: PLR2004
            return tuple((v, _PREFIX_QUALITY) for v in prefixed)
        if len(s) >= _MIN_FUZZY:
            found = process.extractOne(s, self._vocab, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
            if found is not None and found[0][:1] == s[:1]:
                return ((found[0], _FUZZY_QUALITY),)
        return ()

    # ---------------------------------------------------------------------------- mentions

    def find_mentions(
        self, text: str, work: str, colour_spans: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        """Model mentions in `work` (the folded, masked `text`, same offsets), in text order."""
        words = self._words(work, colour_spans)
        by_sku = self._sku_mentions(work)
        mentions: list[Mention] = list(by_sku)
        i = 0
        while i < len(words):
            if not words[i].keys or words[i].text in CONNECTORS:
                i += 1
                continue
            j = self._run_end(work, words, i)
            ext = self._extension_end(work, words, j, colour_spans)
            mention = self._mention(text, words[i:j], words[j:ext])
            if mention is not None and not _next_to(mention, by_sku, work):
                mentions.append(mention)
                i = ext
            else:
                i = j
        return sorted(mentions, key=lambda m: m.start)

    def _sku_mentions(self, work: str) -> list[Mention]:
        """Articles written instead of names ("KS-101", "арт. pr704")."""
        out = []
        for m in _SKU_RE.finditer(work):
            item = self.catalog.get(f"{m.group(1)}-{m.group(2)}")
            if item is None:
                continue
            model = self._models[self._sku_index[item.sku]]
            out.append(
                Mention(
                    m.start(), m.end(), MentionKind.CATALOG, item.sku, (item.sku,), item.model,
                    True, model.type_stem,
                )
            )  # fmt: skip
        return out

    def sibling(self, sku: str, type_stem: str | None) -> str | None:
        """Another garment of the same line ("такая же куртка" after Костюм «Технолог»)."""
        index = self._sku_index.get(sku)
        if index is None or type_stem is None:
            return None
        names = self._models[index].names
        found = [
            m.sku for m in self._models if m.type_stem == type_stem and names and m.names == names
        ]
        return found[0] if len(found) == 1 else None

    def _words(self, work: str, colour_spans: Sequence[tuple[int, int]]) -> list[_Word]:
        out = []
        for m in WORD_RE.finditer(work):
            if any(s <= m.start() < e for s, e in colour_spans):
                out.append(_Word(m.start(), m.end(), "", ()))
                continue
            text = m.group(0)
            keys = () if text.isdigit() else self.word_keys(text)
            out.append(_Word(m.start(), m.end(), text, keys))
        return out

    def _run_end(self, work: str, words: list[_Word], i: int) -> int:
        """One past the last word of the run starting at i (a second garment noun splits)."""
        types_seen = sum(1 for k, _q in words[i].keys if k in self.type_stems)
        j = i + 1
        while j < len(words):
            w = words[j]
            if not _GAP_OK.match(work[words[j - 1].end : w.start]):
                break
            if w.text in CONNECTORS:
                if (
                    j + 1 < len(words)
                    and words[j + 1].keys
                    and _GAP_OK.match(work[w.end : words[j + 1].start])
                ):
                    j += 1
                    continue
                break
            if not w.keys:
                break
            is_type = any(k in self.type_stems for k, _q in w.keys)
            joined = work[words[j - 1].end : w.start] == "-"
            if is_type and types_seen and words[j - 1].text not in CONNECTORS and not joined:
                break
            types_seen += is_type
            j += 1
        return j

    def _extension_end(
        self, work: str, words: list[_Word], j: int, colour_spans: Sequence[tuple[int, int]]
    ) -> int:
        """Unknown words right after a run that still name the item ("химзащиты Л-1")."""
        k = j
        while k < len(words) and k - j < 4:  # noqa: PLR2004
            w = words[k]
            prev_end = words[k - 1].end if k > 0 else 0
            if not _GAP_OK.match(work[prev_end : w.start]) or w.keys or not w.text:
                break
            if w.text.isdigit() or w.text in _STOP_EXTEND or len(w.text) < 2:  # noqa: PLR2004
                break
            if any(s <= w.start < e for s, e in colour_spans):
                break
            k += 1
        return k

    def _mention(self, text: str, run: list[_Word], ext: list[_Word]) -> Mention | None:
        keys: dict[str, float] = {}
        for w in run:
            for k, q in w.keys:
                keys[k] = max(q, keys.get(k, 0.0))
        type_stem = next((k for w in run for k, _q in w.keys if k in self.type_stems), None)
        start, end = run[0].start, (ext[-1].end if ext else run[-1].end)
        candidates = {i for k in keys for i in self._by_token.get(k, ())}
        if type_stem is not None:
            candidates = {i for i in candidates if self._models[i].type_stem == type_stem}
        scored = sorted(
            ((self._score(self._models[i], keys), i) for i in candidates),
            key=lambda x: (-x[0][0], x[0][1]),
        )
        phrase = self._phrase(text, run, ext, type_stem)
        if not scored:
            if type_stem is None:
                return None
            return Mention(start, end, MentionKind.UNKNOWN, None, (), phrase, True, type_stem)
        (best_w, best_un), best_i = scored[0]
        best = self._models[best_i]
        tied = [i for (w, un), i in scored if w > best_w - _EPS and un == best_un]
        only_type = set(keys) & best.tokens <= {best.type_stem}
        names_in_run = {k for k in keys if k in self._name_tokens}
        conflict = bool(names_in_run - best.tokens) and bool(best.names - set(keys))
        foreign = [w for w in run if not any(k in best.tokens for k, _q in w.keys)]
        if type_stem is None:
            rare = any(len(self._by_token[k]) <= _RARE_DF for k in set(keys) & best.tokens)
            if not rare or conflict or len(tied) > 1:
                return None
        if conflict or (only_type and (ext or foreign)):
            return Mention(start, end, MentionKind.UNKNOWN, None, (), phrase, True, type_stem)
        if len(tied) > 1:
            skus = tuple(self._models[i].sku for i in tied)
            return Mention(
                start, end, MentionKind.AMBIGUOUS, None, skus, phrase, type_stem is not None,
                type_stem,
            )  # fmt: skip
        return Mention(
            start, run[-1].end, MentionKind.CATALOG, best.sku, (best.sku,), phrase,
            type_stem is not None, type_stem,
        )  # fmt: skip

    def _score(self, model: _Model, keys: dict[str, float]) -> tuple[float, int]:
        weight = sum(self._idf[t] * keys[t] for t in model.tokens if t in keys)
        return weight, sum(1 for t in model.tokens if t not in keys)

    def _phrase(self, text: str, run: list[_Word], ext: list[_Word], type_stem: str | None) -> str:
        """The item in normalised wording: catalog forms of known words, the rest as written."""
        parts: list[str] = []
        for w in run:
            if w.text in CONNECTORS:
                parts.append(w.text)
                continue
            key = w.keys[0][0] if w.keys else None
            if key is not None and key == type_stem and not parts:
                parts.append(self._type_surface.get(key, w.text))
            elif key is not None and key in self._surface and len(w.keys) == 1:
                parts.append(self._surface[key].strip("«»"))
            else:
                parts.append(text[w.start : w.end])
        if type_stem is not None and parts and self._type_surface.get(type_stem) not in parts:
            parts.insert(0, self._type_surface[type_stem])
            parts = [p for p in parts if stem(p) != type_stem or p == parts[0]]
        tail = ""
        if ext:
            tail_end = ext[-1].end
            while tail_end < len(text) and text[tail_end] in '»"':
                tail_end += 1
            tail = text[ext[0].start : tail_end]
        text = " ".join([*parts, tail]).strip()
        return text[:1].upper() + text[1:]


def _next_to(mention: Mention, by_sku: Sequence[Mention], work: str) -> bool:
    """A model name written right beside its article names the same position."""
    for sku in by_sku:
        gap = (
            work[mention.end : sku.start]
            if mention.end <= sku.start
            else work[sku.end : mention.start]
        )
        if _SKU_GAP.match(gap) and mention.sku in (None, sku.sku):
            return True
    return False
