"""Step 4, resolve: colours as written and the catalog colour they mean for a model."""

from __future__ import annotations

import pytest

from bot.domain.catalog import Catalog
from bot.domain.orders.colours import ColourBook, ColourSpan, resolve_colour
from bot.domain.orders.morphology import fold


@pytest.fixture(scope="module")
def book(catalog: Catalog) -> ColourBook:
    return ColourBook(catalog)


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("синих", [("синий",)]),
        ("т.синяя с васильковым", [("тёмно-синий", "васильковый")]),
        ("т.син/васильк", [("тёмно-синий", "васильковый")]),
        ("тёмно синие с серым", [("тёмно-синий", "серый")]),
        ("т-син/голубой", [("тёмно-синий", "голубой")]),
        ("серо-красная", [("серый", "красный")]),
        ("черно-серые", [("чёрный", "серый")]),
        ("сер/чёрн", [("серый", "чёрный")]),
        ("оранж/синяя", [("оранжевый", "синий")]),
        ("чорные", [("чёрный",)]),  # a typo
        ("черн.", [("чёрный",)]),
        ("бирюз", [("бирюзовый",)]),
        ("олива", [("оливковый",)]),
        ("бордо", [("бордовый",)]),
        ("ser/chern", [("серый", "чёрный")]),  # typed in Latin
        ("камуфляж лес", [("камуфляж «Лес»",)]),
        ("кмф город", [("камуфляж «Город»",)]),
        ("белые 10 шт и синие 5", [("белый",), ("синий",)]),
        ("через неделю", []),
    ],
)
def test_colours_are_found(book: ColourBook, written: str, names: list[tuple[str, ...]]) -> None:
    assert [c.names for c in book.find(written, fold(written))] == names


def test_a_finish_is_kept_apart(book: ColourBook) -> None:
    [span] = book.find("зелёная с белой окантовкой", fold("зелёная с белой окантовкой"))
    assert (span.names, span.trim) == (("зелёный",), "с белой окантовкой")


@pytest.mark.parametrize(
    ("sku", "written", "value", "assumed", "candidates"),
    [
        ("KS-101", ("серый", "красный"), "серый/красный", False, ()),
        ("KS-101", ("красный", "серый"), "серый/красный", False, ()),  # either order
        ("KR-201", ("чёрный",), "чёрный", False, ()),  # the exact option before a part
        ("KR-203", ("серый",), "серый/красный", True, ()),  # the main colour of one option
        ("KS-110", ("синий",), "тёмно-синий", True, ()),  # the only blue
        ("KS-119", ("синий",), "васильковый/тёмно-синий", True, ()),
        ("KS-104", ("тёмно-синий",), "синий", True, ()),
        ("MD-408", ("голубой",), "белый/голубой", True, ()),
        ("TR-1005", ("зелёный",), "хаки", True, ()),
        ("GU-806", ("оливковый",), "хаки", True, ()),
        ("SG-501", ("жёлтый",), "лимонный", True, ()),
        ("KS-111", ("камуфляж",), "камуфляж «Лес»", True, ()),
        ("SG-503", ("синий",), None, False, ("оранжевый/синий", "лимонный/синий")),
        ("KS-109", ("оранжевый",), None, False, ("серый/оранжевый", "хаки/оранжевый")),
        ("KS-125", ("камуфляж",), None, False, ("камуфляж «Лес»", "камуфляж «Город»")),
        ("FR-1102", ("красный",), None, False, ("белый", "чёрный", "бордовый")),
        ("GU-808", ("чёрный",), "белый", True, ()),  # a model with one colour
    ],
)
def test_written_colours_resolve_or_are_asked(
    catalog: Catalog,
    sku: str,
    written: tuple[str, ...],
    value: str | None,
    assumed: bool,
    candidates: tuple[str, ...],
) -> None:
    item = catalog.get(sku)
    choice = resolve_colour(ColourSpan(0, 0, written, None), item)
    assert (choice.value, choice.is_assumed, choice.candidates) == (value, assumed, candidates)


def test_no_colour_written(catalog: Catalog) -> None:
    assert resolve_colour(None, catalog.get("GU-808")).value == "белый"
    asked = resolve_colour(None, catalog.get("KS-114"))
    assert (asked.value, asked.candidates) == (None, ("белый", "чёрный"))
