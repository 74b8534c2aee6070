"""Counterparty names reduced to what identifies them, for duplicate matching.

``normalize_company_name('Общество с ограниченной ответственностью "Торговый дом "Рабочая
одежда""')`` gives ``"тд рабочая одежда"``. The steps: lower case, ё → е, Latin look-alike
letters inside Cyrillic words (and words made only of look-alikes, such as a Latin "OOO") become
Cyrillic, quotes of every kind, hyphens and other punctuation become word breaks, ``+`` reads
"плюс", "000" typed with zeros reads "ООО", legal forms (short or spelled out, in any
grammatical case: "общества с ограниченной ответственностью") are dropped wherever they stand,
together with the region codes after a state institution's form ("ГБУЗ ВО"), and a few
descriptive phrases are abbreviated ("управляющая компания" → "ук"). Words are joined by
single spaces; matchers compare the form without spaces too, so "Урал-Спец-Монтаж" meets
"Уралспецмонтаж".

Names of individuals ("ИП Иванов И.И.", "Кузнецов Андрей Викторович") are also read as a
``PersonName`` so that initials can be compared with full names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

_WORD = re.compile(r"[^\W_]+")
_LOOKALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_LOOKALIKE_LETTERS = frozenset("abcehkmoptxy")
_CYRILLIC = re.compile(r"[а-я]")

# Canonical short form → the ways it is written (short forms as one word, spelled-out forms
# as word sequences in lower case with ё → е).
_LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "ООО": ("ооо", "общество с ограниченной ответственностью"),
    "ОДО": ("одо", "общество с дополнительной ответственностью"),
    "ПАО": ("пао", "публичное акционерное общество"),
    "НАО": ("нао", "непубличное акционерное общество"),
    "ЗАО": ("зао", "закрытое акционерное общество"),
    "ОАО": ("оао", "открытое акционерное общество"),
    "АО": ("ао", "акционерное общество"),
    "ИП": ("ип", "индивидуальный предприниматель"),
    "КФХ": ("кфх", "крестьянское фермерское хозяйство"),
    "ФГУП": ("фгуп", "федеральное государственное унитарное предприятие"),
    "ГУП": ("гуп", "государственное унитарное предприятие"),
    "МУП": ("муп", "муниципальное унитарное предприятие"),
    "АНО": ("ано", "автономная некоммерческая организация"),
    "НКО": ("нко", "некоммерческая организация"),
    "ТСЖ": ("тсж", "товарищество собственников жилья"),
    "СНТ": ("снт", "садоводческое некоммерческое товарищество"),
    "ГБУЗ": ("гбуз", "государственное бюджетное учреждение здравоохранения"),
    "ГАУЗ": ("гауз", "государственное автономное учреждение здравоохранения"),
    "ГБУ": ("гбу", "государственное бюджетное учреждение"),
    "ГАУ": ("гау", "государственное автономное учреждение"),
    "ГКУ": ("гку", "государственное казенное учреждение"),
    "ФГБУ": ("фгбу", "федеральное государственное бюджетное учреждение"),
    "ФКУ": ("фку", "федеральное казенное учреждение"),
    "БУ": ("бу", "бюджетное учреждение"),
    "МБУ": ("мбу", "муниципальное бюджетное учреждение"),
    "МАУ": ("мау", "муниципальное автономное учреждение"),
    "МКУ": ("мку", "муниципальное казенное учреждение"),
    "ГБОУ": ("гбоу", "государственное бюджетное образовательное учреждение"),
    "ГБПОУ": ("гбпоу", "государственное бюджетное профессиональное образовательное учреждение"),
    "ФГБОУ": ("фгбоу", "федеральное государственное бюджетное образовательное учреждение"),
    "МБОУ": ("мбоу", "муниципальное бюджетное общеобразовательное учреждение"),
    "МАОУ": ("маоу", "муниципальное автономное общеобразовательное учреждение"),
    "МКОУ": ("мкоу", "муниципальное казенное общеобразовательное учреждение"),
    "МБДОУ": ("мбдоу", "муниципальное бюджетное дошкольное образовательное учреждение"),
    "МАДОУ": ("мадоу", "муниципальное автономное дошкольное образовательное учреждение"),
}
SHORT_LEGAL_FORMS = frozenset(form.lower() for form in _LEGAL_FORMS)
_FORM_BY_WORDS: dict[tuple[str, ...], str] = {
    tuple(spelling.split()): form
    for form, spellings in _LEGAL_FORMS.items()
    for spelling in spellings
}
_ZERO_LOOKALIKES = frozenset("0оo")
# Forms of state and municipal institutions, which are often followed by region or sector
# codes: "ГБУЗ ВО" (Вологодской области), "БУ СО ВО" (социального обслуживания).
_INSTITUTION_FORMS = frozenset(form for form in _LEGAL_FORMS if form.endswith(("У", "УЗ")))
_REGION_CODES = frozenset(
    ("во", "ао", "со", "яо", "ко", "то", "мо", "ло", "но", "ро", "ио", "рк", "рф")
)
_PHRASES: dict[tuple[str, ...], str] = {
    ("управляющая", "компания"): "ук",
    ("частное", "охранное", "предприятие"): "чоп",
    ("охранное", "предприятие"): "оп",
    ("торговый", "дом"): "тд",
    ("научно", "производственное", "предприятие"): "нпп",
    ("научно", "производственное", "объединение"): "нпо",
}
_PERSON_FORMS = frozenset(("ИП", "КФХ"))
_PATRONYMIC_ENDINGS = ("ович", "евич", "ьич", "ич", "овна", "евна", "ична", "инична")


@dataclass(frozen=True, slots=True)
class PersonName:
    """An individual's name; ``first`` and ``patronymic`` may be one-letter initials."""

    surname: str
    first: str
    patronymic: str | None


