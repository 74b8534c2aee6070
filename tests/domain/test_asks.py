"""Requests to departments, pure rules: the department the words suggest (company.yaml's
rules), the price and term read from an answer, the markup, who may act."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.asks.rules import (
    AskAction,
    AskSettings,
    next_status,
    parse_answer,
    require_department,
    require_manager,
    suggest_department,
    with_markup,
)
from bot.domain.company import load_company
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.roles import Actor, Role

COMPANY = load_company(Path(__file__).parents[1] / "data" / "company.yaml")
SETTINGS = AskSettings.of(COMPANY.requests)
KNOWN = ["warehouse", "supply", "workshop", "logo", "delivery"]


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("Цена и срок поставки: костюм сварщика брезентовый, 20 шт", "supply"),
        ("Сколько стоит нестандартный размер 72-74?", "supply"),
        ("Есть ли в наличии перчатки х/б 300 пар?", "warehouse"),
        ("Когда придёт костюм «Технолог» серый?", "warehouse"),
        ("Можно нанести логотип по этому макету и сколько стоит?", "workshop"),
        ("Подшить брюки по меркам клиента", "workshop"),
        ("Сможет водитель доставить в Сокол в четверг?", "delivery"),
        ("Привет", None),
    ],
)
def test_words_suggest_the_department(text: str, department: str | None) -> None:
    assert suggest_department(text, SETTINGS.rules, KNOWN) == department


@pytest.mark.parametrize(
    ("text", "price", "term"),
    [
        ("1 250,50 руб, 7 рабочих дней", 125050, 7),
        ("Есть у поставщика, 1500 ₽ за шт, срок 10", 150000, 10),
        ("цена 980, 3 дня", 98000, 3),
        ("Сошьём за 5 раб. дн., 2 100 р.", 210000, 5),
        ("Нет и не будет", None, None),
    ],
)
def test_answer_gives_price_and_term(text: str, price: int | None, term: int | None) -> None:
    answer = parse_answer(text)
    assert (answer.price_kopecks, answer.term_days) == (price, term)
    assert answer.text == text


def test_empty_answer_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_answer("  ")


def test_markup_is_added_to_the_kopeck() -> None:
    assert SETTINGS.markup_percent == 25
    assert with_markup(125050, 25) == 156313


def test_only_the_department_heads_and_admins_act() -> None:
    supplier = Actor(5, 1, Role.SUPPLY, frozenset({"supply"}))
    storekeeper = Actor(6, 2, Role.WAREHOUSE, frozenset({"warehouse"}))
    require_department(supplier, "supply")
    require_department(Actor(7, 3, Role.HEAD), "supply")
    with pytest.raises(Forbidden):
        require_department(storekeeper, "supply")
    with pytest.raises(Forbidden):
        require_department(Actor(None, 4, None), "supply")
    with pytest.raises(Forbidden):
        require_manager(supplier, manager_id=9)


def test_a_taken_request_cannot_be_taken_again() -> None:
    assert next_status(AskAction.TAKE, "new", was_taken=False) == "taken"
    with pytest.raises(InvalidTransition):
        next_status(AskAction.TAKE, "taken", was_taken=True)
    assert next_status(AskAction.MORE, "answered", was_taken=True) == "taken"
