"""Reminders (rows with a due time) and their policies (company.yaml defaults + overrides)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, or_, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.db import dialect_name
from storage.inserts import insert_new
from storage.models import Reminder, ReminderPolicy

PENDING, SENT, DONE, CANCELLED, SNOOZED = "pending", "sent", "done", "cancelled", "snoozed"
WAITING = (PENDING, SNOOZED)  # the statuses that fire when due
_CHUNK = 500  # rows per INSERT (SQLite's limit on bound parameters)


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder row as the runner reads it (no ORM object: thousands per tick)."""

    id: int
    policy: str
    step: str
    subject_kind: str
    subject_id: str
    occurrence: str
    due_at: datetime
    status: str
    is_late: bool
    reason: str | None
    params: dict[str, Any]
    sent_to: list[Any]
    sent_count: int
    fired_at: datetime | None
    created_at: datetime

    @property
    def key(self) -> str:
        return f"{self.policy}.{self.step}"


_DUE_COLUMNS = tuple(f.name for f in fields(DueReminder))


def _utc(value: Any) -> datetime | None:
    """A MIN over a subquery loses the column type: SQLite hands back its text."""
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value and value.tzinfo is None else value
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.earliest_planned: datetime | None = None  # the runner is woken for it

    async def add_once(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert the rows whose `dedupe_key` is new (ON CONFLICT DO NOTHING); their ids."""
        ids: list[int] = []
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start : start + _CHUNK]
            ids += await insert_new(self.session, Reminder, chunk, returning=Reminder.id)
        if ids:
            first = min(r["due_at"] for r in rows)
            if self.earliest_planned is None or first < self.earliest_planned:
                self.earliest_planned = first
        return ids

    def note_due(self, at: datetime) -> None:
        """A row was moved to `at` (snoozed, re-planned): the runner may need to wake."""
        if self.earliest_planned is None or at < self.earliest_planned:
            self.earliest_planned = at

    async def find(self, reminder_id: int, *, for_update: bool = False) -> Reminder | None:
        query = select(Reminder).where(Reminder.id == reminder_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def get(self, reminder_id: int, *, for_update: bool = False) -> Reminder:
        reminder = await self.find(reminder_id, for_update=for_update)
        if reminder is None:
            raise NotFound("reminder-not-found")
        return reminder

    async def by_key(self, dedupe_key: str) -> Reminder | None:
        return await self.session.scalar(select(Reminder).where(Reminder.dedupe_key == dedupe_key))

    async def open_for(self, user_id: int, *, since: datetime, limit: int = 200) -> list[Reminder]:
        """Reminders sent to a person (one of its copies) since `since` and not acted on yet:
        sent or snoozed; the daily messages themselves are not among them."""
        query = (
            select(Reminder)
            .where(
                Reminder.status.in_((SENT, SNOOZED)),
                Reminder.due_at >= since,
                Reminder.policy != "daily",
            )
            .order_by(Reminder.due_at, Reminder.id)
        )
        found = []
        for r in (await self.session.scalars(query)).all():
            if any(isinstance(t, dict) and t.get("user") == user_id for t in r.sent_to or ()):
                found.append(r)
                if len(found) >= limit:
                    break
        return found

    async def of_subject(self, subject_kind: str, subject_id: str) -> Sequence[Reminder]:
        query = select(Reminder).where(
            Reminder.subject_kind == subject_kind, Reminder.subject_id == subject_id
        )
        return (await self.session.scalars(query.order_by(Reminder.due_at, Reminder.id))).all()

    async def next_due(self) -> datetime | None:
        """The earliest due time of a waiting row: one statement, an index seek per status
        (a MIN over `status IN (…)` would read every waiting row's index entry)."""
        per_status = union_all(
            *(
                select(func.min(Reminder.due_at).label("due")).where(Reminder.status == s)
                for s in WAITING
            )
        ).subquery()
        found = await self.session.scalar(
            select(func.min(per_status.c.due).label("due")).select_from(per_status)
        )
        return _utc(found)

    async def claim(self, *, now: datetime, owner: str, lease: timedelta, limit: int) -> list[int]:
        """Lease up to `limit` due rows to `owner` (oldest first): waiting ones that nobody
        holds or whose lease ran out. On PostgreSQL the rows are locked (`SKIP LOCKED`) while
        leased, so processes claiming at once take different rows."""
        due = and_(
            Reminder.status.in_(WAITING),
            Reminder.due_at <= now,
            or_(Reminder.lease_until.is_(None), Reminder.lease_until < now),
        )
        query = select(Reminder.id).where(due).order_by(Reminder.due_at, Reminder.id).limit(limit)
        if dialect_name(self.session) == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list((await self.session.scalars(query)).all())
        if not ids:
            return []
        taken = await self.session.scalars(
            update(Reminder)
            .where(Reminder.id.in_(ids), due)
            .values(lease_owner=owner, lease_until=now + lease)
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(taken.all())

    async def leased(self, ids: Sequence[int], *, owner: str) -> list[DueReminder]:
        """Rows of `ids` `owner` still holds and that still wait (locked on PostgreSQL), as
        plain values: the runner reads thousands and writes them back with `save_fired`."""
        query = (
            select(*(_TABLE.c[name] for name in _DUE_COLUMNS))
            .where(
                _TABLE.c.id.in_(list(ids)),
                _TABLE.c.lease_owner == owner,
                _TABLE.c.status.in_(WAITING),
            )
            .order_by(_TABLE.c.due_at, _TABLE.c.id)
        )
        if dialect_name(self.session) == "postgresql":
            query = query.with_for_update()
        return [DueReminder(*row) for row in (await self.session.execute(query)).all()]

    async def save_fired(self, changes: Sequence[dict[str, Any]]) -> None:
        """The new state of fired (or cancelled) rows, one executemany; leases released.
        Each dict: id, status, reason, is_late, fired_at, sent_count, sent_to, params,
        updated_at."""
        if not changes:
            return
        rows = [{f"b_{k}": v for k, v in c.items()} for c in changes]
        await self.session.execute(_SAVE_FIRED, rows)

    async def release(self, ids: Sequence[int], *, owner: str) -> None:
        await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(list(ids)), Reminder.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )

    async def cancel(
        self,
        subject_kind: str,
        subject_id: str,
        *,
        at: datetime,
        reason: str,
        policy: str | None = None,
        step: str | None = None,
    ) -> int:
        """Cancel the waiting rows about a subject (of one policy, or one step); how many."""
        query = update(Reminder).where(
            Reminder.subject_kind == subject_kind,
            Reminder.subject_id == subject_id,
            Reminder.status.in_(WAITING),
        )
        if policy is not None:
            query = query.where(Reminder.policy == policy)
        if step is not None:
            query = query.where(Reminder.step == step)
        result = await self.session.execute(
            query.values(
                status=CANCELLED, reason=reason, updated_at=at, lease_owner=None, lease_until=None
            ).execution_options(synchronize_session="fetch")
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def count_by_status(self) -> dict[str, int]:
        query = select(Reminder.status, func.count()).group_by(Reminder.status)
        return {status: int(n) for status, n in (await self.session.execute(query)).all()}

    # --- policies --------------------------------------------------------------------------

    async def policies(self) -> Sequence[ReminderPolicy]:
        return (await self.session.scalars(select(ReminderPolicy))).all()

    async def policy(self, key: str, *, for_update: bool = False) -> ReminderPolicy | None:
        query = select(ReminderPolicy).where(ReminderPolicy.key == key)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    def add_policy(self, policy: ReminderPolicy) -> None:
        self.session.add(policy)


_TABLE = cast(Table, Reminder.__table__)
# Built once: every batch of fired reminders runs it (Core, executemany: no ORM per row)
_SAVE_FIRED = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(
        {
            name: bindparam(f"b_{name}", type_=_TABLE.c[name].type)
            for name in (
                "status",
                "reason",
                "is_late",
                "fired_at",
                "sent_count",
                "sent_to",
                "params",
                "updated_at",
            )
        }
        | {"lease_owner": None, "lease_until": None}
    )
)