def _fold(word: str) -> str:
    if len(word) == len("ооо") and "0" in word and set(word) <= _ZERO_LOOKALIKES:
        return "ооо"  # "000 «Ромашка»": the form typed with zeros
    if _CYRILLIC.search(word) or set(word) <= _LOOKALIKE_LETTERS:
        return word.translate(_LOOKALIKES)
    return word


_EXACT_WORD = 2
_SHORT_WORD = 4
_ENDING = 3
_LONG_WORD = 8
_OPENING = 3  # no word of a legal form or phrase is shorter than this before its ending


def _inflected(written: str, spelled: str) -> bool:
    """Whether ``written`` is ``spelled`` in some grammatical case ("общества" ~ "общество").

    Russian declension changes the last two or three letters; the stems of the words in legal
    forms and phrases are long and distinct, so a stem match is exact enough for them, and a
    long stem may even carry one slip ("ответстевнностью").
    """
    if written == spelled:
        return True
    if len(spelled) <= _EXACT_WORD or abs(len(written) - len(spelled)) > _ENDING:
        return False
    stem = spelled if len(spelled) <= _SHORT_WORD else spelled[:-_ENDING]
    if written.startswith(stem):
        return True
    return len(spelled) >= _LONG_WORD and OSA.distance(written[: len(stem)], stem) <= 1


