import csv
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain.counterparties.phones import Phone, find_phones, normalize_phone, split_phones
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


@pytest.mark.parametrize(
    ("text", "e164s"),
    [
        ("tel:+7-905-643-90-63", ["+79056439063"]),
        ("TEL:8-920-523-63-96", ["+79205236396"]),
        ("991-633-09-05", ["+79916330905"]),
        ("(4852) 31-68-35", ["+74852316835"]),
        ("8.911.506.73.37", ["+79115067337"]),
        ("(8182) 71-61-89 доб. 2, 8 977 609 53 45", ["+78182716189", "+79776095345"]),
        ("+7 8172 47 27 66 доб. 12; +7 915 153 90 70", ["+78172472766", "+79151539070"]),
        ("89218662011 / 8 (8202) 71-04-57 или 8-921-866-20-11", ["+79218662011", "+78202710457"]),
        (
            "тел.: 8 (8172) 34-51-25 вн. 12, моб. 8-921-866-20-11 (Елена)",
            ["+78172345125", "+79218662011"],
        ),
        ("+78202710457;ext=208", ["+78202710457"]),
        ("нет телефона", []),
        ("", []),
    ],
)
def test_find_phones_reads_every_number_of_a_cell(text: str, e164s: list[str]) -> None:
    assert [phone.e164 for phone in find_phones(text)] == e164s


@pytest.mark.parametrize(
    ("text", "extension"),
    [
        ("+7 (812) 438-98-51 доб. 45", "45"),
        ("+7 (812) 438-98-51 добавочный 45", "45"),
        ("+7 (812) 438-98-51 внутр. 45", "45"),
        ("+78124389851;ext=45", "45"),
    ],
)
def test_find_phones_keeps_the_extension(text: str, extension: str) -> None:
    assert find_phones(text) == [Phone("+78124389851", extension)]


@given(typed_phones(), typed_phones(), st.sampled_from(["; ", ", ", " / ", "\n", " или "]))
def test_find_phones_finds_both_numbers_of_a_two_phone_cell(
    first: str, second: str, separator: str
) -> None:
    expected = [p.e164 for p in (_normalized_or_none(first), _normalized_or_none(second)) if p]
    assume(len(expected) == 2 and expected[0] != expected[1])

    assert [phone.e164 for phone in find_phones(first + separator + second)] == expected


@given(typed_phones())
def test_find_phones_agrees_with_normalize_phone_on_one_number(raw: str) -> None:
    phone = _normalized_or_none(raw)
    assume(phone is not None)

    assert [p.e164 for p in find_phones(raw)] == [phone.e164 if phone else ""]
