"""Finding catalog models in an order text.

A *mention* is a run of words that belong to model names (`model_words`), e.g. "куртки утепл
Вьюга", "п/к технолог", "Арктика куртки", or an article (KS-101, ks101, Cyrillic ОВ-601). A run
is scored against the models that share its garment noun, rare words weighing more (IDF).
The best model wins when the text names it: all its words are there, or it is the only one
with the words written. Several models equally fitting a partial name («сапоги», «жилет»)
make the model unclear (asked, with the candidates); a garment noun with words no model of it
has is an item outside the catalog ("костюм химзащиты Л-1").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.orders.model_words import (
    UNIT_LIKE,
    WORD_RE,
    ModelVocabulary,
    agree,
    catalog_key,
    transliterate,
)
from bot.domain.orders.morphology import analyzer, fold

_EPS = 1e-6
_RARE_DF = 3
_MAX_EXTENSION = 4
_GAP_OK = re.compile(r"^[\s.«»\"'\-]*$")
_SKU_RE = re.compile(r"(?<![a-zа-я0-9])([a-zа-я]{2})\s?-?\s?(\d{3,4})(?!\d)")
_SKU_GAP = re.compile(r"^[\s(),:;.\-«»\"]{0,4}$")
_LOOKALIKE = str.maketrans("авекмнорстух", "abekmhopctyx")
_PHONETIC = str.maketrans("абвгдезийклмнопрстуфх", "abvgdezijklmnoprstufh")
_STOP_EXTEND = frozenset(
    {
        "по", "на", "для", "и", "в", "во", "с", "со", "к", "до", "от", "за", "под", "как",
        "у", "нужен", "нужна", "нужно", "нужны", "надо", "еще", "плюс", "также", "размер",
        "размеры", "размера", "рост", "ростовка", "цвет", "цвета", "шт", "штук", "штуки", "пар",
        "пары", "компл", "комплект", "комплекта", "комплектов", "р", "рр", "кол", "количество",
        "всего", "итого", "каждого", "каждой", "каждый", "нестандарт", "мужские", "женские",
        "чел", "человек", "уточню", "уточним", "пришлю", "пришлют", "тоже", "такие", "такой",
        "таких", "такая", "же", "те", "тех", "того", "той", "тот", "та", "ещё", "это", "или",
        "а", "но", "к-т", "шт.", "ед", "обхват", "груди", "что",
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
    keys: tuple[tuple[str, float], ...] = ()
    is_exact: bool = True  # the text names every word of the model, nothing foreign


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
    """Catalog model names as weighted lemma keys; build once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        words = [w for i in catalog.items for w in WORD_RE.findall(fold(i.model))]
        self.connectors = frozenset(w for w in words if _is_preposition(w))
        self.vocabulary = ModelVocabulary(w for w in words if w not in self.connectors)
        self._models: list[_Model] = []
        self._type_surface: dict[str, str] = {}
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
        self._sku_index = {m.sku: i for i, m in enumerate(self._models)}
        self._name_tokens = frozenset(t for m in self._models for t in m.names)

    def _model(self, item: CatalogItem) -> _Model:
        name = fold(item.model)
        names: set[str] = set()
        for quoted in re.findall(r"«([^»]+)»", name):
            names.update(catalog_key(w) for w in WORD_RE.findall(quoted))
        tokens: list[str] = []
        for m in WORD_RE.finditer(name):
            word = m.group(0)
            if word in self.connectors or word.isdigit():
                continue
            key = catalog_key(word)
            tokens.append(key)
            if not self._type_surface.get(key) and len(tokens) == 1:
                self._type_surface[key] = item.model[m.start() : m.end()]
        type_stem = tokens[0] if tokens else ""
        return _Model(item.sku, frozenset(tokens), type_stem, frozenset(names))

    def word_keys(self, word: str) -> tuple[tuple[str, float], ...]:
        return self.vocabulary.word_keys(word)

    def type_surface(self, type_stem: str) -> str:
        return self._type_surface.get(type_stem, type_stem.capitalize())

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
            if not words[i].keys or words[i].text in self.connectors:
                i += 1
                continue
            j = self._run_end(work, words, i)
            ext = self._extension_end(work, words, j)
            run = words[i:j]
            mention = None
            if not (len(run) == 1 and run[0].text in UNIT_LIKE):
                mention = self._mention(text, run, words[j:ext])
            if mention is not None and not _next_to(mention, by_sku, work):
                mentions.append(mention)
                i = ext
            else:
                i = j
        return sorted(mentions, key=lambda m: m.start)

    def _sku_mentions(self, work: str) -> list[Mention]:
        """Articles written instead of names ("KS-101", "арт. pr704", "ОВ-601", "кс101")."""
        out = []
        for m in _SKU_RE.finditer(work):
            item = self._sku_item(m.group(1), m.group(2))
            if item is None:
                continue
            model = self._models[self._sku_index[item.sku]]
            keys = tuple((t, 1.0) for t in model.tokens)
            out.append(
                Mention(
                    m.start(), m.end(), MentionKind.CATALOG, item.sku, (item.sku,), item.model,
                    True, model.type_stem, keys,
                )
            )  # fmt: skip
        return out

    def _sku_item(self, letters: str, digits: str) -> CatalogItem | None:
        variants = [letters]
        if not letters.isascii():
            variants = [letters.translate(_LOOKALIKE), letters.translate(_PHONETIC)]
        for v in variants:
            item = self.catalog.get(f"{v}-{digits}") if v.isascii() else None
            if item is not None:
                return item
        return None

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

    def model_keys(self, sku: str) -> frozenset[str]:
        index = self._sku_index.get(sku)
        return self._models[index].tokens if index is not None else frozenset()

    def is_name_key(self, key: str) -> bool:
        return key in self._name_tokens

    def name_keys(self, sku: str) -> frozenset[str]:
        index = self._sku_index.get(sku)
        return self._models[index].names if index is not None else frozenset()

    def of_type(self, type_stem: str) -> tuple[str, ...]:
        """Every SKU of a garment noun (what a model outside the catalog may be sized like)."""
        return tuple(m.sku for m in self._models if m.type_stem == type_stem)

    def best(
        self,
        keys: dict[str, float],
        type_stem: str | None,
        required: frozenset[str] = frozenset(),
        excluded: frozenset[str] = frozenset(),
    ) -> tuple[str, ...]:
        """The SKUs that best fit a set of keys (one: resolved; several: a tie); `required`:
        keys a model must have (the name of a carried model), `excluded`: keys it must not."""
        scored = [
            s
            for s in self._scored(keys, type_stem)
            if required <= self._models[s[1]].tokens and not excluded & self._models[s[1]].tokens
        ]
        if not scored:
            return ()
        return tuple(self._models[i].sku for i in self._tied(scored))

    def _words(self, work: str, colour_spans: Sequence[tuple[int, int]]) -> list[_Word]:
        out = []
        for m in WORD_RE.finditer(work):
            if any(s <= m.start() < e for s, e in colour_spans):
                out.append(_Word(m.start(), m.end(), "", ()))
                continue
            text = m.group(0)
            if text.isascii() and text.isalpha() and transliterate(text) in self.connectors:
                text = transliterate(text)  # «perchatki hb s pvh»
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
            if w.text in self.connectors:
                nxt = words[j + 1] if j + 1 < len(words) else None
                if nxt is not None and nxt.keys and _GAP_OK.match(work[w.end : nxt.start]):
                    j += 1
                    continue
                break
            if not w.keys:
                break
            is_type = any(k in self.type_stems for k, _q in w.keys)
            joined = work[words[j - 1].end : w.start] == "-"
            after_connector = words[j - 1].text in self.connectors
            if is_type and types_seen and not after_connector and not joined:
                break
            types_seen += is_type
            j += 1
        return j

    def _extension_end(self, work: str, words: list[_Word], j: int) -> int:
        """Unknown words right after a run that still name the item ("химзащиты Л-1")."""
        k = j
        while k < len(words) and k - j < _MAX_EXTENSION:
            w = words[k]
            prev_end = words[k - 1].end if k > 0 else 0
            if not _GAP_OK.match(work[prev_end : w.start]) or w.keys or not w.text:
                break
            if w.text.isdigit() or w.text in _STOP_EXTEND or len(w.text) < 2:  # noqa: PLR2004
                break
            k += 1
        return k

    def _scored(
        self, keys: dict[str, float], type_stem: str | None
    ) -> list[tuple[tuple[float, int], int]]:
        candidates = {i for k in keys for i in self._by_token.get(k, ())}
        if type_stem is not None:
            candidates = {i for i in candidates if self._models[i].type_stem == type_stem}
        return sorted(
            ((self._score(self._models[i], keys), i) for i in candidates),
            key=lambda x: (-x[0][0], x[0][1], x[1]),
        )

    def _tied(self, scored: list[tuple[tuple[float, int], int]]) -> list[int]:
        """The best models: with every word named, those alone; else all of equal weight."""
        (best_w, best_un), _i = scored[0]
        if best_un == 0:
            return [i for (w, un), i in scored if w > best_w - _EPS and un == 0]
        return [i for (w, _un), i in scored if w > best_w - _EPS]

    def _mention(self, text: str, run: list[_Word], ext: list[_Word]) -> Mention | None:
        keys: dict[str, float] = {}
        for w in run:
            for k, q in w.keys:
                keys[k] = max(q, keys.get(k, 0.0))
        type_stem = next((k for w in run for k, _q in w.keys if k in self.type_stems), None)
        start, end = run[0].start, (ext[-1].end if ext else run[-1].end)
        scored = self._scored(keys, type_stem)
        key_tuple = tuple(keys.items())
        has_type = type_stem is not None
        if not scored:
            if type_stem is None:
                return None
            phrase = self.phrase(text, run, ext, type_stem)
            return Mention(start, end, MentionKind.UNKNOWN, None, self.of_type(type_stem), phrase,
                           True, type_stem, key_tuple, is_exact=False)  # fmt: skip
        (_best_w, best_un), best_i = scored[0]
        best = self._models[best_i]
        tied = self._tied(scored)
        only_type = set(keys) & best.tokens <= {best.type_stem}
        names_in_run = {k for k in keys if k in self._name_tokens}
        conflict = bool(names_in_run - best.tokens) and bool(best.names - set(keys))
        foreign = [w for w in run if not any(k in best.tokens for k, _q in w.keys)]
        exact = best_un == 0 and not foreign and not ext
        if type_stem is None:
            rare = any(len(self._by_token[k]) <= _RARE_DF for k in set(keys) & best.tokens)
            if not rare or conflict or len(tied) > 1:
                return None
        if (
            conflict or (only_type and (ext or foreign)) or len(tied) > 1
        ) and type_stem is not None:
            phrase = self.phrase(text, run, ext, type_stem)
        else:
            phrase = text[start : run[-1].end]
            phrase = phrase[:1].upper() + phrase[1:]
        if conflict or (only_type and (ext or foreign)) or (len(tied) > 1 and ext):
            similar = self.of_type(type_stem) if type_stem else ()
            return Mention(start, end, MentionKind.UNKNOWN, None, similar, phrase, True,
                           type_stem, key_tuple, is_exact=False)  # fmt: skip
        if len(tied) > 1:
            skus = tuple(self._models[i].sku for i in tied)
            return Mention(start, end, MentionKind.AMBIGUOUS, None, skus, phrase, has_type,
                           type_stem, key_tuple, is_exact=False)  # fmt: skip
        return Mention(start, run[-1].end, MentionKind.CATALOG, best.sku, (best.sku,), phrase,
                       has_type, type_stem, key_tuple, is_exact=exact)  # fmt: skip

    def _score(self, model: _Model, keys: dict[str, float]) -> tuple[float, int]:
        weight = sum(self._idf[t] * keys[t] for t in model.tokens if t in keys)
        return weight, sum(1 for t in model.tokens if t not in keys)

    def phrase_of(self, text: str, work: str, m: Mention) -> str:
        """The normalised wording of a mention (for an item the workshop makes to its design)."""
        words = [w for w in self._words(work[: m.end], ()) if w.start >= m.start]
        run = [w for w in words if w.keys or w.text in self.connectors]
        ext = [w for w in words if not (w.keys or w.text in self.connectors)]
        return self.phrase(text, run, ext, m.type_stem) if run else m.phrase

    def phrase(
        self, text: str, run: Sequence[_Word], ext: Sequence[_Word], type_stem: str | None
    ) -> str:
        """An item outside the catalog in normalised wording: the catalog's garment noun, the
        other words as written, adjectives agreeing with the noun («фартуков поварских» →
        «Фартук поварской»)."""
        noun = self.type_surface(type_stem) if type_stem else None
        parts: list[str] = [noun] if noun else []
        for w in run:
            if type_stem is not None and any(k == type_stem for k, _q in w.keys):
                continue
            written = text[w.start : w.end]
            parts.append(
                agree(written, noun) if noun and w.text not in self.connectors else written
            )
        if ext:
            tail_end = ext[-1].end
            while tail_end < len(text) and text[tail_end] in '»"':
                tail_end += 1
            tail = text[ext[0].start : tail_end]
            if noun and len(ext) == 1 and tail == text[ext[0].start : ext[0].end]:
                tail = agree(tail, noun)  # «жилеты спасательные» → «Жилет спасательный»
            parts.append(tail)
        phrase = " ".join(p for p in parts if p).strip()
        return phrase[:1].upper() + phrase[1:]


def _is_preposition(word: str) -> bool:
    return word.isalpha() and any(str(p.tag.POS) == "PREP" for p in analyzer().parse(word)[:1])


def _next_to(mention: Mention, by_sku: Iterable[Mention], work: str) -> bool:
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
