import csv
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain.counterparties.inn import (
    InnFault,
    InvalidInn,
    find_tax_ids,
    parse_typed_inn,
    read_inn_field,
    read_kpp_field,
    validate_inn,
    validate_kpp,
)
from bot.domain.errors import InvalidInput

DATA = Path(__file__).parents[1] / "data"

# The Federal Tax Service weights, written out again so the tests do not trust the module.
WEIGHTS = {
    9: (2, 4, 10, 3, 5, 9, 4, 6, 8),
    10: (7, 2, 4, 10, 3, 5, 9, 4, 6, 8),
    11: (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8),
}


def _remainder(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, WEIGHTS[len(digits)], strict=True)) % 11


def _with_check_digits(prefix: str) -> str:
    """Append the check digit(s) to 9 digits (an organisation) or 10 (an individual)."""
    value = prefix + str(_remainder(prefix) % 10)
    if len(prefix) == 10:
        value += str(_remainder(value) % 10)
    return value


def _counterparty_inns() -> list[str]:
    with (DATA / "counterparties.csv").open(encoding="utf-8", newline="") as file:
        return [row["inn"] for row in csv.DictReader(file)]


def _invalid_rows() -> list[tuple[str, str]]:
    lines = (DATA / "inn_invalid.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.rsplit("\t", 1) for line in lines if line and not line.startswith("#")]
    return [(value, reason) for value, reason in rows]


valid_inns = st.one_of(
    st.text("0123456789", min_size=9, max_size=9),
    st.text("0123456789", min_size=10, max_size=10),
).map(_with_check_digits)


@pytest.mark.parametrize("inn", _counterparty_inns())
def test_validate_inn_accepts_every_counterparty_inn(inn: str) -> None:
    assert validate_inn(inn) == inn


@pytest.mark.parametrize(("value", "reason"), _invalid_rows())
def test_validate_inn_rejects_invalid_value_for_its_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_inn(value)

    assert isinstance(raised.value, InvalidInn)
    assert raised.value.key == "error-inn"
    assert raised.value.params == {"reason": reason}


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_validate_inn_rejects_blank_value_as_empty(value: str) -> None:
    with pytest.raises(InvalidInn) as raised:
        validate_inn(value)

    assert raised.value.reason is InnFault.EMPTY


@pytest.mark.parametrize("value", [" 3528972289 ", "3528972289\n", "\u00a0352544856217\t"])
def test_validate_inn_strips_surrounding_whitespace(value: str) -> None:
    assert validate_inn(value) == value.strip()


@pytest.mark.parametrize(
    ("typed", "inn"),
    [
        ("3528 767 191", "3528767191"),
        ("3528 836543", "3528836543"),
        ("35 27 908913 01", "352790891301"),
        ("2901-373731", "2901373731"),
        (" 3525–998–031 ", "3525998031"),
    ],
)
def test_parse_typed_inn_drops_spaces_and_dashes(typed: str, inn: str) -> None:
    assert parse_typed_inn(typed) == inn


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("3525503761.", "symbols"), ("35O8430631", "letters"), ("3528 23122 8", "checksum")],
)
def test_parse_typed_inn_still_rejects_other_faults(typed: str, reason: str) -> None:
    with pytest.raises(InvalidInn) as raised:
        parse_typed_inn(typed)

    assert raised.value.reason == reason


@given(valid_inns)
def test_validate_inn_accepts_generated_valid_inn(inn: str) -> None:
    assert validate_inn(inn) == inn


@given(valid_inns, st.data())
def test_validate_inn_rejects_single_changed_digit(inn: str, data: st.DataObject) -> None:
    # The first check digit is "remainder mod 10", so remainders 10 and 0 both give 0: only
    # then can a changed digit yield another valid INN (see the collision test below).
    assume(_remainder(inn[: len(inn) - (1 if len(inn) == 10 else 2)]) not in (0, 10))
    position = data.draw(st.integers(0, len(inn) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != inn[position]))
    changed = inn[:position] + digit + inn[position + 1 :]

    with pytest.raises(InvalidInn) as raised:
        validate_inn(changed)

    assert raised.value.reason is InnFault.CHECKSUM


def test_validate_inn_accepts_checksum_collision_of_remainders_ten_and_zero() -> None:
    # 9074833780 and 4074833780 differ in one digit and are both valid: a typo can hide.
    assert validate_inn("9074833780") == "9074833780"
    assert validate_inn("4074833780") == "4074833780"


def test_validate_kpp_accepts_every_counterparty_kpp() -> None:
    with (DATA / "counterparties.csv").open(encoding="utf-8", newline="") as file:
        kpps = [row["kpp"] for row in csv.DictReader(file) if row["kpp"]]

    assert [validate_kpp(kpp) for kpp in kpps] == kpps


@pytest.mark.parametrize(
    ("value", "kpp"), [("7701AB001", "7701AB001"), (" 352801001 ", "352801001")]
)
def test_validate_kpp_accepts_letters_in_reason_code_and_strips(value: str, kpp: str) -> None:
    assert validate_kpp(value) == kpp


