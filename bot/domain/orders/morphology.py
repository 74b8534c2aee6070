"""Russian morphology for the parser: pymorphy3, loaded once per process, behind small caches.

The parser never calls pymorphy3 per word of a message when it can avoid it: the words it
looks for (catalog words, colours, number words) are expanded once into *every inflected form*
(`forms_of`), so reading a message is a dictionary lookup. `lemmas` is the fallback for words
no table holds (a typo'd or unknown word), cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pymorphy3

_LEMMA_CACHE = 65536


def fold(text: str) -> str:
    """Lower case and ё → е, keeping the length (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low.replace("ё", "е")
    out = []
    for ch in text:
        lowered = ch.lower()
        out.append(lowered if len(lowered) == 1 else ch)
    return "".join(out).replace("ё", "е")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide analyser (loading the dictionaries takes ~0.1 s)."""
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=_LEMMA_CACHE)
def lemmas(word: str) -> tuple[str, ...]:
    """Folded normal forms of a folded word, most probable first (the word itself if none)."""
    if not word or not word.isalpha():
        return (word,)
    out: list[str] = []
    for parse in analyzer().parse(word):
        lemma = fold(parse.normal_form)
        if lemma not in out:
            out.append(lemma)
    return tuple(out) or (word,)


def forms_of(lemma: str, *, pos: Iterable[str] = ()) -> frozenset[str]:
    """Every folded form of a word's lexeme(s) (all cases, numbers and genders).

    `pos` limits the parses used (e.g. {"NUMR"}); by default every parse whose normal form is
    the lemma counts, so "синий" gives синяя, синих, синим..., "брюки" gives брюк, брюкам...
    """
    wanted = set(pos)
    target = fold(lemma)
    forms: set[str] = {target}
    for parse in analyzer().parse(lemma):
        if fold(parse.normal_form) != target:
            continue
        if wanted and not (wanted & set(str(parse.tag.POS or "").split(","))):
            continue
        forms.update(fold(f.word) for f in parse.lexeme)
    return frozenset(forms)


@lru_cache(maxsize=_LEMMA_CACHE)
def grammemes(word: str) -> frozenset[str]:
    """Every grammeme of every parse of a word (e.g. to tell a surname: "Surn")."""
    out: set[str] = set()
    for parse in analyzer().parse(word):
        out.update(str(parse.tag).replace(" ", ",").split(","))
    return frozenset(out)
