"""Step 1, normalise: a forwarded letter's headers, greeting and signature hold no positions."""

from __future__ import annotations

from bot.domain.orders.letter import read_layout
from bot.domain.orders.text import normalise

LETTER = """FW: заказ

From: Лаптева Наталья <zakupki@severteploset.ru>
Sent: Monday, November 23, 2026 9:12 AM
Subject: Заказ спецодежды

Добрый день, Ирина Олеговна!
- куртка-парка «Таймыр» хаки, 52-54, рост 182-188 — 4 шт.;
Отсрочка 30 дней.

С уважением,
Носков Роман
Бригадир ООО «Рыбхоз Онежский» Ковалёв П. С.
ИНН 2901592035 КПП 290101001
тел. 8 (8202) 57-11-43, доб. 215

Оптовые цены"""


def hidden(text: str) -> tuple[set[str], set[str]]:
    doc = normalise(text)
    layout = read_layout(doc)

    def covered(spans: tuple[tuple[int, int], ...]) -> set[str]:
        out = set()
        pos = 0
        for line in doc.text.split("\n"):
            if line.strip() and any(s <= pos and pos + len(line) <= e for s, e in spans):
                out.add(line.strip())
            pos += len(line) + 1
        return out

    return covered(layout.headers), covered(layout.meta)


def test_headers_greeting_and_signature_are_marked() -> None:
    headers, meta = hidden(LETTER)
    assert headers == {
        "FW: заказ",
        "From: Лаптева Наталья <zakupki@severteploset.ru>",
        "Sent: Monday, November 23, 2026 9:12 AM",
        "Subject: Заказ спецодежды",
    }
    assert meta >= headers | {
        "С уважением,",
        "Носков Роман",  # a person's name (pymorphy3: Surn, Name), no «Носки»
        "Бригадир ООО «Рыбхоз Онежский» Ковалёв П. С.",  # a signing «Бригадир» is no suit
        "ИНН 2901592035 КПП 290101001",
        "тел. 8 (8202) 57-11-43, доб. 215",
    }
    assert "Оптовые цены" not in meta  # the manager's note after the signature
    assert not any("Таймыр" in line for line in meta)


def test_a_line_with_an_inn_and_positions_stays_readable() -> None:
    _headers, meta = hidden("ИНН 7604521009 куртка вьюга т.синяя с серым 52 рост 3 - 7 шт")
    assert meta == set()
