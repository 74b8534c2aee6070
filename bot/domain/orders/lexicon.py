"""Words managers use in orders: stems, workshop services, numbers, units, dates, cities.

Everything here is data plus small pure functions; the regexes are compiled once at import
(they are constants, not objects with state).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from bot.domain.orders.morphology import fold

__all__ = [
    "ALTERATION_RE", "CITIES", "CITY_ALIASES", "LOGO_ALL_RE", "LOGO_RE", "MADE_TO_MEASURE_RE",
    "MANUFACTURE_RE", "MONTHS", "MONTH_RE", "MULTIPLIER_WORDS", "NUMBER_PHRASE_RE",
    "NUMBER_WORDS", "SAMPLE_RE", "UNIT_RE", "WEEKDAYS", "WEEKDAY_RE", "fold", "month_number",
    "number_phrase_value", "stem", "unit_of", "weekday_number",
]  # fmt: skip

# ---------------------------------------------------------------------------------- stems

_ENDINGS = (
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ых", "их", "ый", "ий",
    "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях",
    "ов", "ев", "ей", "ью", "а", "я", "ы", "и", "у", "ю", "о", "е", "ь", "й",
)  # fmt: skip


@lru_cache(maxsize=32768)
def stem(word: str) -> str:
    """A crude Russian stem: the folded word without its inflection (at least 3 letters left)."""
    w = fold(word)
    if not w.isalpha():
        return w
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:  # noqa: PLR2004
            return w[: -len(ending)]
    return w


# Verbs after a bare garment noun that mean "alter the item above", not a new position.
ALTERATION_RE = re.compile(
    r"(?<![а-я])(?:укорот(?:ить|им|ите|ят)|подогна(?:ть|ем)|подгон(?:ка|ку|кой|ки)|ушить|ушьем"
    r"|удлини(?:ть|м)|подшить|подошь[её]м)(?![а-я])"
)

# Work kinds asked for in words.
LOGO_RE = re.compile(
    r"(?<![а-я])(?<!без\s)(?<!без\s\s)(?:нанесени\w*|нанести|нанес[её]м|вышивк\w*|вышить|шелкограф\w*|термотрансфер\w*"
    r"|надпис\w*|логотип\w*|лого)(?![а-я])"
)
LOGO_ALL_RE = re.compile(r"(?<![а-я])(?:на\s+вс[её]|на\s+всех|всем|все\s+позиции)(?![а-я])")
MADE_TO_MEASURE_RE = re.compile(
    r"(?:(?:пошив\w*|пошить|сшить|отшить|сошь[её]м)\s+)?(?:по\s+(?:индивидуальн\w*\s+)?мерк\w*"
    r"|под\s+мерк\w*)"
)
MANUFACTURE_RE = re.compile(
    r"(?<![а-я])(?:сшить|пошить|сошь[её]м|изготов\w*|изготовлени\w*|отшить|отшив\w*)(?![а-я])"
)
SAMPLE_RE = re.compile(
    r"(?:по|как\s+на)\s+(?:их|нашему|нашим|его|ее|её|своему|своим|клиентск\w*|присланн\w*)?\s*"
    r"(образц\w*|лекал\w*|эскиз\w*|фото\w*)(?:\s+клиента)?"
)

# ---------------------------------------------------------------------------------- numbers

NUMBER_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "один": 1, "одна": 1, "одно": 1, "одну": 1, "одного": 1, "одному": 1, "одной": 1,
        "два": 2, "две": 2, "двух": 2, "пару": 2, "три": 3, "трех": 3, "четыре": 4,
        "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
        "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15, "двадцать": 20,
        "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
        "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300,
        "полсотни": 50, "полсотню": 50, "дюжина": 12, "дюжину": 12, "десяток": 10,
        "сотня": 100, "сотню": 100,
    }
)  # fmt: skip
MULTIPLIER_WORDS: Mapping[str, int] = MappingProxyType(
    {"десятка": 10, "десятков": 10, "десяток": 10, "сотни": 100, "сотен": 100}
)
_NUMBER_WORD_ALT = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_MULT_ALT = "|".join(sorted(MULTIPLIER_WORDS, key=len, reverse=True))
NUMBER_PHRASE_RE = re.compile(
    rf"(?<![а-я])(?:полтора\s+(?:{_MULT_ALT})|(?:{_NUMBER_WORD_ALT})"
    rf"(?:\s+(?:{_NUMBER_WORD_ALT}))?(?:\s+(?:{_MULT_ALT}))?)(?![а-я])"
)


def number_phrase_value(phrase: str) -> int | None:
    words = phrase.split()
    if words[0] == "полтора":
        return 15 if MULTIPLIER_WORDS.get(words[1]) == 10 else 150  # noqa: PLR2004
    total = 0
    for w in words:
        if w in MULTIPLIER_WORDS and total:
            total *= MULTIPLIER_WORDS[w]
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
    return total or None


# ---------------------------------------------------------------------------------- units

UNIT_RE = re.compile(
    r"(?:штук[аи]?|шт|компл(?:ект(?:а|ов|ы)?)?|к-т|кмпл|пар(?:а|ы|у)?|чел(?:овек[аи]?)?|ед)"
    r"(?![а-я])\.?"
)


def unit_of(word: str) -> str:
    w = word.rstrip(".")
    if w.startswith(("пар", "par")):
        return "пара"
    if w.startswith(("компл", "к-т", "кмпл")):
        return "компл."
    if w.startswith("чел"):
        return "чел"
    return "шт"


# ---------------------------------------------------------------------------------- dates

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "май": 5, "мая": 5, "июн": 6,
        "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    }
)  # fmt: skip
MONTH_RE = (
    r"(январ[яье]|феврал[яье]|марта?|апрел[яье]|ма[яй]|июн[яье]|июл[яье]|августа?"
    r"|сентябр[яье]|октябр[яье]|ноябр[яье]|декабр[яье])"
)
WEEKDAYS: tuple[str, ...] = (
    "понедельн",
    "вторн",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскрес",
)
WEEKDAY_RE = (
    r"(понедельник\w*|вторник\w*|сред[уаые]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*"
    r"|(?:пн|вт|ср|чт|пт|сб|вс)(?![а-я]))"
)
_WEEKDAY_SHORT = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")


def month_number(word: str) -> int | None:
    w = fold(word)
    for prefix in sorted(MONTHS, key=len, reverse=True):
        if w.startswith(prefix):
            return MONTHS[prefix]
    return None


def weekday_number(word: str) -> int | None:
    w = fold(word)
    if w in _WEEKDAY_SHORT:
        return _WEEKDAY_SHORT.index(w)
    for i, prefix in enumerate(WEEKDAYS):
        if w.startswith(prefix):
            return i
    return None


# ---------------------------------------------------------------------------------- cities

CITIES: tuple[str, ...] = (
    "Москва", "Санкт-Петербург", "Вологда", "Череповец", "Екатеринбург", "Мурманск",
    "Нижний Новгород", "Великий Новгород", "Кострома", "Ярославль", "Рыбинск", "Тверь",
    "Пермь", "Архангельск", "Северодвинск", "Петрозаводск", "Сыктывкар", "Ухта", "Киров",
    "Иваново", "Владимир", "Тула", "Рязань", "Казань", "Самара", "Уфа", "Челябинск",
    "Новосибирск", "Омск", "Тюмень", "Сургут", "Краснодар", "Ростов-на-Дону", "Воронеж",
    "Белгород", "Курск", "Брянск", "Смоленск", "Калуга", "Псков", "Калининград", "Саратов",
    "Волгоград", "Пенза", "Ульяновск", "Ижевск", "Оренбург", "Красноярск", "Иркутск",
    "Хабаровск", "Владивосток", "Котлас", "Сокол", "Шексна", "Великий Устюг", "Тотьма",
    "Кириллов", "Белозерск", "Грязовец", "Бабаево", "Устюжна", "Вытегра", "Харовск",
    "Никольск", "Кадников", "Кирово-Чепецк", "Галич", "Буй", "Шарья", "Данилов",
    "Углич", "Ростов", "Переславль-Залесский", "Пошехонье", "Сергиев Посад", "Подольск",
    "Липецк", "Тамбов", "Орёл", "Чебоксары", "Йошкар-Ола", "Нарьян-Мар", "Воркута",
    "Кандалакша", "Апатиты", "Мончегорск", "Кемь", "Онега", "Каргополь", "Няндома",
    "Вельск", "Коряжма", "Новодвинск", "Сегежа", "Кондопога", "Медвежьегорск",
)  # fmt: skip
CITY_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "питер": "Санкт-Петербург",
        "спб": "Санкт-Петербург",
        "петербург": "Санкт-Петербург",
        "мск": "Москва",
        "екб": "Екатеринбург",
        "екат": "Екатеринбург",
        "нижн": "Нижний Новгород",
        "н.новгород": "Нижний Новгород",
        "нн": "Нижний Новгород",
        "велик": "Великий Новгород",
        "новгород": "Великий Новгород",
    }
)
