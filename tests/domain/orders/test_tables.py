"""Step 1, normalise: pasted tables become the lines a manager types."""

from __future__ import annotations

import pytest

from bot.domain.orders.tables import rewrite_tables
from bot.domain.orders.text import normalise


def lines(text: str) -> list[str]:
    return [line for line in rewrite_tables(normalise(text)).text.split("\n") if line.strip()]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (  # Excel: tabs, a header in its own order
            "Кол-во\tРазмер\tНаименование\tЦвет\n20\t9\tПерчатки нитриловые МБС\tсиний\n"
            "30\t10\tПерчатки нитриловые МБС\tсиний",
            [
                "Перчатки нитриловые МБС синий р-р 9 — 20",
                "Перчатки нитриловые МБС синий р-р 10 — 30",
            ],
        ),
        (  # 1C: a numbered header, units, prices and sums that are no quantities
            "№;Номенклатура;Ед.;Кол-во;Цена;Сумма\n"
            "1;Шапочка медицинская белая;шт;25;160,00;4000,00\n"
            "2;Сабо медицинские белые 38;пара;6;850,00;5100,00",
            ["Шапочка медицинская белая — 25 шт", "Сабо медицинские белые 38 — 6 пара"],
        ),
        (  # pipes with a ruler line and an empty (dash) cell
            "| Модель | Цвет | Размер | Кол-во |\n|---|---|---|---|\n"
            "| Костюм Строитель | хаки/оранжевый | 48-50 | 4 |\n"
            "| Каска Омега | оранжевая | — | 10 |",
            ["Костюм Строитель хаки/оранжевый 48-50 — 4", "Каска Омега оранжевая — 10"],
        ),
        (  # no header: the row number goes, the last whole number is the quantity
            "1;Сапоги ПВХ чёрные 41;10\n2;Сапоги ПВХ чёрные 42;12",
            ["Сапоги ПВХ чёрные 41 — 10", "Сапоги ПВХ чёрные 42 — 12"],
        ),
        (  # a size × height matrix
            "Комбинезон Механик синий\nрост \\ размер\t48-50\t52-54\n170-176\t2\t3\n182-188\t\t4",
            [
                "Комбинезон Механик синий",
                "48-50/170-176 — 2, 52-54/170-176 — 3",
                "52-54/182-188 — 4",
            ],
        ),
        (  # chest girth as the size column, heights as their own
            "| Наименование | Обхват груди | Рост | Кол-во |\n"
            "| Куртка Магистраль | 96-100 | 170-176 | 4 |\n"
            "| Куртка Магистраль | 104-108 | 182-188 | 6 |",
            [
                "Куртка Магистраль 96-100 рост 170-176 — 4",
                "Куртка Магистраль 104-108 рост 182-188 — 6",
            ],
        ),
    ],
)
def test_tables_become_lines(table: str, expected: list[str]) -> None:
    assert lines(table) == expected


@pytest.mark.parametrize(
    "text",
    [
        "52-54/182-188 — 6 шт; 56-58/182-188 — 4 шт; 60-62 — 2 шт",  # one line with semicolons
        "Ромашка\nкостюм технолог серый 52-54 — 10",
    ],
)
def test_text_that_is_no_table_is_left_alone(text: str) -> None:
    assert rewrite_tables(normalise(text)).text == normalise(text).text
