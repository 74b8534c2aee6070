import csv
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain.counterparties.inn import (
    InnFault,
    InvalidInn,
    parse_typed_inn,
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
