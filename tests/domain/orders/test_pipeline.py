"""The whole pipeline: one message per phrasing class, the confidence fields, robustness."""

from __future__ import annotations

import string
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.orders.parsed import SlotChoice
from bot.domain.orders.parser import OrderParser
from tests.domain.orders.conftest import TODAY


def parse(parser: OrderParser, text: str) -> dict[str, Any]:
    return parser.parse(text, today=TODAY).to_dict()


def test_voice_to_text(parser: OrderParser) -> None:
    got = parse(
        parser,
        "короче клиент ромашка куртки утеплённые вьюга тёмно синие с серым сорок восемь "
        "пятьдесят рост сто семьдесят шесть четыре штуки пятьдесят два пятьдесят четыре рост "
        "сто восемьдесят восемь шесть штук ну и шапки трикотажные чёрные десяток цена мелкий опт",
    )
    assert got["client_id"] == "CP-001"
    assert got["price_category"] == "small_wholesale"
    assert [
        (p["sku"], p["colour"], p["size"], p["height"], p["qty"]) for p in got["positions"]
    ] == [
        ("KR-203", "тёмно-синий/серый", "48-50", "170-176", 4),
        ("KR-203", "тёмно-синий/серый", "52-54", "182-188", 6),
        ("GU-801", "чёрный", None, None, 10),
    ]
    assert got["missing"] == []


def test_forwarded_letter(parser: OrderParser) -> None:
    got = parse(
        parser,
        "From: Лаптева Наталья <zakupki@severteploset.ru>\nSubject: Заказ спецодежды\n\n"
        "Здравствуйте!\nНам нужно к четвергу:\n- куртка-парка «Таймыр» хаки, 52-54, рост 182-188 "
        "— 4 шт.;\nОтправка СДЭК в Архангельск.\n\n--\nНаталья Лаптева\nспециалист по закупкам\n"
        "АО «СеверТеплоСеть»\nИНН 2901592035 КПП 290101001\n8 (8182) 21-40-86\n\nОптовые цены",
    )
    assert (got["client_id"], got["inn"], got["price_category"]) == (
        "CP-028", "2901592035", "wholesale",
    )  # fmt: skip
    assert got["deadline"] == "2026-11-26"
    assert got["delivery"] == {
        "kind": "transport_company", "carrier": "СДЭК", "city": "Архангельск", "address": None,
    }  # fmt: skip
    assert [(p["sku"], p["qty"]) for p in got["positions"]] == [("KR-204", 4)]


def test_pasted_1c_table(parser: OrderParser) -> None:
    got = parse(
        parser,
        "ПромСнаб-Регион, дилер\n№;Номенклатура;Кол-во;Ед.\n"
        "1;Куртка утеплённая «Север» чёрная 48-50/170-176;10;шт\n"
        "2;Брюки утеплённые «Север» чёрные 52-54/182-188;15;шт",
    )
    assert [(p["sku"], p["size"], p["height"], p["qty"]) for p in got["positions"]] == [
        ("KR-202", "48-50", "170-176", 10),
        ("BR-304", "52-54", "182-188", 15),
    ]


def test_a_partial_colour_is_resolved_and_marked_assumed(parser: OrderParser) -> None:
    [position] = parser.parse(
        "Щит: костюм страж синий 52-54/182-188 — 2 компл. МО", today=TODAY
    ).positions
    assert (position.colour, position.assumed) == ("тёмно-синий", ("colour",))
    assert position.to_dict()["assumed"] == ["colour"]


def test_two_fitting_colours_are_asked_with_candidates(parser: OrderParser) -> None:
    order = parser.parse("Магистраль куртки сигнальные синие 52-54/182-188 5 шт, опт", today=TODAY)
    [position] = order.positions
    assert position.colour is None
    assert position.candidates == (SlotChoice("colour", ("оранжевый/синий", "лимонный/синий")),)
    assert position.choices("colour") == ("оранжевый/синий", "лимонный/синий")
    assert "positions[0].colour" in order.missing


def test_an_unclear_model_lists_its_candidates(parser: OrderParser) -> None:
    [position] = parser.parse("Онего-Камень: сапоги 42 — 10 пар, опт", today=TODAY).positions
    assert position.sku is None
    assert {"OB-601", "OB-611"} <= set(position.choices("model"))


def test_confidence_fields_take_no_part_in_equality(parser: OrderParser) -> None:
    [position] = parser.parse(
        "Щит: костюм страж синий 52-54/182-188 — 2 компл.", today=TODAY
    ).positions
    assert replace(position, assumed=(), candidates=()) == position


_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_ORDER_WORDS = [
    "костюм", "технолог", "сорок", "восемь", "пятьдесят", "рост", "третий", "десяток", "пару",
    "такие", "же", "того", "столько", "и", "мужские", "x3", "*2", "41х3", "42(2)", "—", "по",
    "с", "от", "до", "52-54/182-188", "ks101", "ОВ-601", "т.син/васильк", "камуфляж", "лес",
    "\t", ";", "|", "№", "Кол-во", "Наименование", "Цена", "\n", "От:", "Тема:", "С уважением",
    "ИНН", "3528972289", "ТК", "ПЭКом", "до", "Костромы", "отсрочка", "процентов", "всего",
]  # fmt: skip


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=4096),
        st.text(alphabet=_RUSSIAN + string.digits + " -/.,;:()«»\n\t|*x", max_size=4096),
        st.lists(st.sampled_from(_ORDER_WORDS), max_size=600).map(" ".join),
    )
)
def test_the_parser_never_raises(parser: OrderParser, text: str) -> None:
    order = parser.parse(text[:4096], today=TODAY)
    order.to_dict()
    for i, position in enumerate(order.positions):
        assert position.colour is None or not position.choices("colour"), i
