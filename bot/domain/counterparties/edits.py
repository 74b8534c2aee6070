"""Changing a counterparty card one field at a time: which fields there are, and what a typed
value means for each (checked here; whether it clashes with other cards is the service's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.counterparties.emails import normalize_email
from bot.domain.counterparties.fields import (
    MAX_ADDRESS,
    MAX_CITY,
    MAX_NOTES,
    MAX_PERSON,
    MAX_POSITION,
    clean_name,
    clean_text,
    parse_category,
    parse_days,
    search_name,
)
from bot.domain.counterparties.inn import parse_typed_inn, validate_kpp
from bot.domain.counterparties.phones import Phone, normalize_phone
from bot.domain.errors import InvalidInput
from bot.domain.ids import parse_id

CLEAR = "-"  # typed instead of a value: empty the field
NO_MANAGER = frozenset({CLEAR, "0"})
PERSON_PARTS = 4  # name; position; phone; e-mail


class CardField(StrEnum):
    NAME = "name"
    INN = "inn"
    KPP = "kpp"
    PHONE = "phone"
    EMAIL = "email"
    PERSON = "person"
    CITY = "city"
    ADDRESS = "address"
    DEFERRAL = "deferral"
    NOTES = "notes"
    CATEGORY = "category"
    MANAGER = "manager"


TYPED_FIELDS: tuple[CardField, ...] = (
    CardField.NAME,
    CardField.INN,
    CardField.KPP,
    CardField.PHONE,
    CardField.EMAIL,
    CardField.PERSON,
    CardField.CITY,
    CardField.ADDRESS,
    CardField.DEFERRAL,
    CardField.NOTES,
)

_TEXT_LIMITS = {CardField.CITY: MAX_CITY, CardField.ADDRESS: MAX_ADDRESS}


def parse_field(value: str) -> CardField:
    try:
        return CardField(value)
    except ValueError:
        raise InvalidInput("client-bad-field") from None


@dataclass(frozen=True, slots=True)
class SetColumns:
    """Columns of the card itself take these values."""

    values: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class SetInn:
    inn: str | None  # None: cleared


@dataclass(frozen=True, slots=True)
class AddPhone:
    phone: Phone


@dataclass(frozen=True, slots=True)
class AddEmail:
    address: str


@dataclass(frozen=True, slots=True)
class AddPerson:
    full_name: str
    position: str | None
    phone: Phone | None
    email: str | None


@dataclass(frozen=True, slots=True)
class SetManager:
    user_id: int | None  # None: nobody is responsible; otherwise a staff member to check


Change = SetColumns | SetInn | AddPhone | AddEmail | AddPerson | SetManager


def parse_change(field: CardField, typed: str) -> Change:
    """What the value typed (or picked) for `field` changes on the card."""
    value = typed.strip()
    if field is CardField.MANAGER:
        if value in NO_MANAGER:
            return SetManager(None)
        manager_id = parse_id(value)
        if manager_id is None:
            raise InvalidInput("client-bad-manager")
        return SetManager(manager_id)
    if field is CardField.CATEGORY:
        return SetColumns({"category": parse_category(value).value})
    if field is CardField.NAME:
        name = clean_name(value)
        return SetColumns({"name": name, "search_name": search_name(name)})
    if field is CardField.INN:
        return SetInn(None if value == CLEAR else parse_typed_inn(value))
    if field is CardField.KPP:
        return SetColumns({"kpp": None if value == CLEAR else validate_kpp(value)})
    if field is CardField.PHONE:
        return AddPhone(normalize_phone(value))
    if field is CardField.EMAIL:
        return AddEmail(normalize_email(value))
    if field is CardField.PERSON:
        return parse_person(value)
    if field is CardField.DEFERRAL:
        return SetColumns({"deferral_days": parse_days(value)})
    limit = _TEXT_LIMITS.get(field, MAX_NOTES)
    return SetColumns({field.value: None if value == CLEAR else clean_text(value, limit)})


def parse_person(value: str) -> AddPerson:
    """ "ФИО; должность; телефон; e-mail": only the name is required."""
    parts = [p.strip() for p in value.split(";")]
    parts += [""] * (PERSON_PARTS - len(parts))
    if len(parts) > PERSON_PARTS:
        raise InvalidInput("client-person-format")
    name, position, phone_text, email_text = parts
    if not name:
        raise InvalidInput("client-person-format")
    if len(name) > MAX_PERSON or len(position) > MAX_POSITION:
        raise InvalidInput("client-too-long", limit=str(MAX_PERSON))
    return AddPerson(
        full_name=" ".join(name.split()),
        position=position or None,
        phone=normalize_phone(phone_text) if phone_text else None,
        email=normalize_email(email_text) if email_text else None,
    )
