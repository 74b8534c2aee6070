"""Changing a counterparty card one field at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.counterparties.edits import (
    AddEmail,
    AddPerson,
    AddPhone,
    CardField,
    Change,
    SetColumns,
    SetInn,
    SetManager,
    parse_change,
    parse_field,
)
from bot.domain.errors import Conflict, InvalidInput
from bot.domain.roles import Action, Actor, Role, can, require
from bot.services import audit
from bot.services.counterparties.directory import require_editable, sales_staff
from storage.models import ContactPerson, Counterparty, CounterpartyEmail, CounterpartyPhone, User
from storage.uow import UnitOfWork


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
    if field is CardField.MANAGER:
        require(cmd.actor, Action.EDIT_ANY_COUNTERPARTY)
    now = clock.now()
    await _apply(uow, cp, parse_change(field, cmd.value), clock)
    cp.updated_at = now
    audit.record(
        uow, cmd.actor, "counterparty_edited", f"counterparty:{cp.id}", at=now, field=field
    )
    await uow.commit()
    return cp


async def _apply(uow: UnitOfWork, cp: Counterparty, change: Change, clock: Clock) -> None:
    """Write `change`, unless it clashes with another card (or names no manager)."""
    repo = uow.counterparties
    match change:
        case SetColumns(values):
            for name, value in values.items():
                setattr(cp, name, value)
        case SetManager(user_id):
            cp.manager_id = None if user_id is None else await _manager_id(uow, user_id)
        case SetInn(inn):
            other = await repo.by_inn(inn) if inn is not None else None
            if other is not None and other.id != cp.id:
                raise Conflict("client-inn-taken", name=other.name)
            cp.inn = inn
        case AddPhone(phone):
            await _refuse_taken(uow, cp, await repo.ids_by_phone(phone.e164), "phone", phone.e164)
            repo.add_phone(
                CounterpartyPhone(
                    counterparty_id=cp.id, e164=phone.e164, extension=phone.extension
                )
            )
        case AddEmail(address):
            await _refuse_taken(uow, cp, await repo.ids_by_email(address), "email", address)
            repo.add_email(CounterpartyEmail(counterparty_id=cp.id, address=address))
        case AddPerson() as person:
            repo.add_person(
                ContactPerson(
                    counterparty_id=cp.id,
                    full_name=person.full_name,
                    position=person.position,
                    phone_e164=person.phone.e164 if person.phone else None,
                    phone_extension=person.phone.extension if person.phone else None,
                    email=person.email,
                    created_at=clock.now(),
                )
            )


async def _manager_id(uow: UnitOfWork, user_id: int) -> int:
    user = await uow.users.find(user_id)
    if user is None or not user.is_active or user.role not in {Role.MANAGER, Role.HEAD}:
        raise InvalidInput("client-bad-manager")
    return user.id


async def _refuse_taken(
    uow: UnitOfWork, cp: Counterparty, owners: Sequence[int], kind: str, value: str
) -> None:
    """A phone or e-mail is on one card only: this one already has it, or another one does."""
    if cp.id in owners:
        raise Conflict(f"client-{kind}-there", **{kind: value})
    if owners:
        [other] = await uow.counterparties.by_ids(owners[:1])
        raise Conflict(f"client-{kind}-taken", name=other.name, **{kind: value})
