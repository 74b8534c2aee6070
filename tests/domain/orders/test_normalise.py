"""Step 1, normalise: numbers in words, characters, offsets back to the original."""

from __future__ import annotations

import pytest

from bot.domain.orders.number_words import read_number_words
from bot.domain.orders.text import normalise


@pytest.mark.parametrize(
    ("words", "values"),
    [
        ("сорок восемь пятьдесят", [48, 50]),
        ("пятьдесят два пятьдесят четыре", [52, 54]),
        ("шестьдесят шестьдесят два", [60, 62]),
        ("рост сто семьдесят шесть четыре штуки", [176, 4]),
        ("сто восемьдесят восемь шесть штук", [188, 6]),
        ("третий рост", [3]),
        ("сорок восемь пятьдесят второй рост", [48, 50, 2]),
        ("сорок третий сорок четвёртый и сорок пятый", [43, 44, 45]),
        ("с сорок восьмого по пятьдесят шестой", [48, 56]),
        ("десяток пар", [10]),
        ("три десятка", [30]),
        ("два десятка", [20]),
        ("полтора десятка", [15]),
        ("пятьдесят четыре десяток", [54, 10]),
        ("полсотни", [50]),
        ("пару таких же", [2]),
        ("по паре", [1]),
        ("одна пара", [1]),  # «пара» after a number is its unit
        ("к десятому декабря", [10]),
        ("сто процентов", [100]),
        ("двенадцать", [12]),
    ],
)
def test_numbers_in_words_are_read(words: str, values: list[int]) -> None:
    assert [n.value for n in read_number_words(words.replace("ё", "е"))] == values


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("сорок восемь пятьдесят рост сто семьдесят шесть", "48 50 рост 176"),
        ("жилеты три десятка", "жилеты 30"),
        ("хaки пaра", "хаки пара"),  # Latin look-alike letters inside a Cyrillic word
        ("KS-101 Master", "KS-101 Master"),  # Latin words stay Latin
        ("ООО СТО Автомастер", "ООО СТО Автомастер"),  # an abbreviation in capitals is no number
        ("р.52\u00a0— 4\u2009шт", "р.52 — 4 шт"),
    ],
)
def test_normalise_rewrites_what_later_steps_read(text: str, normalised: str) -> None:
    assert normalise(text).text == normalised


def test_every_character_keeps_its_source() -> None:
    doc = normalise("Ромашка: рост сто семьдесят шесть")
    i = doc.text.index("176")
    assert doc.source(i, i + 3) == "сто семьдесят шесть"
    j = doc.text.index("Ромашка")
    assert doc.source(j, j + 7) == "Ромашка"
    assert doc.low == doc.text.lower()


def test_rewrite_copies_pieces_with_their_source() -> None:
    doc = normalise("10;Перчатки МБС")
    moved = doc.rewrite([(0, len(doc.text), [(3, len(doc.text)), " — ", (0, 2)])])
    assert moved.text == "Перчатки МБС — 10"
    assert moved.source(0, 8) == "Перчатки"
    assert moved.source(len(moved.text) - 2, len(moved.text)) == "10"
