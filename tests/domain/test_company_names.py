import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.counterparties.names import (
    PersonName,
    capitalised_words,
    legal_form,
    normalize_company_name,
    person_name,
)


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("ООО «Ромашка»", "ромашка"),
        ('"Ромашка" ООО', "ромашка"),
        ("Ромашка, ООО", "ромашка"),
        ("ООО „Ромашка“", "ромашка"),
        ("ООО 'Ромашка'", "ромашка"),
        ("ООО “Ромашка”", "ромашка"),
        ("OOO «Стройтех»", "стройтех"),
        ("ООО «CтpoйTex»", "стройтех"),
        ("ООО Зеленый Бор", "зеленый бор"),
        ("ООО «Зелёный  бор»", "зеленый бор"),
        ("ООО Урал-Спец-Монтаж", "урал спец монтаж"),
        ("Публичное акционерное общество «Нордметиз»", "нордметиз"),
        ("ПАО «Нордметиз»", "нордметиз"),
        ("Акционерное общество «Прогресс-Механика»", "прогресс механика"),
        ("Закрытое акционерное общество «Карьер»", "карьер"),
        (
            'Общество с ограниченной ответственностью "Торговый дом "Рабочая одежда""',
            "тд рабочая одежда",
        ),
        ("ООО «Торговый дом «Рабочая одежда»»", "тд рабочая одежда"),
        ("УК «Домовой»", "ук домовой"),
        ("ООО «Управляющая компания «Домовой»»", "ук домовой"),
        ("ООО «Охранное предприятие «Щит»»", "оп щит"),
        ("Индивидуальный предприниматель Иванов Иван Иванович", "иванов иван иванович"),
        ("ИП Иванов И.И.", "иванов и и"),
        ("ГБУЗ ВО «Городская больница № 7»", "городская больница 7"),
        ("БУ СО ВО «КЦСОН «Берёзка»»", "кцсон березка"),
        ("МУП «Жилкомсервис»", "жилкомсервис"),
        ("ФГУП «Почта»", "почта"),
        ("АНО «Развитие»", "развитие"),
        ("ООО «Клиника Здоровье+»", "клиника здоровье плюс"),
        ("Клиника «Здоровье плюс»", "клиника здоровье плюс"),
        ("  ООО  ", ""),
    ],
)
def test_normalize_company_name_keeps_only_identifying_words(name: str, normalized: str) -> None:
    assert normalize_company_name(name) == normalized


def test_normalize_company_name_keeps_latin_words_that_are_not_lookalikes() -> None:
    assert normalize_company_name("ООО «Alfa Group»") == "alfa group"


def test_normalize_company_name_drops_region_codes_only_after_an_institution_form() -> None:
    assert normalize_company_name("ООО «СО Трейд»") == "со трейд"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("ООО «Ромашка»", "ООО"),
        ('"Ромашка" ООО', "ООО"),
        ("OOO «Стройтех»", "ООО"),
        ("Общество с ограниченной ответственностью «Вектор»", "ООО"),
        ("Публичное акционерное общество «Нордметиз»", "ПАО"),
        ("АО «Прогресс»", "АО"),
        ("ЗАО «Белозерский гравийный карьер»", "ЗАО"),
        ("Индивидуальный предприниматель Петрова Н.С.", "ИП"),
        ("ГБУЗ АО «Поликлиника № 4»", "ГБУЗ"),
        ("МАДОУ «Детский сад № 112»", "МАДОУ"),
        ("Ромашка", None),
        ("Кузнецов Андрей Викторович", None),
    ],
)
def test_legal_form_names_the_canonical_short_form(name: str, form: str | None) -> None:
    assert legal_form(name) == form


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("ИП Иванов Иван Иванович", PersonName("иванов", "иван", "иванович")),
        ("ИП Иванов И.И.", PersonName("иванов", "и", "и")),
        ("ИП Морозов С. А.", PersonName("морозов", "с", "а")),
        ("И.П. Иванов", PersonName("иванов", "и", "п")),
        ("Кузнецов Андрей Викторович", PersonName("кузнецов", "андрей", "викторович")),
        ("ИП Смирнова Ольга Петровна", PersonName("смирнова", "ольга", "петровна")),
        ("ИП Иванов Иван", PersonName("иванов", "иван", None)),
    ],
)
def test_person_name_reads_full_names_and_initials(name: str, person: PersonName) -> None:
    assert person_name(name) == person


