"""Counterparties, their phones, e-mails and contact persons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import (
    Base,
    ContactPerson,
    Counterparty,
    CounterpartyEmail,
    CounterpartyPhone,
    User,
)


@dataclass(frozen=True, slots=True)
class MatchRow:
    """What the duplicate check needs of one existing counterparty."""

    id: int
    name: str
    inn: str
    kpp: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    city: str


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CounterpartyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, counterparty: Counterparty) -> None:
        self.session.add(counterparty)

    async def get(self, counterparty_id: int, *, for_update: bool = False) -> Counterparty:
        """The card; NotFound when there is none (a merge may have dropped it)."""
        found = await self.find(counterparty_id, for_update=for_update)
        if found is None:
            raise NotFound("client-not-found")
        return found

    async def find(self, counterparty_id: int, *, for_update: bool = False) -> Counterparty | None:
        if for_update:
            query = select(Counterparty).where(Counterparty.id == counterparty_id)
            return await self.session.scalar(query.with_for_update())
        return await self.session.get(Counterparty, counterparty_id)

    async def by_ids(self, ids: Sequence[int]) -> Sequence[Counterparty]:
        if not ids:
            return []
        query = select(Counterparty).where(Counterparty.id.in_(ids))
        found = {c.id: c for c in (await self.session.scalars(query)).all()}
        return [found[i] for i in ids if i in found]

    async def by_inn(self, inn: str) -> Counterparty | None:
        return await self.session.scalar(select(Counterparty).where(Counterparty.inn == inn))

    async def by_external_id(self, external_id: str) -> Counterparty | None:
        query = select(Counterparty).where(Counterparty.external_id == external_id)
        return await self.session.scalar(query)

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count(Counterparty.id))) or 0)

    # --- search --------------------------------------------------------------------------

    async def search_by_name(self, words: str, limit: int) -> Sequence[Counterparty]:
        compact = words.replace(" ", "")
        query = (
            select(Counterparty)
            .where(
                or_(
                    Counterparty.search_name.like(_like(words), escape="\\"),
                    func.replace(Counterparty.search_name, " ", "").like(
                        _like(compact), escape="\\"
                    ),
                )
            )
            .order_by(func.length(Counterparty.search_name), Counterparty.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def search_by_digits(self, digits: str, limit: int) -> Sequence[Counterparty]:
        """INN fragments and phone fragments (of the card's and its contacts' phones)."""
        pattern = _like(digits)
        phone_ids = select(CounterpartyPhone.counterparty_id).where(
            CounterpartyPhone.e164.like(pattern, escape="\\")
        )
        person_ids = select(ContactPerson.counterparty_id).where(
            ContactPerson.phone_e164.like(pattern, escape="\\")
        )
        query = (
            select(Counterparty)
            .where(
                or_(
                    Counterparty.inn.like(pattern, escape="\\"),
                    Counterparty.id.in_(phone_ids),
                    Counterparty.id.in_(person_ids),
                )
            )
            .order_by(Counterparty.id)
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def ids_by_phone(self, e164: str) -> list[int]:
        own = select(CounterpartyPhone.counterparty_id).where(CounterpartyPhone.e164 == e164)
        people = select(ContactPerson.counterparty_id).where(ContactPerson.phone_e164 == e164)
        found = (await self.session.scalars(own.union(people))).all()
        return sorted(set(found))

    async def ids_by_email(self, address: str) -> list[int]:
        own = select(CounterpartyEmail.counterparty_id).where(CounterpartyEmail.address == address)
        people = select(ContactPerson.counterparty_id).where(ContactPerson.email == address)
        found = (await self.session.scalars(own.union(people))).all()
        return sorted(set(found))

    async def match_rows(self) -> list[MatchRow]:
        """Every counterparty with its phones (E.164) and e-mails, for the duplicate check."""
        phones: dict[int, list[str]] = defaultdict(list)
        emails: dict[int, list[str]] = defaultdict(list)
        for cp_id, e164 in await self.session.execute(
            select(CounterpartyPhone.counterparty_id, CounterpartyPhone.e164)
        ):
            phones[cp_id].append(e164)
        for cp_id, person_phone in await self.session.execute(
            select(ContactPerson.counterparty_id, ContactPerson.phone_e164).where(
                ContactPerson.phone_e164.is_not(None)
            )
        ):
            phones[cp_id].append(person_phone or "")
        for cp_id, address in await self.session.execute(
            select(CounterpartyEmail.counterparty_id, CounterpartyEmail.address)
        ):
            emails[cp_id].append(address)
        rows = await self.session.execute(
            select(
                Counterparty.id,
                Counterparty.name,
                Counterparty.inn,
                Counterparty.kpp,
                Counterparty.city,
            ).order_by(Counterparty.id)
        )
        return [
            MatchRow(
                id=cp_id,
                name=name,
                inn=inn or "",
                kpp=kpp or "",
                phones=tuple(phones[cp_id]),
                emails=tuple(emails[cp_id]),
                city=city or "",
            )
            for cp_id, name, inn, kpp, city in rows
        ]

    async def client_stamp(self) -> tuple[int, datetime | None]:
        """How many counterparties and the newest change: the parser's directory is stale?"""
        row = (
            await self.session.execute(
                select(func.count(Counterparty.id), func.max(Counterparty.updated_at))
            )
        ).one()
        return int(row[0] or 0), row[1]

    async def client_rows(self) -> list[tuple[int, str, str | None]]:
        """(id, name, inn) of every counterparty: what the parser finds clients by."""
        query = select(Counterparty.id, Counterparty.name, Counterparty.inn).order_by(
            Counterparty.id
        )
        return [(cp_id, name, inn) for cp_id, name, inn in await self.session.execute(query)]

    async def all(self) -> Sequence[Counterparty]:
        return (await self.session.scalars(select(Counterparty).order_by(Counterparty.id))).all()

    # --- phones, e-mails, people ---------------------------------------------------------

    async def phones(self, counterparty_id: int) -> Sequence[CounterpartyPhone]:
        query = (
            select(CounterpartyPhone)
            .where(CounterpartyPhone.counterparty_id == counterparty_id)
            .order_by(CounterpartyPhone.id)
        )
        return (await self.session.scalars(query)).all()

    async def emails(self, counterparty_id: int) -> Sequence[CounterpartyEmail]:
        query = (
            select(CounterpartyEmail)
            .where(CounterpartyEmail.counterparty_id == counterparty_id)
            .order_by(CounterpartyEmail.id)
        )
        return (await self.session.scalars(query)).all()

    async def people(self, counterparty_id: int) -> Sequence[ContactPerson]:
        query = (
            select(ContactPerson)
            .where(ContactPerson.counterparty_id == counterparty_id)
            .order_by(ContactPerson.id)
        )
        return (await self.session.scalars(query)).all()

    async def all_phones(self) -> dict[int, list[CounterpartyPhone]]:
        found: dict[int, list[CounterpartyPhone]] = defaultdict(list)
        for phone in await self.session.scalars(
            select(CounterpartyPhone).order_by(CounterpartyPhone.id)
        ):
            found[phone.counterparty_id].append(phone)
        return found

    async def all_emails(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for email in await self.session.scalars(
            select(CounterpartyEmail).order_by(CounterpartyEmail.id)
        ):
            found[email.counterparty_id].append(email.address)
        return found

    async def all_people(self) -> dict[int, list[ContactPerson]]:
        found: dict[int, list[ContactPerson]] = defaultdict(list)
        for person in await self.session.scalars(select(ContactPerson).order_by(ContactPerson.id)):
            found[person.counterparty_id].append(person)
        return found

    def add_phone(self, phone: CounterpartyPhone) -> None:
        self.session.add(phone)

    def add_email(self, email: CounterpartyEmail) -> None:
        self.session.add(email)

    def add_person(self, person: ContactPerson) -> None:
        self.session.add(person)

    async def person(self, person_id: int) -> ContactPerson | None:
        return await self.session.get(ContactPerson, person_id)

    async def person_of_user(self, user_id: int) -> ContactPerson | None:
        return await self.session.scalar(
            select(ContactPerson).where(ContactPerson.user_id == user_id)
        )

    async def people_by_phone(self, e164: str) -> Sequence[ContactPerson]:
        query = (
            select(ContactPerson)
            .where(ContactPerson.phone_e164 == e164)
            .order_by(ContactPerson.id)
        )
        return (await self.session.scalars(query)).all()

    async def staff_by_ids(self, ids: Sequence[int]) -> dict[int, User]:
        if not ids:
            return {}
        query = select(User).where(User.id.in_(set(ids)))
        return {u.id: u for u in (await self.session.scalars(query)).all()}

    # --- merge ---------------------------------------------------------------------------

    async def move_references(self, source_id: int, target_id: int) -> dict[str, int]:
        """Point every `counterparty_id` foreign key at `target_id`; rows moved per table.

        The tables are discovered from the metadata, so tables added by later features
        (orders, invoices, claims) move too without this code knowing them.
        """
        moved: dict[str, int] = {}
        target_table = Counterparty.__table__
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table is not target_table or fk.parent.name != "counterparty_id":
                    continue
                result = await self.session.execute(
                    update(table).where(fk.parent == source_id).values({fk.parent.name: target_id})
                )
                moved[table.name] = int(result.rowcount)  # type: ignore[attr-defined]
        return moved

    async def drop_repeated_contacts(self, counterparty_id: int) -> None:
        """After a merge: one row per phone and per e-mail (the older one stays)."""
        for model, column in (
            (CounterpartyPhone, CounterpartyPhone.e164),
            (CounterpartyEmail, CounterpartyEmail.address),
        ):
            keep = (
                select(func.min(model.id))
                .where(model.counterparty_id == counterparty_id)
                .group_by(column)
            )
            await self.session.execute(
                delete(model).where(
                    model.counterparty_id == counterparty_id, model.id.not_in(keep)
                )
            )

    async def delete(self, counterparty: Counterparty) -> None:
        await self.session.delete(counterparty)
