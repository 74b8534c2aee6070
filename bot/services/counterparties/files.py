"""Import of counterparties from an accounting export (CSV/XLSX) and export back.

Every row ends as one of: created, updated (the same `id` or INN is on file), duplicate (the
duplicate check names an existing card, or an earlier row of the file) or rejected (with the
reason). Nothing is written for duplicate and rejected rows; the file commits once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.counterparties.fields import fold
from bot.domain.counterparties.imports import (
    created_key,
    incoming,
    manager_by_name,
    new_card,
    row_keys,
)
from bot.domain.counterparties.match import (
    DUPLICATE_THRESHOLD,
    Candidate,
    CounterpartyKey,
    MatchIndex,
    find_candidates,
    is_duplicate,
)
from bot.domain.counterparties.table import ImportRecord, parse_record, read_table
from bot.domain.errors import InvalidInput
from bot.domain.roles import Action, Actor, require
from bot.services import audit
from bot.services.counterparties.directory import add_counterparty, match_key, sales_staff
from storage.models import ContactPerson, Counterparty, CounterpartyEmail, CounterpartyPhone
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_IMPORT_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv", ".xls")
REINDEX_EVERY = 200


class RowStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ReportLine:
    line: int
    name: str
    status: RowStatus
    counterparty_id: int | None = None
    other: str | None = None  # the card it duplicates / the row it repeats
    reason: str | None = None  # a locale key: why rejected, or a note
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportReport:
    file_name: str
    lines: Sequence[ReportLine]

    def count(self, status: RowStatus) -> int:
        return sum(1 for line in self.lines if line.status is status)


@dataclass(frozen=True, slots=True)
class ImportFile:
    actor: Actor
    file_name: str
    file_size: int | None
    read: Callable[[], Awaitable[bytes]]  # downloads the file; called only after the checks


def require_importer(actor: Actor) -> None:
    require(actor, Action.IMPORT_COUNTERPARTIES)


def check_file(actor: Actor, file_name: str, file_size: int | None) -> None:
    """Who may import, and whether the file is worth downloading at all."""
    require(actor, Action.IMPORT_COUNTERPARTIES)
    if not file_name.lower().endswith(SUFFIXES):
        raise InvalidInput("import-bad-type", name=file_name[:80])
    if file_size is not None and file_size > MAX_IMPORT_BYTES:
        raise InvalidInput("import-too-big", size=_mb(file_size), limit=_mb(MAX_IMPORT_BYTES))


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


async def import_counterparties(cmd: ImportFile, uow: UnitOfWork, clock: Clock) -> ImportReport:
    check_file(cmd.actor, cmd.file_name, cmd.file_size)
    content = await cmd.read()
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("import-too-big", size=_mb(len(content)), limit=_mb(MAX_IMPORT_BYTES))
    table = await asyncio.to_thread(read_table, PurePath(cmd.file_name).name, content)
    keys = [match_key(row) for row in await uow.counterparties.match_rows()]
    staff = [(u.id, u.full_name) for u in await sales_staff(uow)]
    run = _ImportRun(uow, cmd.actor, clock, keys, staff)
    lines = [await run.row(row.line, row.values) for row in table.rows]
    report = ImportReport(cmd.file_name, lines)
    audit.record(
        uow,
        cmd.actor,
        "counterparties_imported",
        f"file:{cmd.file_name[:80]}",
        at=clock.now(),
        **{status.value: report.count(status) for status in RowStatus},
    )
    await uow.commit()
    log.info("counterparties_imported", rows=len(lines), created=report.count(RowStatus.CREATED))
    return report


class _ImportRun:
    def __init__(
        self,
        uow: UnitOfWork,
        actor: Actor,
        clock: Clock,
        keys: list[CounterpartyKey],
        staff: Sequence[tuple[int, str]],  # who a manager column may name: (id, full name)
    ) -> None:
        self.uow, self.actor, self.clock, self.staff = uow, actor, clock, staff
        self.keys = keys  # every card; `index` is rebuilt over them now and then
        self.index = MatchIndex(keys)
        self.fresh: list[CounterpartyKey] = []  # cards this file created since the last rebuild
        self.rows_by_key: dict[str, int] = {}  # "inn:…" / "id:…" → the first row that had it

    async def row(self, line: int, values: dict[str, str] | Any) -> ReportLine:
        name = str(values.get("name") or "").strip()[:120]
        try:
            record = parse_record(values)
        except InvalidInput as error:
            return ReportLine(
                line, name, RowStatus.REJECTED, reason=error.key, params=error.params
            )
        for key in row_keys(record):
            if key in self.rows_by_key:
                other = str(self.rows_by_key[key])
                return ReportLine(
                    line, name, RowStatus.DUPLICATE, other=other, reason="import-dup-row"
                )
        manager_id = manager_by_name(self.staff, record.manager) if record.manager else None
        note = "import-manager-unknown" if record.manager and manager_id is None else None
        result = await self._apply(line, record, manager_id, note)
        for key in row_keys(record):
            self.rows_by_key.setdefault(key, line)
        return result

    async def _apply(
        self, line: int, record: ImportRecord, manager_id: int | None, note: str | None
    ) -> ReportLine:
        repo = self.uow.counterparties
        by_id = await repo.by_external_id(record.external_id) if record.external_id else None
        by_inn = await repo.by_inn(record.inn) if record.inn else None
        if by_id is not None and by_inn is not None and by_id.id != by_inn.id:
            return ReportLine(
                line,
                record.name,
                RowStatus.REJECTED,
                reason="import-conflict",
                params={"by_id": by_id.name, "by_inn": by_inn.name},
            )
        same = by_id or by_inn
        if same is not None:
            await self._update(same, record, manager_id)
            return ReportLine(line, record.name, RowStatus.UPDATED, same.id, reason=note)
        candidates = self._candidates(record)
        best = candidates[0] if candidates else None
        duplicate = is_duplicate(candidates) or (
            best.id if best and best.score >= DUPLICATE_THRESHOLD else None
        )
        if duplicate is not None:
            other = await repo.find(int(duplicate))
            return ReportLine(
                line,
                record.name,
                RowStatus.DUPLICATE,
                int(duplicate),
                other=other.name if other else duplicate,
            )
        cp = await add_counterparty(
            self.uow, new_card(record, manager_id), self.actor, self.clock.now()
        )
        self._remember(cp, record)
        if best is not None and note is None:
            similar = await repo.find(int(best.id))
            like = similar.name if similar else None
            return ReportLine(
                line, record.name, RowStatus.CREATED, cp.id, other=like, reason="import-similar"
            )
        return ReportLine(line, record.name, RowStatus.CREATED, cp.id, reason=note)

    def _candidates(self, record: ImportRecord) -> list[Candidate]:
        row = incoming(record)
        found = self.index.candidates(row) + find_candidates(row, self.fresh)
        return sorted(found, key=lambda c: (-c.score, c.id))

    def _remember(self, cp: Counterparty, record: ImportRecord) -> None:
        self.fresh.append(created_key(cp.id, record))
        if len(self.fresh) >= REINDEX_EVERY:
            self.keys.extend(self.fresh)
            self.fresh = []
            self.index = MatchIndex(self.keys)

    async def _update(
        self, cp: Counterparty, record: ImportRecord, manager_id: int | None
    ) -> None:
        repo = self.uow.counterparties
        cp.name, cp.category = record.name, record.category.value
        cp.inn = cp.inn or record.inn
        for name in ("kpp", "city", "address", "deferral_days", "docs_per_month"):
            value = getattr(record, name)
            if value is not None:
                setattr(cp, name, value)
        cp.external_id = cp.external_id or record.external_id
        cp.manager_id = manager_id or cp.manager_id
        cp.updated_at = self.clock.now()
        have_phones = {p.e164 for p in await repo.phones(cp.id)}
        for phone in record.phones:
            if phone.e164 not in have_phones:
                repo.add_phone(
                    CounterpartyPhone(
                        counterparty_id=cp.id, e164=phone.e164, extension=phone.extension
                    )
                )
        have_emails = {e.address for e in await repo.emails(cp.id)}
        for address in record.emails:
            if address not in have_emails:
                repo.add_email(CounterpartyEmail(counterparty_id=cp.id, address=address))
        have_people = {fold(p.full_name) for p in await repo.people(cp.id)}
        for person in record.people:
            if fold(person.full_name) not in have_people:
                repo.add_person(
                    ContactPerson(
                        counterparty_id=cp.id,
                        full_name=person.full_name,
                        position=person.position,
                        created_at=self.clock.now(),
                    )
                )


# --- export -------------------------------------------------------------------------------


async def export_counterparties(actor: Actor, uow: UnitOfWork) -> list[dict[str, str]]:
    """Every card as a row of the import columns (category as its code)."""
    require(actor, Action.IMPORT_COUNTERPARTIES)
    repo = uow.counterparties
    cards = await repo.all()
    phones, emails, people = (
        await repo.all_phones(),
        await repo.all_emails(),
        await repo.all_people(),
    )
    staff = await repo.staff_by_ids([c.manager_id for c in cards if c.manager_id])
    rows = []
    for cp in cards:
        rows.append(
            {
                "id": cp.external_id or "",
                "name": cp.name,
                "inn": cp.inn or "",
                "kpp": cp.kpp or "",
                "category": cp.category,
                "city": cp.city or "",
                "address": cp.address or "",
                "phones": "; ".join(
                    p.e164 + (f" ext. {p.extension}" if p.extension else "")
                    for p in phones.get(cp.id, [])
                ),
                "emails": "; ".join(emails.get(cp.id, [])),
                "contacts": "; ".join(
                    p.full_name + (f" ({p.position})" if p.position else "")
                    for p in people.get(cp.id, [])
                ),
                "deferral_days": str(cp.deferral_days),
                "manager": staff[cp.manager_id].full_name if cp.manager_id in staff else "",
                "docs_per_month": str(cp.docs_per_month),
            }
        )
    return rows