@pytest.mark.parametrize(
    "name", ["ООО «Ромашка»", "Иванов Иван", "ООО «Рабочая одежда Плюс»", "Торговый дом Иванов"]
)
def test_person_name_is_none_for_companies(name: str) -> None:
    assert person_name(name) is None


@pytest.mark.parametrize(
    ("name", "normalized", "form"),
    [
        ("Общества с ограниченной ответственностью «Ромашка»", "ромашка", "ООО"),
        ("обществом с ограниченной ответственностью Ромашка", "ромашка", "ООО"),
        ("Акционерного общества «Нордметиз»", "нордметиз", "АО"),
        ("Публичному акционерному обществу «Нордметиз»", "нордметиз", "ПАО"),
        ("Индивидуального предпринимателя Морозова С.А.", "морозова с а", "ИП"),
        ("Торгового дома «Рабочая одежда»", "тд рабочая одежда", None),
        ("Управляющей компании «Домовой»", "ук домовой", None),
        ("000 «Ромашка»", "ромашка", "ООО"),
        ("0OО Ромашка", "ромашка", "ООО"),
        ("BEKTOP-CTPOЙ", "вектор строй", None),
        ("ООО «Общественное питание»", "общественное питание", "ООО"),
        ("ООО «Акционер»", "акционер", "ООО"),
        ("Общество с ограниченной ответстевнностью «Ромашка»", "ромашка", "ООО"),  # a slip
        ("Публичное акциоенрное общество «Нордметиз»", "нордметиз", "ПАО"),
    ],
)
def test_legal_forms_and_phrases_are_read_in_any_grammatical_case(
    name: str, normalized: str, form: str | None
) -> None:
    assert (normalize_company_name(name), legal_form(name)) == (normalized, form)


@pytest.mark.parametrize(
    ("name", "capitals"),
    [
        ("ООО «ВСК»", {"вск"}),
        ("НГС-Пермь", {"нгс"}),
        ("ЛПК Кубена", {"лпк"}),
        ("ООО РОМАШКА", {"ромашка"}),
        ("ООО «ГазТеплоМонтаж»", set()),
        ("ИП Иванов И.И.", set()),
    ],
)
def test_capitalised_words_are_the_words_written_in_capitals(
    name: str, capitals: set[str]
) -> None:
    assert capitalised_words(name) == capitals


_SPELLED = {
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "ИП": "Индивидуальный предприниматель",
}


def _company_names() -> list[str]:
    path = Path(__file__).parents[1] / "data" / "counterparties.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return [row["name"] for row in csv.DictReader(file) if legal_form(row["name"]) in _SPELLED]


@given(
    st.sampled_from(_company_names()),
    st.sampled_from(["upper", "lower", "form after", "no quotes", "spelled", "straight quotes"]),
)
def test_rewriting_the_form_quotes_or_case_keeps_the_normalized_name(name: str, how: str) -> None:
    form, _, rest = name.partition(" ")
    rewritten = {
        "upper": name.upper(),
        "lower": name.lower(),
        "form after": f"{rest} {form}",
        "no quotes": name.replace("«", "").replace("»", ""),
        "spelled": f"{_SPELLED[form]} {rest}",
        "straight quotes": name.replace("«", '"').replace("»", '"'),
    }[how]

    assert normalize_company_name(rewritten) == normalize_company_name(name)
