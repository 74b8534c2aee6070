"""How alike two counterparty names are, and whether two records are in the same city.

``NameKey.of(name, city)`` reduces a record to what name matching needs; ``compare_names(a, b)``
gives a ``NameMatch`` (a similarity in 0..1 before the city is weighed, what kind of match it
is, and the ``CityRelation``) or None when the names are not alike at all.

- **Individuals** ("ИП Иванов И.И.", "Кузнецов Андрей Викторович") match by surname and first
  name and patronymic or their initials; the surname must be equal (Петров is not Петрова).
- **Companies**: the normalised words (``names.name_words``, city words taken out) compared with
  rapidfuzz, so one-letter typos and swaps still score high. A word only one name has (a number,
  "Плюс", "Механика") marks another company and caps the similarity at ``EXTRA_WORD_CAP``.
- **Abbreviations**: a word written in capitals (or without vowels), such as "ВСК", "УСМ",
  "ЛКВС", stands for the remaining words of the other name when its letters start each of
  those words in order: "ВСК" ~ "Вологодская Сервисная Компания", "УСМ" ~ "Уралспецмонтаж",
  "ЛКВС" ~ "Лесокомбинат Верхнесухонский". Such a match scores ``ABBREVIATION_SIMILARITY``:
  a hint on its own, a duplicate when the corporate e-mail domain agrees (see ``match``).
- **City**: the city fields are compared without "г." and with the ending of a grammatical case
  ignored ("г. Вологды" is Вологда); a record without a city is in the other record's city
  when its name names that city ("Ромашка (Череповец)", "Спецодежда Кострома").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

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
_WORD_MATCH = 80
_MIN_CONTAINED_WORD = 4
_ABBREVIATION_LENGTHS = range(2, 7)
_CITY_STEM = 4
_CITY_ENDING = 2
_VOWELS = frozenset("аеиоуыэюяё")
_GENERIC_WORDS = frozenset(("тд", "ук", "оп", "чоп", "гк", "г", "компания", "группа", "фирма"))
_SKIPPABLE = frozenset(("и", "в", "с", "по", "на", "для"))  # "Колледж сервиса и технологий"
_CITY_PREFIXES = frozenset(("г", "гор", "город"))
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
            person=person_name(name),
            capitals=capitalised_words(name),
            city=city_words(city),
        )

    @property
    def compact(self) -> str:
        return "".join(self.words)


@dataclass(frozen=True, slots=True)
class NameMatch:
    similarity: float
    kind: NameKind
    city: CityRelation


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
    if min(len(a), len(b)) < _CITY_STEM + 1 or abs(len(a) - len(b)) > _CITY_ENDING:
        return False
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


def city_relation(incoming: NameKey, existing: NameKey) -> CityRelation:
    if incoming.city and existing.city:
        return CityRelation.SAME if _same_city(incoming.city, existing.city) else CityRelation.OTHER
    if existing.city and _mentions(incoming.words, existing.city):
        return CityRelation.SAME
    return CityRelation.UNKNOWN


def _strip_city(words: tuple[str, ...], cities: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The name without the words of either city ("Стройтехмонтаж Ярославль")."""
    city = [w for c in cities for w in c]
    stripped = tuple(
        w
        for w in words
        if w not in _CITY_PREFIXES and not any(_same_city_word(w, c) for c in city)
    )
    stripped = tuple(w for w in stripped if not any(city_words(w) == c for c in cities))
    return stripped or words


def person_similarity(a: PersonName, b: PersonName) -> float:
    if a.surname != b.surname:
        return 0.0
    exact = True
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


def _abbreviates(short: NameKey, words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether one word of ``words`` abbreviates what ``other`` has beyond the shared words."""
    own = [w for w in words if not any(_alike(w, o) for o in other)]
    expanded = [o for o in other if not any(_alike(o, w) for w in words)]
    if len(own) != 1 or not expanded:
        return False
    abbreviation = own[0]
    if (
        len(abbreviation) not in _ABBREVIATION_LENGTHS
        or not abbreviation.isalpha()
        or not (abbreviation in short.capitals or not set(abbreviation) & _VOWELS)
        or any(ch.isdigit() for w in expanded for ch in w)
    ):
        return False
    target = "".join(expanded)
    if target.startswith(abbreviation) or len(target) < 2 * len(abbreviation):
        return False  # a shorter name ("Техно" of "ТехноЛес"), not an abbreviation
    return _spells(abbreviation, expanded)


def _company_similarity(incoming: NameKey, existing: NameKey) -> tuple[float, NameKind]:
    cities = [c for c in (incoming.city, existing.city) if c]
    a = _strip_city(incoming.words, cities)
    b = _strip_city(existing.words, cities)
    a_compact, b_compact = "".join(a), "".join(b)
    if not a_compact or not b_compact:
        return 0.0, NameKind.SIMILAR_NAME
    if a_compact == b_compact:
        return 1.0, NameKind.NAME
    score = (
        max(fuzz.ratio(a_compact, b_compact), fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
        / 100
    )
    if _has_distinguishing_word(a, b) or _has_distinguishing_word(b, a):
        if _abbreviates(incoming, a, b) or _abbreviates(existing, b, a):
            return ABBREVIATION_SIMILARITY, NameKind.ABBREVIATION
        score = min(score, EXTRA_WORD_CAP)
    return score, NameKind.SIMILAR_NAME


def compare_names(incoming: NameKey, existing: NameKey) -> NameMatch | None:
    """How alike the names are (see the module doc); None below ``NAME_FLOOR``."""
    if incoming.person and existing.person:
        similarity = person_similarity(incoming.person, existing.person)
        kind = NameKind.NAME if similarity == 1.0 else NameKind.INITIALS
    else:
        similarity, kind = _company_similarity(incoming, existing)
    if similarity < NAME_FLOOR:
        return None
    return NameMatch(similarity, kind, city_relation(incoming, existing))
