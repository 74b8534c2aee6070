"""Changing a counterparty card one field at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.clock import Clock
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
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.errors import Conflict, InvalidInput
from bot.domain.roles import Action, Actor, Role, can, require
from bot.services import audit
from bot.services.counterparties.directory import require_editable, sales_staff
from storage.models import (
    ContactPerson,
    Counterparty,
    CounterpartyEmail,
    CounterpartyPhone,
    User,
)
from storage.uow import UnitOfWork

CLEAR = "-"  # typed instead of a value: empty the field


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


def parse_field(value: str) -> CardField:
    try:
        return CardField(value)
    except ValueError:
        raise InvalidInput("client-bad-field") from None


@dataclass(frozen=True, slots=True)
class EditCounterparty:
    actor: Actor
    counterparty_id: int
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class EditStart:
    counterparty: Counterparty
    can_reassign: bool  # may change the responsible manager


async def begin_edit(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> EditStart:
    """Check that `actor` may change the card before asking them for a value."""
    cp = await require_editable(actor, counterparty_id, uow)
    return EditStart(cp, can(actor, Action.EDIT_ANY_COUNTERPARTY))


async def manager_choices(
    actor: Actor, counterparty_id: int, uow: UnitOfWork
) -> tuple[Counterparty, Sequence[User]]:
    require(actor, Action.EDIT_ANY_COUNTERPARTY)
    cp = await require_editable(actor, counterparty_id, uow)
    return cp, await sales_staff(uow)


async def edit_counterparty(cmd: EditCounterparty, uow: UnitOfWork, clock: Clock) -> Counterparty:
    field = parse_field(cmd.field)
    cp = await require_editable(cmd.actor, cmd.counterparty_id, uow)
    value = cmd.value.strip()
    if field is CardField.MANAGER:
        require(cmd.actor, Action.EDIT_ANY_COUNTERPARTY)
        cp.manager_id = await _manager_id(uow, value)
    elif field is CardField.CATEGORY:
        cp.category = parse_category(value).value
    elif field is CardField.NAME:
        cp.name = clean_name(value)
        cp.search_name = search_name(cp.name)
    elif field is CardField.INN:
        await _set_inn(uow, cp, value)
    elif field is CardField.KPP:
        cp.kpp = None if value == CLEAR else validate_kpp(value)
    elif field is CardField.PHONE:
        await _add_phone(uow, cp, value)
    elif field is CardField.EMAIL:
        await _add_email(uow, cp, value)
    elif field is CardField.PERSON:
        await _add_person(uow, cp, value, clock)
    elif field is CardField.DEFERRAL:
        cp.deferral_days = parse_days(value)
    else:
        limit = {CardField.CITY: MAX_CITY, CardField.ADDRESS: MAX_ADDRESS}.get(field, MAX_NOTES)
        text = None if value == CLEAR else clean_text(value, limit)
        setattr(cp, field.value, text)
    now = clock.now()
    cp.updated_at = now
    audit.record(
        uow, cmd.actor, "counterparty_edited", f"counterparty:{cp.id}", at=now, field=field
    )
    await uow.commit()
    return cp


async def _manager_id(uow: UnitOfWork, value: str) -> int | None:
    if value in {CLEAR, "0"}:
        return None
    user = await uow.users.get(int(value)) if value.isdigit() else None
    if user is None or not user.is_active or user.role not in {Role.MANAGER, Role.HEAD}:
        raise InvalidInput("client-bad-manager")
    return user.id


async def _set_inn(uow: UnitOfWork, cp: Counterparty, value: str) -> None:
    if value == CLEAR:
        cp.inn = None
        return
    inn = parse_typed_inn(value)
    other = await uow.counterparties.by_inn(inn)
    if other is not None and other.id != cp.id:
        raise Conflict("client-inn-taken", name=other.name)
    cp.inn = inn


async def _add_phone(uow: UnitOfWork, cp: Counterparty, value: str) -> None:
    phone = normalize_phone(value)
    owners = await uow.counterparties.ids_by_phone(phone.e164)
    if cp.id in owners:
        raise Conflict("client-phone-there", phone=phone.e164)
    if owners:
        [other] = await uow.counterparties.by_ids(owners[:1])
        raise Conflict("client-phone-taken", phone=phone.e164, name=other.name)
    uow.counterparties.add_phone(
        CounterpartyPhone(counterparty_id=cp.id, e164=phone.e164, extension=phone.extension)
    )


async def _add_email(uow: UnitOfWork, cp: Counterparty, value: str) -> None:
    address = normalize_email(value)
    owners = await uow.counterparties.ids_by_email(address)
    if cp.id in owners:
        raise Conflict("client-email-there", email=address)
    if owners:
        [other] = await uow.counterparties.by_ids(owners[:1])
        raise Conflict("client-email-taken", email=address, name=other.name)
    uow.counterparties.add_email(CounterpartyEmail(counterparty_id=cp.id, address=address))


async def _add_person(uow: UnitOfWork, cp: Counterparty, value: str, clock: Clock) -> None:
    """ "ФИО; должность; телефон; e-mail": only the name is required."""
    parts = [p.strip() for p in value.split(";")]
    parts += [""] * (4 - len(parts))
    if len(parts) > 4:  # noqa: PLR2004 - name, position, phone, e-mail
        raise InvalidInput("client-person-format")
    name, position, phone_text, email_text = parts
    if not name:
        raise InvalidInput("client-person-format")
    if len(name) > MAX_PERSON or len(position) > MAX_POSITION:
        raise InvalidInput("client-too-long", limit=str(MAX_PERSON))
    phone = normalize_phone(phone_text) if phone_text else None
    email = normalize_email(email_text) if email_text else None
    uow.counterparties.add_person(
        ContactPerson(
            counterparty_id=cp.id,
            full_name=" ".join(name.split()),
            position=position or None,
            phone_e164=phone.e164 if phone else None,
            phone_extension=phone.extension if phone else None,
            email=email,
            created_at=clock.now(),
        )
    )