def _phrase_at(words: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return len(words) - i >= len(phrase) and all(
        _inflected(w, p) for w, p in zip(words[i : i + len(phrase)], phrase, strict=False)
    )


def _by_opening(
    phrases: Iterable[tuple[tuple[str, ...], str]],
) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Phrases (longest first) grouped by the first letters of their first word, so that a
    word is only tried against the phrases that may start with it."""
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for words, value in sorted(phrases, key=lambda item: -len(item[0])):
        grouped[words[0][:_OPENING]].append((words, value))
    return dict(grouped)


def _phrases_for(
    grouped: dict[str, list[tuple[tuple[str, ...], str]]], word: str
) -> list[tuple[tuple[str, ...], str]]:
    return grouped.get(word[:_OPENING], [])


def _form_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The legal form starting at ``words[i]`` and how many words it takes, or None."""
    for spelling, form in _phrases_for(_SPELLED_FORMS, words[i]):
        if _phrase_at(words, i, spelling):
            return form, len(spelling)
    single = _FORM_BY_WORDS.get((words[i],))
    return (single, 1) if single else None


_SPELLED_FORMS = _by_opening(
    (words, form) for words, form in _FORM_BY_WORDS.items() if len(words) > 1
)
_PHRASES_BY_OPENING = _by_opening(_PHRASES.items())


def _raw_words(name: str) -> list[str]:
    text = name.lower().replace("ё", "е").replace("+", " плюс ")
    return [_fold(word) for word in _WORD.findall(text)]


def _split_forms(words: list[str]) -> tuple[list[str], list[str]]:
    """Separate legal forms (and the region codes after institutions) from the other words."""
    forms: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        found = _form_at(words, i)
        if found is None:
            rest.append(words[i])
            i += 1
            continue
        form, size = found
        forms.append(form)
        i += size
        if form in _INSTITUTION_FORMS:
            while i < len(words) and words[i] in _REGION_CODES:
                i += 1
    return forms, rest


def _abbreviate(words: list[str]) -> list[str]:
    result: list[str] = []
    i = 0
    while i < len(words):
        for phrase, short in _phrases_for(_PHRASES_BY_OPENING, words[i]):
            if _phrase_at(words, i, phrase):
                result.append(short)
                i += len(phrase)
                break
        else:
            result.append(words[i])
            i += 1
    return result


def name_words(name: str) -> list[str]:
    """The words of ``normalize_company_name(name)``."""
    return _abbreviate(_split_forms(_raw_words(name))[1])


def normalize_company_name(name: str) -> str:
    """The name without legal form, quotes and punctuation, in lower case, for matching."""
    return " ".join(name_words(name))


def capitalised_words(name: str) -> frozenset[str]:
    """The words (as in ``name_words``) written in capitals: "УСМ", "НГС" in "НГС-Пермь".

    Such a word may be an abbreviation of the words of another name; legal forms are not
    included. When the whole name is in capitals, every word of it is.
    """
    found = {
        _fold(word.lower().replace("ё", "е"))
        for word in _WORD.findall(name.replace("Ё", "Е"))
        if len(word) > 1 and word.isalpha() and word.isupper()
    }
    return frozenset(found - SHORT_LEGAL_FORMS)


def legal_form(name: str) -> str | None:
    """The canonical short legal form the name carries first ("ООО", "ИП", ...), or None."""
    forms, _ = _split_forms(_raw_words(name))
    return forms[0] if forms else None


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


def _is_name_word(word: str) -> bool:
    return len(word) > 1 and word.isalpha()


def person_name(name: str) -> PersonName | None:
    """Read an individual's name: "ИП Иванов И.И.", "Кузнецов Андрей Викторович", "И.П. Иванов".

    A name without the ИП/КФХ form counts only when it has the shape of a full name (with a
    patronymic) or of a surname with two initials; with the form, "Иванов Иван" is enough.
    """
    forms, words = _split_forms(_raw_words(name))
    is_person_form = any(form in _PERSON_FORMS for form in forms)
    match words:
        case [first, patronymic, surname] if (
            _is_initial(first) and _is_initial(patronymic) and _is_name_word(surname)
        ):
            return PersonName(surname=surname, first=first, patronymic=patronymic)
        case [surname, first, patronymic] if (
            _is_name_word(surname) and _is_initial(first) and _is_initial(patronymic)
        ):
            return PersonName(surname=surname, first=first, patronymic=patronymic)
        case [surname, first, patronymic] if all(map(_is_name_word, words)) and (
            is_person_form or patronymic.endswith(_PATRONYMIC_ENDINGS)
        ):
            return PersonName(surname=surname, first=first, patronymic=patronymic)
        case [surname, first] if is_person_form and _is_name_word(surname) and first.isalpha():
            return PersonName(surname=surname, first=first, patronymic=None)
    return None
