"""The counterparty card's pure rules: what /find was given, what a typed edit changes, how a
merge combines two cards, how an import row meets the directory."""

from __future__ import annotations

import pytest

from bot.domain.counterparties.cards import may_edit
from bot.domain.counterparties.edits import (
    AddEmail,
    AddPerson,
    AddPhone,
    CardField,
    SetColumns,
    SetInn,
    SetManager,
    parse_change,
)
from bot.domain.counterparties.imports import manager_by_name, row_keys
from bot.domain.counterparties.merging import CardFacts, managers_to_tell, merged_facts
from bot.domain.counterparties.phones import Phone
from bot.domain.counterparties.queries import (
    ByDigits,
    ByEmail,
    ByName,
    SearchQuery,
    parse_query,
)
from bot.domain.counterparties.table import parse_record
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor, Role

VALID_INN = "3528972289"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("  Ivanov@Mail.RU ", ByEmail("ivanov@mail.ru")),
        # ten digits may be an INN and a phone (Vologda region, without the 8): both are tried
        (VALID_INN, ByDigits(VALID_INN, VALID_INN, "+73528972289", is_fragment_long_enough=True)),
        ("3528972288", ByDigits("3528972288", None, "+73528972288", is_fragment_long_enough=True)),
        (
            "8 (921) 866-20-11",
            ByDigits("89218662011", None, "+79218662011", is_fragment_long_enough=True),
        ),
        ("2011", ByDigits("2011", None, None, is_fragment_long_enough=True)),
        ("201", ByDigits("201", None, None, is_fragment_long_enough=False)),
        ("ООО «Ромашка»", ByName("ромашка")),
    ],
)
def test_find_query_kinds(query: str, expected: SearchQuery) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("   ", "find-usage"),
        ("я" * 201, "find-too-long"),
        ("not@an@address", "find-bad-email"),
        ("ё", "find-too-short"),
    ],
)
def test_find_query_refusals_name_the_problem(query: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_query(query)
    assert refused.value.key == key


@pytest.mark.parametrize(
    ("field", "typed", "change"),
    [
        (CardField.NAME, "  ООО  Клён ", SetColumns({"name": "ООО Клён", "search_name": "клен"})),
        (CardField.INN, "3528-972-289", SetInn(VALID_INN)),
        (CardField.INN, "-", SetInn(None)),
        (CardField.KPP, "-", SetColumns({"kpp": None})),
        (CardField.CITY, " Вологда ", SetColumns({"city": "Вологда"})),
        (CardField.DEFERRAL, "30 дней", SetColumns({"deferral_days": 30})),
        (CardField.CATEGORY, "дилер", SetColumns({"category": "dealer"})),
        (CardField.MANAGER, "0", SetManager(None)),
        (CardField.MANAGER, "17", SetManager(17)),
        (CardField.PHONE, "8 921 866 20 11", AddPhone(Phone("+79218662011"))),
        (CardField.EMAIL, "Sales@Klen.RU", AddEmail("sales@klen.ru")),
        (
            CardField.PERSON,
            "Иванов  Иван; снабженец; 89218662011",
            AddPerson("Иванов Иван", "снабженец", Phone("+79218662011"), None),
        ),
    ],
)
def test_typed_value_is_the_change_of_its_field(
    field: CardField, typed: str, change: object
) -> None:
    assert parse_change(field, typed) == change


@pytest.mark.parametrize(
    ("field", "typed", "key"),
    [
        (CardField.MANAGER, "Ирина", "client-bad-manager"),
        (CardField.PERSON, "; снабженец", "client-person-format"),
        (CardField.PERSON, "a;b;c;d;e", "client-person-format"),
        (CardField.DEFERRAL, "400", "client-bad-days"),
        (CardField.NAME, "   ", "client-name-empty"),
    ],
)
def test_typed_value_that_does_not_fit_is_refused(field: CardField, typed: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_change(field, typed)
    assert refused.value.key == key


def facts(**values: object) -> CardFacts:
    empty: dict[str, object] = {
        "name": "ООО «Ромашка»",
        "inn": None,
        "kpp": None,
        "city": None,
        "address": None,
        "external_id": None,
        "notes": None,
        "manager_id": None,
        "deferral_days": 0,
    }
    return CardFacts(**(empty | values))  # type: ignore[arg-type]


def test_merge_fills_the_kept_cards_gaps_and_keeps_both_notes() -> None:
    keep = facts(inn=VALID_INN, city="Череповец", notes="первая")
    drop = facts(
        name="Ромашка",
        inn="7707083893",
        city="Вологда",
        kpp="352801001",
        manager_id=5,
        deferral_days=14,
        notes="вторая",
    )
    merged = merged_facts(keep, drop)
    assert (merged.name, merged.inn, merged.city) == ("ООО «Ромашка»", VALID_INN, "Череповец")
    assert (merged.kpp, merged.manager_id, merged.deferral_days) == ("352801001", 5, 14)
    assert merged.notes == "первая\nвторая"


def test_merge_keeps_the_kept_cards_deferral_and_notes_when_the_other_has_none() -> None:
    keep = facts(deferral_days=30, notes="своя")
    assert merged_facts(keep, facts(deferral_days=14)) == keep


@pytest.mark.parametrize(
    ("kept", "dropped", "actor", "told"),
    [
        (1, 2, 9, [1, 2]),
        (1, 1, 9, [1]),
        (1, 2, 1, [2]),
        (None, 2, 9, [2]),
        (None, None, 9, []),
    ],
)
def test_merge_tells_each_responsible_manager_once_but_not_the_one_who_merged(
    kept: int | None, dropped: int | None, actor: int, told: list[int]
) -> None:
    assert managers_to_tell(kept, dropped, actor) == told


@pytest.mark.parametrize(
    ("role", "user_id", "manager_id", "allowed"),
    [
        (Role.MANAGER, 3, 3, True),
        (Role.MANAGER, 3, None, True),
        (Role.MANAGER, 3, 4, False),
        (Role.HEAD, 2, 4, True),
        (Role.ACCOUNTANT, 7, None, False),
    ],
)
def test_who_may_change_a_card(
    role: Role, user_id: int, manager_id: int | None, allowed: bool
) -> None:
    assert may_edit(Actor(user_id, 100 + user_id, role), manager_id) is allowed


STAFF = [(1, "Ирина Лебедева"), (2, "Ирина Смирнова"), (3, "Павел Кудрявцев"), (4, " ")]


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Лебедева Ирина Олеговна", 1),
        ("кудрявцев павел", 3),
        ("Ирина", None),  # nobody's every name word is there
        ("Анна Админова", None),
    ],
)
def test_import_manager_column_names_one_staff_member(written: str, found: int | None) -> None:
    assert manager_by_name(STAFF, written) == found


def test_import_rows_are_the_same_counterparty_by_id_or_inn() -> None:
    record = parse_record({"id": "CP-7", "name": "ООО «Клён»", "inn": VALID_INN})
    assert row_keys(record) == ["id:CP-7", f"inn:{VALID_INN}"]
    assert row_keys(parse_record({"name": "ИП Клёнов"})) == []
