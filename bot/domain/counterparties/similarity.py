"""How alike two counterparty names are, and whether two records are in the same city.

``NameKey.of(name, city)`` reduces a record to what name matching needs; ``compare_names(a, b)``
gives a ``NameMatch`` (a similarity in 0..1 before the city is weighed, what kind of match it
is, and the ``CityRelation``) or None when the names are not alike at all.

- **Individuals** ("ИП Иванов И.И.", "Кузнецов Андрей Викторович", "ИП Петрова Н.С. (Вологда)")
  match by surname and first name and patronymic or their initials; the surname must be equal
  but for one mistyped or swapped letter (Петорва is Петрова, Петров is not).
- **Companies**: the normalised words (``names.name_words``, city words taken out) compared with
  rapidfuzz. A typo (one letter wrong, missing, extra, or two letters swapped; two such in a
  long name) scores at least ``TYPO_SIMILARITY`` however short the name; names alike in other
  ways stay below ``SIMILAR_CAP``: by name alone only the same name (words in any order, generic
  words such as "компания" aside) or a typo of it is a duplicate. A word only one name
  has (a number, "Плюс", "Механика", "-М") marks another company and caps the similarity at
  ``EXTRA_WORD_CAP``.
- **Abbreviations**: a short word (up to four letters, or up to six in capitals or without
  vowels), such as "ВСК", "усм", "ЛКВС", stands for the remaining words of the other name when
  its letters start each of those words in order: "ВСК" ~ "Вологодская Сервисная Компания",
  "УСМ" ~ "Уралспецмонтаж", "ЛКВС" ~ "Лесокомбинат Верхнесухонский". Such a match scores
  ``ABBREVIATION_SIMILARITY``: a hint on its own, a duplicate when the corporate e-mail domain
  agrees (see ``match``).
- **City**: the city fields are compared without "г." and with the ending of a grammatical case
  ignored ("г. Вологды" is Вологда); a record without a city is in the other record's city
  when its name names that city ("Ромашка (Череповец)", "Спецодежда Кострома"); a district
  named after the other's city ("Вологодский район") is neither the same city nor another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.domain.counterparties.names import (
    PersonName,
    capitalised_words,
    name_words,
    person_name,
)

NAME_FLOOR = 0.6
INITIALS_SIMILARITY = 0.9
EXTRA_WORD_CAP = 0.75
ABBREVIATION_SIMILARITY = 0.8
TYPO_SIMILARITY = 0.9
SIMILAR_CAP = 0.8  # alike beyond a typo ("Молочный дворик") is similar, never the same
_TYPO_MIN_LENGTH = 5  # "Щит" and "Шит" are too short to call one a typo of the other
_TWO_TYPOS_MIN_LENGTH = 10
_MAX_SLIPS = 2
_WORD_MATCH = 80
_MIN_CONTAINED_WORD = 4
_ABBREVIATION_LENGTHS = range(2, 7)
_SHORT_ABBREVIATION = 4
_CITY_STEM = 4
_CITY_ENDING = 2
_VOWELS = frozenset("аеиоуыэюяё")
_GENERIC_WORDS = frozenset(("тд", "ук", "оп", "чоп", "гк", "г", "компания", "группа", "фирма"))
_SKIPPABLE = frozenset(("и", "в", "с", "по", "на", "для"))  # "Колледж сервиса и технологий"
_CITY_PREFIXES = frozenset(("г", "гор", "город"))
# What may follow an individual's name: "(Вологда)", "г. Вологда".
_ASIDES = re.compile(r"\([^()]*\)|\bг(?:ор)?\.\s*\S+", re.IGNORECASE)
_DISTRICT_WORDS = frozenset(("район", "р", "н", "рн", "область", "обл", "округ", "край"))
_CITY_ALIASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("спб",): ("санкт", "петербург"),
    ("питер",): ("санкт", "петербург"),
    ("с", "петербург"): ("санкт", "петербург"),
    ("мск",): ("москва",),
    ("екб",): ("екатеринбург",),
    ("нн",): ("нижний", "новгород"),
    ("н", "новгород"): ("нижний", "новгород"),
}


class NameKind(StrEnum):
    NAME = "name"
    SIMILAR_NAME = "similar_name"
    INITIALS = "initials"
    ABBREVIATION = "abbreviation"


class CityRelation(StrEnum):
    SAME = "same"
    UNKNOWN = "unknown"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class NameKey:
    """A record's name as matching sees it: words, person, capitals and the city words."""

    words: tuple[str, ...]
    person: PersonName | None
    capitals: frozenset[str]
    city: tuple[str, ...]

    @classmethod
    def of(cls, name: str, city: str) -> NameKey:
        return cls(
            words=tuple(name_words(name)),
            person=person_name(name) or person_name(_ASIDES.sub(" ", name)),
            capitals=capitalised_words(name),
            city=city_words(city),
        )

    @property
    def compact(self) -> str:
        return "".join(self.words)

    def without_city(self) -> tuple[str, ...]:
        """The words without those of its own city field ("Стройдеталь (Великий Устюг)")."""
        return _strip_city(self.words, [self.city] if self.city else [])


