"""Step 3, read each slot: sizes, heights and quantities in many notations."""

from __future__ import annotations

import pytest

from bot.domain.orders.breakdown import read_breakdown
from bot.domain.orders.morphology import fold
from bot.domain.orders.sizes import SizeStyle, Sizing
from bot.domain.orders.text import normalise
from bot.domain.orders.tokens import tokenize

PAIRED = Sizing(SizeStyle.PAIRED, frozenset({"44-46", "48-50", "52-54", "56-58", "60-62"}))
SHOES = Sizing(SizeStyle.NUMERIC, frozenset(str(n) for n in range(38, 48)))
GLOVES = Sizing(SizeStyle.NUMERIC, frozenset(str(n) for n in range(7, 12)))


def read(text: str, sizing: Sizing) -> list[tuple[str | None, str | None, int | None]]:
    work = fold(normalise(text).text)
    breakdown = read_breakdown(tokenize(work, 0, len(work), []), sizing)
    return [(e.size, e.height, e.qty) for e in breakdown.entries]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("52-54/182-188 - 10 компл", [("52-54", "182-188", 10)]),
        ("р.52/54 рост 3 — 5 шт", [("52-54", "182-188", 5)]),
        ("52/182 — 3, 44/164 — 4", [("52-54", "182-188", 3), ("44-46", "158-164", 4)]),
        ("48-50/2р 5 шт, 52-54/3р 10 шт", [("48-50", "170-176", 5), ("52-54", "182-188", 10)]),
        ("52-54 3р 10шт", [("52-54", "182-188", 10)]),
        (
            "96-100/170-176 *2, 104-108/170-176 *3",
            [("48-50", "170-176", 2), ("52-54", "170-176", 3)],
        ),
        ("обхват груди 112-116, рост 182-188 — 6 компл.", [("56-58", "182-188", 6)]),
        ("56-58/182-188 x3", [("56-58", "182-188", 3)]),
        ("52-54 х20, 56-58 х10", [("52-54", None, 20), ("56-58", None, 10)]),
        ("52-54 × 4", [("52-54", None, 4)]),
        ("52-54 4 pcs", [("52-54", None, 4)]),
        ("рост 182 -5шт", [(None, "182-188", 5)]),
        (
            "с 48 по 56 по 2 шт",
            [("48-50", None, 2), ("52-54", None, 2), ("56-58", None, 2)],
        ),
        (
            "от 44 до 52 по 2 шт",
            [("44-46", None, 2), ("48-50", None, 2), ("52-54", None, 2)],
        ),
        ("с 48-50 по 56-58 по 3", [("48-50", None, 3), ("52-54", None, 3), ("56-58", None, 3)]),
        ("всего 20 компл: 44-46 — 8, 48-50 — 12", [("44-46", None, 8), ("48-50", None, 12)]),
        (
            "44-46, 48-50 рост 170-176 по 10",
            [("44-46", "170-176", 10), ("48-50", "170-176", 10)],
        ),
        (
            "сорок восемь пятьдесят рост сто семьдесят шесть четыре штуки",
            [("48-50", "170-176", 4)],
        ),
        ("пятьдесят два пятьдесят четыре штук пятнадцать", [("52-54", None, 15)]),
        (
            "сорок восемь пятьдесят и пятьдесят два пятьдесят четыре рост третий",
            [("48-50", "182-188", None), ("52-54", "182-188", None)],
        ),
        ("2 шт 44-46, 5 шт 48-50", [("44-46", None, 2), ("48-50", None, 5)]),
        ("по десять штук 52 54 и 56 58", [("52-54", None, 10), ("56-58", None, 10)]),
        ("р. 44, 48 по 2 шт", [("44-46", None, 2), ("48-50", None, 2)]),
        ("52 54 188 5 штук", [("52-54", "182-188", 5)]),  # a height said without «рост»
        (  # a height and a quantity take the size just before
            "52 54 третьего роста 8 штук и четвёртого роста 4 штуки",
            [("52-54", "182-188", 8), ("52-54", "194-200", 4)],
        ),
    ],
)
def test_clothing_notations(
    text: str, entries: list[tuple[str | None, str | None, int | None]]
) -> None:
    assert read(text, PAIRED) == entries


@pytest.mark.parametrize(
    ("text", "sizing", "entries"),
    [
        ("39-2, 40-4", SHOES, [("39", None, 2), ("40", None, 4)]),
        ("42-4п 43-4п", SHOES, [("42", None, 4), ("43", None, 4)]),
        ("41х3 42х5", SHOES, [("41", None, 3), ("42", None, 5)]),
        ("42(2) 43(4)", SHOES, [("42", None, 2), ("43", None, 4)]),
        ("41–43 — по 2 пары", SHOES, [("41", None, 2), ("42", None, 2), ("43", None, 2)]),
        (
            "р-ры 42 43 по 4 пары, 46 — 2 пары",
            SHOES,
            [("42", None, 4), ("43", None, 4), ("46", None, 2)],
        ),
        ("43-й размер три пары", SHOES, [("43", None, 3)]),
        ("9р — 4, 10р — 4", GLOVES, [("9", None, 4), ("10", None, 4)]),
        ("9 размер 10 пар и 10 размер тоже 10", GLOVES, [("9", None, 10), ("10", None, 10)]),
        ("10-го размера — 20 пар", GLOVES, [("10", None, 20)]),
    ],
)
def test_shoe_and_glove_notations(
    text: str, sizing: Sizing, entries: list[tuple[str | None, str | None, int | None]]
) -> None:
    assert read(text, sizing) == entries
