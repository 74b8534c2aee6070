"""Step 2, segment: which text is whose position; carried models and shared breakdowns."""

from __future__ import annotations

import pytest

from bot.domain.orders.parser import OrderParser
from tests.domain.orders.conftest import TODAY

Row = tuple[str | None, str | None, str | None, str | None, int | None]


def rows(parser: OrderParser, text: str) -> list[Row]:
    order = parser.parse(text, today=TODAY)
    return [(p.sku, p.colour, p.size, p.height, p.qty) for p in order.positions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a modifier without its noun: the noun and the other words of the model before
            "Костюм повара женский белый 44-46/158-164 — 3 компл. и мужские 52-54/182-188 2 компл",
            [
                ("KS-115", "белый", "44-46", "158-164", 3),
                ("KS-114", "белый", "52-54", "182-188", 2),
            ],
        ),
        (  # a new name with the noun before
            "ботинки кожаные стандарт 43 по паре, и утеплённые Север тоже 44 — 1 пара",
            [("OB-606", "чёрный", "43", None, 1), ("OB-607", "чёрный", "44", None, 1)],
        ),
        (  # the line of the model stays: the plain «Технолог», there is no male one
            "костюм Технолог женский серо-красный 44-46/158-164 — 2; и мужской такой же "
            "52-54/182-188 — 3",
            [
                ("KS-126", "серый/красный", "44-46", "158-164", 2),
                ("KS-101", "серый/красный", "52-54", "182-188", 3),
            ],
        ),
        (  # two nouns sharing the name words and the breakdown
            "Костюм и куртка технолог черно-серые 48-50/170-176 по 2",
            [
                ("KS-101", "чёрный/серый", "48-50", "170-176", 2),
                ("KR-206", "чёрный/серый", "48-50", "170-176", 2),
            ],
        ),
        (
            "комбинезон механик и костюм механик, каждого 52-54/182-188 — 3",
            [
                ("BR-306", "синий", "52-54", "182-188", 3),
                ("KS-108", "синий/чёрный", "52-54", "182-188", 3),
            ],
        ),
        (  # «ещё 5 того же 4 рост»: the size before carries over
            "костюм зимний арктика т.синий 52-54 3 рост 4 компл, ещё 5 того же 4 рост",
            [
                ("KS-127", "тёмно-синий/васильковый", "52-54", "182-188", 4),
                ("KS-127", "тёмно-синий/васильковый", "52-54", "194-200", 5),
            ],
        ),
        (  # another model «такие же»: sizes and colour, its own quantity
            "халат мед жен белый 44-46/158-164 2, брюки мед жен такие же 2",
            [
                ("MD-401", "белый", "44-46", "158-164", 2),
                ("MD-406", "белый", "44-46", "158-164", 2),
            ],
        ),
        (  # «столько же» for a colour with no size: the whole breakdown again
            "костюм стандарт синий 48-50/170-176 5 компл, 52-54/182-188 3 компл, "
            "и зелёных столько же",
            [
                ("KS-104", "синий", "48-50", "170-176", 5),
                ("KS-104", "синий", "52-54", "182-188", 3),
                ("KS-104", "зелёный", "48-50", "170-176", 5),
                ("KS-104", "зелёный", "52-54", "182-188", 3),
            ],
        ),
        (  # a modifier with its own quantity; «на всех»: the total before
            "6 костюмов повара мужских белых 52-54/182-188 и 4 женских 44-46/158-164, колпаки "
            "на всех",
            [
                ("KS-114", "белый", "52-54", "182-188", 6),
                ("KS-115", "белый", "44-46", "158-164", 4),
                ("GU-808", "белый", None, None, 10),
            ],
        ),
        (  # «столько же» with a size: the quantity before
            "сапоги болотные 42 — 3 пары, 43 — 5 пар и столько же 44-го",
            [
                ("OB-619", "хаки", "42", None, 3),
                ("OB-619", "хаки", "43", None, 5),
                ("OB-619", "хаки", "44", None, 5),
            ],
        ),
        (  # «брюки к ним укоротить»: an alteration of the suit, no position of its own
            "костюм энергетик 52-54/182-188 — 6 компл; брюки к ним укоротить на 4 см",
            [("KS-112", "тёмно-синий", "52-54", "182-188", 6)],
        ),
        (  # a garment named in a remark is no position
            "Сапоги ПВХ чёрные 43 — 10 пар. цвет костюмов и сапог уточню",
            [("OB-601", "чёрный", "43", None, 10)],
        ),
        (
            "халат мед женский классика 44-46/158-164 5, 48-50/170-176 5, шапочки мед белые "
            "по числу халатов",
            [
                ("MD-412", "белый", "44-46", "158-164", 5),
                ("MD-412", "белый", "48-50", "170-176", 5),
                ("MD-410", "белый", None, None, 10),
            ],
        ),
    ],
)
def test_carried_and_shared_models(parser: OrderParser, text: str, expected: list[Row]) -> None:
    assert rows(parser, f"Ромашка: {text}. опт") == expected


@pytest.mark.parametrize(
    "text",
    [
        "просят что-нибудь недорогое на лето: костюм рабочий летний, 52-54 — 6 шт, "
        "подберите варианты",
        "ботинки рабочие 43 — 6 пар, какие — пусть снабжение предложит",
        "очки защитные 10 шт (какие — уточнят)",
    ],
)
def test_a_vague_ask_leaves_the_model_to_choose(parser: OrderParser, text: str) -> None:
    order = parser.parse(f"Ромашка: {text}. опт", today=TODAY)
    [position] = order.positions
    assert (position.sku, position.work, position.is_model_unclear) == (None, (), True)
    assert order.missing == ("positions[0].model",)


def test_an_item_outside_the_catalog_goes_to_supply(parser: OrderParser) -> None:
    order = parser.parse("Ромашка, опт: нестандарт — наколенники 20 пар; и костюм стандарт "
                         "серый 52-54/182-188 10 компл.", today=TODAY)  # fmt: skip
    first, second = order.positions
    assert (first.model, first.sku, first.unit, first.qty) == ("Наколенники", None, "пара", 20)
    assert [str(w) for w in first.work] == ["procure"]
    assert second.sku == "KS-104"
