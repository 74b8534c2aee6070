"""Self-registration by a shared phone: whose phone it is, and when the person is linked at
once rather than waiting for a head's decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.counterparties.phones import Phone, normalize_phone
from bot.domain.errors import Forbidden
from bot.domain.ids import is_digits


class RequestStatus(StrEnum):
    PENDING = "pending"
    LINKED = "linked"
    DECLINED = "declined"


def own_phone(tg_user_id: int, contact_user_id: int | None, raw: str) -> Phone:
    """The number of a contact the person shared: only their own counts. Telegram sends it in
    international form, often without the plus."""
    if contact_user_id != tg_user_id:
        raise Forbidden("portal-contact-not-own")
    text = raw.strip()
    return normalize_phone(f"+{text}" if is_digits(text) else text)


@dataclass(frozen=True, slots=True)
class PersonOnPhone:
    """A contact person whose phone is the shared one."""

    person_id: int
    counterparty_id: int
    user_id: int | None  # already somebody's Telegram identity


def free_person(people: Sequence[PersonOnPhone], counterparty_id: int) -> int | None:
    """The counterparty's first contact person with this phone nobody has claimed yet."""
    for person in people:
        if person.counterparty_id == counterparty_id and person.user_id is None:
            return person.person_id
    return None


@dataclass(frozen=True, slots=True)
class LinkAtOnce:
    counterparty_id: int
    person_id: int | None  # None: the person becomes a new contact person of the card


def link_at_once(owners: Sequence[int], people: Sequence[PersonOnPhone]) -> LinkAtOnce | None:
    """Linked without asking anybody when exactly one counterparty has the phone and it is
    not already taken there (a contact person with it who is free, or none with it at all);
    None: a head decides."""
    if len(owners) != 1:
        return None
    [owner] = owners
    person_id = free_person(people, owner)
    if person_id is None and any(p.counterparty_id == owner for p in people):
        return None
    return LinkAtOnce(owner, person_id)
