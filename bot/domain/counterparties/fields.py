"""Fields of a counterparty card as people type them: category, name for search, days, contacts.

The words here are input vocabulary (what accounting exports and managers write), not UI text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.counterparties.names import name_words
from bot.domain.errors import InvalidInput

MAX_NAME = 300
MAX_CITY = 120
MAX_ADDRESS = 300
MAX_NOTES = 2000
MAX_PERSON = 200
MAX_POSITION = 120
MAX_DEFERRAL_DAYS = 365


class Category(StrEnum):
    END_USER = "end_user"
    DEALER = "dealer"
    DISTRIBUTOR = "distributor"
    BUDGET = "budget"


_CATEGORY_WORDS: dict[str, Category] = {
    "end_user": Category.END_USER,
    "конечный потребитель": Category.END_USER,
    "конечный пользователь": Category.END_USER,
    "кп": Category.END_USER,
    "dealer": Category.DEALER,
    "дилер": Category.DEALER,
    "диллер": Category.DEALER,
    "distributor": Category.DISTRIBUTOR,
    "дистрибьютор": Category.DISTRIBUTOR,
    "дистрибьютер": Category.DISTRIBUTOR,
    "дистрибутор": Category.DISTRIBUTOR,
    "budget": Category.BUDGET,
    "бюджетная организация": Category.BUDGET,
    "бюджетное учреждение": Category.BUDGET,
    "бюджет": Category.BUDGET,
    "бюджетник": Category.BUDGET,
}


def fold(text: str) -> str:
    """Lower case, ё → е, inner whitespace collapsed."""
    return " ".join(text.lower().replace("ё", "е").split())


def parse_category(value: str) -> Category:
    """A category from its code or Russian name; empty means end user."""
    key = fold(value)
    if not key:
        return Category.END_USER
    found = _CATEGORY_WORDS.get(key)
    if found is None:
        raise InvalidInput("client-bad-category", value=value.strip()[:60])
    return found


def search_name(name: str) -> str:
    """What /find compares a name fragment with: the normalised company name."""
    words = name_words(name)
    return " ".join(words) if words else fold(name)


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput("client-name-empty")
    if len(name) > MAX_NAME:
        raise InvalidInput("client-too-long", limit=str(MAX_NAME))
    return name


def clean_text(value: str, limit: int) -> str | None:
    """Optional free text: stripped, None when empty, refused when longer than `limit`."""
    text = value.strip()
    if len(text) > limit:
        raise InvalidInput("client-too-long", limit=str(limit))
    return text or None


def parse_days(value: str) -> int:
    """Payment deferral in days: a whole number 0..365 ("30", "30 дней")."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*(?:дн\w*|д\.?)?\s*", value.lower())
    if not match or int(match.group(1)) > MAX_DEFERRAL_DAYS:
        raise InvalidInput(
            "client-bad-days", value=value.strip()[:20], limit=str(MAX_DEFERRAL_DAYS)
        )
    return int(match.group(1))


@dataclass(frozen=True, slots=True)
class PersonEntry:
    full_name: str
    position: str | None


_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<position>[^()]*)\))?\s*$")


def parse_people(value: str) -> list[PersonEntry]:
    """Contact persons as exported: "ФИО (должность); ФИО (должность)"."""
    found: list[PersonEntry] = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        match = _PERSON.match(part)
        name = match.group("name").strip() if match else part
        position = (match.group("position") or "").strip() if match else ""
        if len(name) > MAX_PERSON or len(position) > MAX_POSITION:
            raise InvalidInput("client-too-long", limit=str(MAX_PERSON))
        found.append(PersonEntry(name, position or None))
    return found