@dataclass(frozen=True, slots=True)
class NameMatch:
    similarity: float
    kind: NameKind
    city: CityRelation
    shortened: bool = False  # the incoming name is some of the existing one's words


@lru_cache(maxsize=4096)
def city_words(city: str) -> tuple[str, ...]:
    """The city as words, without "г."/"город" and with common short names spelled out."""
    words = [w for w in name_words(city) if w not in _CITY_PREFIXES]
    for short, full in _CITY_ALIASES.items():
        if tuple(words) == short:
            return full
    return tuple(words)


def _same_city_word(a: str, b: str) -> bool:
    """Equal, or one word in another grammatical case ("вологда"/"вологды", "пермь"/"перми")."""
    if a == b:
        return True
    if min(len(a), len(b)) <= _CITY_STEM or abs(len(a) - len(b)) > 1:
        return False  # "мурман" is not "мурманск": a case ending adds at most one letter
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(_CITY_STEM, min(len(a), len(b)) - _CITY_ENDING)


def _same_city(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(map(_same_city_word, a, b))


def _mentions(words: Sequence[str], city: Sequence[str]) -> bool:
    """Whether the city's words stand, in order, among ``words`` (with aliases)."""
    for start in range(len(words)):
        for size in (len(city), 1, 2):
            part = city_words(" ".join(words[start : start + size]))
            if part and _same_city(part, city):
                return True
    return False


def _near_city(district: Sequence[str], city: Sequence[str]) -> bool:
    """Whether a district is named after the city ("Вологодский район" and Вологда)."""
    stem = max(_CITY_STEM, len(city[-1]) - _CITY_ENDING)
    return any(w[:stem] == city[-1][:stem] for w in district if w not in _DISTRICT_WORDS)


def city_relation(incoming: NameKey, existing: NameKey) -> CityRelation:
    """Same city, another one, or unknown: a city missing on either side (and not named in
    the incoming name), or a district named after the other's city."""
    if incoming.city and existing.city:
        if _same_city(incoming.city, existing.city):
            return CityRelation.SAME
        for district, city in ((incoming.city, existing.city), (existing.city, incoming.city)):
            if set(district) & _DISTRICT_WORDS and _near_city(district, city):
                return CityRelation.UNKNOWN
        return CityRelation.OTHER
    if existing.city and _mentions(incoming.words, existing.city):
        return CityRelation.SAME
    return CityRelation.UNKNOWN


def _strip_city(words: tuple[str, ...], cities: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The name without the words of either city ("Стройтехмонтаж Ярославль", "… СПб")."""
    city = [w for c in cities for w in c]
    stripped = tuple(
        w
        for w in words
        if w not in _CITY_PREFIXES
        and _CITY_ALIASES.get((w,)) not in cities
        and not any(_same_city_word(w, c) for c in city)
    )
    return stripped or words


def surname_slip(a: str, b: str) -> bool:
    """One letter mistyped or two swapped in a surname of five letters or more. A letter more
    or less is no slip: Петров is not Петрова."""
    return (
        len(a) == len(b) >= _TYPO_MIN_LENGTH
        and a[0] == b[0]
        and OSA.distance(a, b, score_cutoff=1) == 1
    )


def person_similarity(a: PersonName, b: PersonName) -> float:
    slip = a.surname != b.surname
    if slip and not surname_slip(a.surname, b.surname):
        return 0.0
    exact = not slip
    for x, y in ((a.first, b.first), (a.patronymic, b.patronymic)):
        if x is None or y is None or len(x) == 1 or len(y) == 1:
            exact = False
            if x is not None and y is not None and x[0] != y[0]:
                return 0.0
        elif x != y:
            return 0.0
    return 1.0 if exact else INITIALS_SIMILARITY


def _alike(word: str, other: str) -> bool:
    return word == other or fuzz.ratio(word, other) >= _WORD_MATCH


def _has_distinguishing_word(words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether ``words`` has a word (not a generic one) that ``other`` lacks."""
    other_compact = "".join(other)
    for word in words:
        if word in _GENERIC_WORDS or word in other:
            continue
        if any(ch.isdigit() for ch in word):
            return True  # numbers tell companies apart: "№ 5" is not "№ 7"
        if len(word) >= _MIN_CONTAINED_WORD and word in other_compact:
            continue
        if not any(_alike(word, o) for o in other):
            return True
    return False


def _is_subsequence(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _spells(abbreviation: str, words: Sequence[str]) -> bool:
    """Whether the letters of ``abbreviation`` start each of ``words`` in order, each word
    giving one or more letters from within it: "лквс" ~ ("лесокомбинат", "верхнесухонский")."""
    if not words:
        return not abbreviation
    word, rest = words[0], words[1:]
    if word in _SKIPPABLE and _spells(abbreviation, rest):
        return True
    if not abbreviation or abbreviation[0] != word[0]:
        return False
    for taken in range(1, len(abbreviation) - len(rest) + 1):
        if _is_subsequence(abbreviation[1:taken], word[1:]) and _spells(
            abbreviation[taken:], rest
        ):
            return True
    return False


def may_abbreviate(word: str, capitals: frozenset[str]) -> bool:
    """Whether a word may be an abbreviation: 2-4 letters, or up to 6 written in capitals or
    without vowels ("ЛКВС", "нгс")."""
    return (
        len(word) in _ABBREVIATION_LENGTHS
        and word.isalpha()
        and word not in _GENERIC_WORDS
        and (len(word) <= _SHORT_ABBREVIATION or word in capitals or not set(word) & _VOWELS)
    )


def _abbreviates(short: NameKey, words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether one word of ``words`` abbreviates what ``other`` has beyond the shared words."""
    own = [w for w in words if not any(_alike(w, o) for o in other)]
    expanded = [o for o in other if not any(_alike(o, w) for w in words)]
    if len(own) != 1 or not expanded:
        return False
    abbreviation = own[0]
    if not may_abbreviate(abbreviation, short.capitals) or any(
        ch.isdigit() for w in expanded for ch in w
    ):
        return False
    target = "".join(expanded)
    if target.startswith(abbreviation) or len(target) < 2 * len(abbreviation):
        return False  # a shorter name ("Техно" of "ТехноЛес"), not an abbreviation
    return _spells(abbreviation, expanded)


def _company_similarity(incoming: NameKey, existing: NameKey) -> tuple[float, NameKind, bool]:
    """The similarity, its kind, and whether the incoming words are some of the existing's."""
    cities = [c for c in (incoming.city, existing.city) if c]
    a_all = _strip_city(incoming.words, cities)
    b_all = _strip_city(existing.words, cities)
    a, b = _specific(a_all), _specific(b_all)
    a_compact, b_compact = "".join(a), "".join(b)
    if not a_compact or not b_compact:
        return 0.0, NameKind.SIMILAR_NAME, False
    if a_compact == b_compact or sorted(a) == sorted(b):
        return 1.0, NameKind.NAME, False
    score = (
        max(fuzz.ratio(a_compact, b_compact), fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
        / 100
    )
    if _has_distinguishing_word(a, b) or _has_distinguishing_word(b, a):
        if _abbreviates(incoming, a_all, b_all) or _abbreviates(existing, b_all, a_all):
            return ABBREVIATION_SIMILARITY, NameKind.ABBREVIATION, False
        shortened = not _has_distinguishing_word(a, b)
        return min(score, EXTRA_WORD_CAP), NameKind.SIMILAR_NAME, shortened
    if _is_typo(a, b):
        return max(score, TYPO_SIMILARITY), NameKind.SIMILAR_NAME, False
    return min(score, SIMILAR_CAP), NameKind.SIMILAR_NAME, False


def _specific(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words without generic ones ("компания", "тд"), unless nothing else is left."""
    return tuple(w for w in words if w not in _GENERIC_WORDS) or words


def _slips(a: str, b: str) -> int | None:
    """How many keyboard slips turn ``a`` into ``b`` (a letter wrong, missing, extra, or two
    swapped), or None when more than the word's length allows (none under five letters)."""
    shorter = min(len(a), len(b))
    allowed = 2 if shorter >= _TWO_TYPOS_MIN_LENGTH else 1 if shorter >= _TYPO_MIN_LENGTH else 0
    distance = OSA.distance(a, b, score_cutoff=allowed)
    return distance if distance <= allowed else None


def _is_typo(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether ``a`` is ``b`` with a slip or two, the digits untouched: word by word (in the
    order written or sorted) when both have as many words, else over the joined letters."""
    a_compact, b_compact = "".join(a), "".join(b)
    if [ch for ch in a_compact if ch.isdigit()] != [ch for ch in b_compact if ch.isdigit()]:
        return False
    if len(a) != len(b):
        return (_slips(a_compact, b_compact) or 0) == 1
    for x, y in ((a, b), (sorted(a), sorted(b))):
        slips = [_slips(u, v) for u, v in zip(x, y, strict=True)]
        if None not in slips and sum(s or 0 for s in slips) <= _MAX_SLIPS:
            return True
    return False


def compare_names(incoming: NameKey, existing: NameKey) -> NameMatch | None:
    """How alike the names are (see the module doc); None below ``NAME_FLOOR``."""
    shortened = False
    if incoming.person and existing.person:
        similarity = person_similarity(incoming.person, existing.person)
        kind = NameKind.NAME if similarity == 1.0 else NameKind.INITIALS
        if incoming.person.surname != existing.person.surname:
            kind = NameKind.SIMILAR_NAME
    else:
        similarity, kind, shortened = _company_similarity(incoming, existing)
    if similarity < NAME_FLOOR:
        return None
    return NameMatch(similarity, kind, city_relation(incoming, existing), shortened)
