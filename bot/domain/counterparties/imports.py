"""How one row of an imported table meets the directory: what makes two rows of a file the
same counterparty, which staff member its manager column names, the card a new row makes."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.counterparties.cards import NewCounterparty
from bot.domain.counterparties.fields import fold
from bot.domain.counterparties.match import CounterpartyKey, IncomingCounterparty
from bot.domain.counterparties.table import ImportRecord


def row_keys(record: ImportRecord) -> list[str]:
    """What makes two rows of one file the same counterparty: its id, its INN."""
    keys = [f"id:{record.external_id}"] if record.external_id else []
    return keys + ([f"inn:{record.inn}"] if record.inn else [])


def manager_by_name(staff: Sequence[tuple[int, str]], name: str) -> int | None:
    """The staff member (id, full name) whose every name word is in `name` ("Ирина Лебедева"
    in "Лебедева Ирина Олеговна"); None when nobody or several fit."""
    words = set(fold(name).split())
    found = [
        user_id
        for user_id, full_name in staff
        if full_name.strip() and set(fold(full_name).split()) <= words
    ]
    return found[0] if len(found) == 1 else None


def incoming(record: ImportRecord) -> IncomingCounterparty:
    """The row as the duplicate check compares it."""
    return IncomingCounterparty(
        name=record.name,
        inn=record.inn or "",
        kpp=record.kpp or "",
        phones=tuple(p.e164 for p in record.phones),
        emails=record.emails,
        city=record.city or "",
    )


def created_key(counterparty_id: int, record: ImportRecord) -> CounterpartyKey:
    """A card this file created, for the duplicate check of the rows after it."""
    row = incoming(record)
    return CounterpartyKey(
        str(counterparty_id), row.name, row.inn, row.kpp, row.phones, row.emails, row.city
    )


def new_card(record: ImportRecord, manager_id: int | None) -> NewCounterparty:
    return NewCounterparty(
        name=record.name,
        inn=record.inn,
        kpp=record.kpp,
        phones=tuple((p.e164, p.extension) for p in record.phones),
        emails=record.emails,
        city=record.city,
        category=record.category,
        people=tuple((p.full_name, p.position) for p in record.people),
        address=record.address,
        deferral_days=record.deferral_days or 0,
        docs_per_month=record.docs_per_month or 0,
        external_id=record.external_id,
        manager_id=manager_id,
    )
