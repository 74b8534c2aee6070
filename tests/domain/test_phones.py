import csv
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain.counterparties.phones import Phone, normalize_phone, split_phones
from bot.domain.errors import InvalidInput

DATA = Path(__file__).parents[1] / "data"


def _counterparty_phones() -> list[str]:
    with (DATA / "counterparties.csv").open(encoding="utf-8", newline="") as file:
        return [phone for row in csv.DictReader(file) for phone in split_phones(row["phones"])]


def _normalized_or_none(raw: str) -> Phone | None:
    try:
        return normalize_phone(raw)
    except InvalidInput:
        return None


@st.composite
def typed_phones(draw: st.DrawFn) -> str:
    """A Russian number as managers type it: prefixes, separators, brackets, an extension."""
    code = draw(st.sampled_from(["912", "921", "991", "8202", "4852", "81733", "8172", "495"]))
    subscriber = draw(st.text("0123456789", min_size=10 - len(code), max_size=10 - len(code)))
    prefix = draw(st.sampled_from(["+7", "8", "7", "+7 ", "8 ", ""]))
    separator = draw(st.sampled_from(["", " ", "-"]))
    bracketed = draw(st.booleans())
    body = separator.join([subscriber[:-4], subscriber[-4:-2], subscriber[-2:]])
    number = f"{prefix}({code}){body}" if bracketed else f"{prefix}{code}{separator}{body}"
    extension = draw(st.one_of(st.just(""), st.from_regex(r"\A доб\. ?[0-9]{1,5}\Z")))
    return number + extension


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8 (8202) 71-04-57 доб. 208", Phone("+78202710457", "208")),
        ("89218662011", Phone("+79218662011")),
        ("+7 911 5673406", Phone("+79115673406")),
        ("8-991-379-15-66", Phone("+79913791566")),
        ("8(4852)793720", Phone("+74852793720")),
        ("+7 (4852) 79-37-20 доб 108", Phone("+74852793720", "108")),
        ("+7 (8172) 41-62-96 вн. 256", Phone("+78172416296", "256")),
        (" 9115673406 ", Phone("+79115673406")),
        ("+375 29 123 45 67", Phone("+375291234567")),
    ],
)
def test_normalize_phone_reads_typed_formats(raw: str, expected: Phone) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", _counterparty_phones())
def test_normalize_phone_accepts_every_counterparty_phone(raw: str) -> None:
    assert normalize_phone(raw).e164.startswith("+7")


@pytest.mark.parametrize("raw", ["", "   ", "abc", "12345", "+7 911 567340", "8 (8202) 71-04"])
def test_normalize_phone_rejects_invalid_number(raw: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        normalize_phone(raw)

    assert raised.value.key == "error-phone"


@pytest.mark.parametrize(
    ("phone", "text"),
    [
        (Phone("+78202710457", "208"), "+78202710457;ext=208"),
        (Phone("+79218662011"), "+79218662011"),
    ],
)
def test_phone_str_is_e164_with_extension(phone: Phone, text: str) -> None:
    assert str(phone) == text


@given(typed_phones())
def test_normalize_phone_is_idempotent(raw: str) -> None:
    phone = _normalized_or_none(raw)
    assume(phone is not None)

    assert normalize_phone(str(phone)) == phone


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("8 (8202) 71-04-57 доб. 208; 89218662011", ["8 (8202) 71-04-57 доб. 208", "89218662011"]),
        ("+7 911 5673406", ["+7 911 5673406"]),
        (" ; 8-991-379-15-66;\n+7 (343) 659-66-08 ", ["8-991-379-15-66", "+7 (343) 659-66-08"]),
        ("", []),
    ],
)
def test_split_phones_returns_stripped_parts(text: str, parts: list[str]) -> None:
    assert split_phones(text) == parts
