"""A counterparty card's own rules: what a new card holds, and who may change a card."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.counterparties.emails import normalize_email
from bot.domain.counterparties.fields import Category, clean_name, parse_category
from bot.domain.counterparties.inn import parse_typed_inn, validate_kpp
from bot.domain.counterparties.match import IncomingCounterparty
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.roles import Action, Actor, Role, can

MAX_CITY_TYPED = 120


@dataclass(frozen=True, slots=True)
class NewCounterparty:
    """Validated fields of a card about to be created."""

    name: str
    inn: str | None = None
    kpp: str | None = None
    phones: tuple[tuple[str, str | None], ...] = ()  # (e164, extension)
    emails: tuple[str, ...] = ()
    city: str | None = None
    category: Category = Category.END_USER
    people: tuple[tuple[str, str | None], ...] = ()  # (name, position)
    address: str | None = None
    deferral_days: int = 0
    docs_per_month: int = 0
    external_id: str | None = None
    manager_id: int | None = None

    def incoming(self) -> IncomingCounterparty:
        return IncomingCounterparty(
            name=self.name,
            inn=self.inn or "",
            kpp=self.kpp or "",
            phones=tuple(e164 for e164, _ in self.phones),
            emails=self.emails,
            city=self.city or "",
        )


def validate_new(
    name: str,
    inn: str = "",
    kpp: str = "",
    phone: str = "",
    email: str = "",
    city: str = "",
    category: str = "",
) -> NewCounterparty:
    """Check what a person typed; each error names what is wrong."""
    phones: tuple[tuple[str, str | None], ...] = ()
    if phone.strip():
        parsed = normalize_phone(phone)
        phones = ((parsed.e164, parsed.extension),)
    return NewCounterparty(
        name=clean_name(name),
        inn=parse_typed_inn(inn) if inn.strip() else None,
        kpp=validate_kpp(kpp) if kpp.strip() else None,
        phones=phones,
        emails=(normalize_email(email),) if email.strip() else (),
        city=" ".join(city.split())[:MAX_CITY_TYPED] or None,
        category=parse_category(category),
    )


def may_read_texts(actor: Actor, manager_id: int | None) -> bool:
    """Who reads what was said on a client's timeline (requests, answers, notes, comments):
    their manager, heads and admins. Everyone else who sees the card sees that a contact
    happened and when, not its text."""
    if can(actor, Action.EDIT_ANY_COUNTERPARTY):
        return True
    return actor.role is Role.MANAGER and manager_id is not None and manager_id == actor.user_id


def may_edit(actor: Actor, manager_id: int | None) -> bool:
    """A manager changes their own clients (and those nobody is responsible for); a head or
    an admin changes any."""
    if not can(actor, Action.EDIT_COUNTERPARTY):
        return False
    mine = manager_id is None or manager_id == actor.user_id
    return mine or can(actor, Action.EDIT_ANY_COUNTERPARTY)
