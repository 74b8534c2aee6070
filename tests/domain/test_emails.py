import pytest

from bot.domain.counterparties.emails import find_emails, normalize_email, split_emails
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


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("Андрей Кузнецов <kuznecov.av44@yandex.ru>", ["kuznecov.av44@yandex.ru"]),
        ('"Павлов, К.И." <Vector-Stroy35@yandex.ru>', ["vector-stroy35@yandex.ru"]),
        ("mailto:RSS76@mail.ru", ["rss76@mail.ru"]),
        ("MAILTO:DSS-Tver@yandex.ru ", ["dss-tver@yandex.ru"]),
        ("<MPS51@mps51.ru>", ["mps51@mps51.ru"]),
        ("Bodrost-San@Vologda-Med.ru  ", ["bodrost-san@vologda-med.ru"]),
        (
            "zakaz@romashka-cher.ru (Елена), buh@romashka-cher.ru.",
            ["zakaz@romashka-cher.ru", "buh@romashka-cher.ru"],
        ),
        ("snab@nordmetiz.ru; SNAB@nordmetiz.ru", ["snab@nordmetiz.ru"]),
        ("нет почты", []),
        ("snab@nordmetiz", []),
    ],
)
def test_find_emails_reads_every_address_whatever_surrounds_it(
    text: str, emails: list[str]
) -> None:
    assert find_emails(text) == emails