@pytest.mark.parametrize(
    "value", ["", "35280100", "3528010011", "7701ab001", "77A101001", "352801O01", "3528 0100"]
)
def test_validate_kpp_rejects_malformed_value(value: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        validate_kpp(value)

    assert raised.value.key == "error-kpp"


@pytest.mark.parametrize(
    ("typed", "inn"),
    [
        ("ИНН 3528972289", "3528972289"),
        ("инн: 3528 972 289", "3528972289"),
        ("ИНН:3528972289", "3528972289"),
    ],
)
def test_parse_typed_inn_drops_a_leading_label(typed: str, inn: str) -> None:
    assert parse_typed_inn(typed) == inn


@pytest.mark.parametrize(
    ("text", "inns", "kpps", "rest"),
    [
        ("ИНН 7604788429", ["7604788429"], [], ""),
        ("ИНН: 3526682400", ["3526682400"], [], ""),
        ("инн 3525 079 711", ["3525079711"], [], ""),
        (
            "ООО «Ромашка» инн/кпп 3528972289/352801001",
            ["3528972289"],
            ["352801001"],
            "ООО «Ромашка»",
        ),
        (
            "Кулинар-Плюс (ИНН/КПП 3525316634/352501001)",
            ["3525316634"],
            ["352501001"],
            "Кулинар-Плюс",
        ),
        ("Ромашка, ИНН 3528972289, КПП 352801001", ["3528972289"], ["352801001"], "Ромашка"),
        ("ИНН/КПП 3528972289 352801001", ["3528972289"], ["352801001"], ""),
        ("Ромашка 3528972289/352801001", ["3528972289"], ["352801001"], "Ромашка"),
        ("ИП Иванов И.И. 352544856217", ["352544856217"], [], "ИП Иванов И.И."),
        ("ИНН 3528972289 8 921 866 20 11", ["3528972289"], [], ""),
        ("КПП: 352802001", [], ["352802001"], ""),
    ],
)
def test_find_tax_ids_reads_labelled_ids_and_pairs_anywhere(
    text: str, inns: list[str], kpps: list[str], rest: str
) -> None:
    found = find_tax_ids(text)

    assert (list(found.inns), list(found.kpps), found.rest) == (inns, kpps, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Ромашка 3528972289",  # a bare 10-digit number may be a phone
        "ИНН 3528972280",  # checksum
        "Иннокентий 3528972289",  # not a label
        "тел. 89218662011",
        "Хлебозавод № 3",
    ],
)
def test_find_tax_ids_ignores_what_is_no_inn(text: str) -> None:
    found = find_tax_ids(text)

    assert found.inns == ()
    assert found.rest == text


@pytest.mark.parametrize(
    ("field", "inns", "kpps"),
    [
        ("3528972289", ["3528972289"], []),
        ("ИНН 7604788429", ["7604788429"], []),
        ("35 25 45 97 45", ["3525459745"], []),
        ("3527-7003-5140", ["352770035140"], []),
        ("3528972289/352801001", ["3528972289"], ["352801001"]),
        ("3525316634 КПП 352501001", ["3525316634"], ["352501001"]),
        ("ИНН 3525 998 031 / 352501001", ["3525998031"], ["352501001"]),
        ("3528972280", [], []),
        ("нет", [], []),
        ("", [], []),
    ],
)
def test_read_inn_field_reads_an_inn_as_typed(
    field: str, inns: list[str], kpps: list[str]
) -> None:
    found = read_inn_field(field)

    assert (list(found.inns), list(found.kpps)) == (inns, kpps)


@pytest.mark.parametrize(
    ("field", "kpp"), [("КПП 352801001", "352801001"), ("352801001", "352801001"), ("3528", "")]
)
def test_read_kpp_field_drops_the_label(field: str, kpp: str) -> None:
    assert read_kpp_field(field) == kpp


@given(
    valid_inns,
    st.sampled_from(["ИНН ", "инн: ", "ИНН/КПП ", "INN "]),
    st.sampled_from(["", " ", "-"]),
)
def test_find_tax_ids_finds_a_generated_labelled_inn_however_grouped(
    inn: str, label: str, separator: str
) -> None:
    grouped = separator.join([inn[:4], inn[4:7], inn[7:]])

    assert find_tax_ids(f"ООО «Ромашка» {label}{grouped}").inns == (inn,)


@given(valid_inns, st.data())
def test_find_tax_ids_ignores_a_labelled_inn_with_one_changed_digit(
    inn: str, data: st.DataObject
) -> None:
    assume(_remainder(inn[: len(inn) - (1 if len(inn) == 10 else 2)]) not in (0, 10))
    position = data.draw(st.integers(0, len(inn) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != inn[position]))
    changed = inn[:position] + digit + inn[position + 1 :]

    assert find_tax_ids(f"Ромашка ИНН {changed}").inns == ()
