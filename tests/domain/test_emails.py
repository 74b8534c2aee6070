import pytest

from bot.domain.counterparties.emails import normalize_email, split_emails
from bot.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        ("Zakaz@Romashka-cher.ru", "zakaz@romashka-cher.ru"),
        ("MR-CH@METREMONT.RU", "mr-ch@metremont.ru"),
        ("mailto:clinic-zdorovie@yandex.ru  ", "clinic-zdorovie@yandex.ru"),
        ("Захарова Елена <Zakaz@Romashka-cher.ru>", "zakaz@romashka-cher.ru"),
        ("<MAILTO:snab@nordmetiz.ru>", "snab@nordmetiz.ru"),
    ],
)
def test_normalize_email_strips_decoration_and_lowercases(raw: str, email: str) -> None:
    assert normalize_email(raw) == email


@pytest.mark.parametrize(
    "raw", ["", "snab", "snab@", "@nordmetiz.ru", "snab@nordmetiz", "sn ab@x.ru", "a..b@x.ru"]
)
def test_normalize_email_rejects_malformed_address(raw: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        normalize_email(raw)

    assert raised.value.key == "error-email"


def test_split_emails_splits_on_semicolons_and_commas() -> None:
    text = "snab@uralspecmontazh.ru; buh@uralspecmontazh.ru, ;"

    assert split_emails(text) == ["snab@uralspecmontazh.ru", "buh@uralspecmontazh.ru"]
