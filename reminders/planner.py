"""When a reminder is due, and what to do with one that is late. Pure: no database, no clock.

- `due_at(step, anchor, calendar)`: the UTC moment a policy step fires for an anchor (an
  invoice's due date, the moment a card was posted, the moment an order closed):
  calendar days (`on_non_working_day` moves the day), working days, or working minutes
  (an SLA: only working time counts, across lunch, evenings, weekends and holidays), then the
  step's time of day (`at`, or `at_on_short_day` on a short pre-holiday day). A moment outside
  working time moves to the start of the next working period unless the step has
  `allow_outside_working_time`.
- `sla_due(calendar, start, minutes)` and `next_working_period(calendar, at)`: the same
  arithmetic for a feature that needs a deadline without a step.
- `occurrence_key(...)`: the unique key of one occurrence (`policy.step|kind|id|occurrence`):
  planning the same step for the same subject twice makes one row. `occurrence` tells repeated
  occurrences apart (a daily message's date, a guarantee letter's promised date).
- `lateness(...)`: a row found due long after its time (the bot was down) goes out marked late
  while within the step's `max_lateness`, else it is dropped. For a step confined to working
  time, lateness counts working time (a Friday reminder found on Monday morning is a few
  working hours late, not three days).
- `snoozed_until(...)`: «in an hour» (into working time) or «tomorrow morning» (the next
  working day at the policies' default time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from reminders.calendar import WorkCalendar
from reminders.policies import NonWorkingDay, OffsetUnit, PolicyStep

LATE_AFTER = timedelta(minutes=5)  # found due later than this: marked late
MORNING = time(9, 0)


class SubjectKind(StrEnum):
    INVOICE = "invoice"
    TASK = "task"
    ORDER = "order"
    CLIENT_REQUEST = "client_request"
    CLAIM = "claim"
    COUNTERPARTY = "counterparty"
    DEPARTMENT = "department"
    DEPT_REQUEST = "dept_request"  # a manager's request to a department
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a reminder is about: a kind and an id (a string: not every id is a number)."""

    kind: SubjectKind
    id: str = ""

    @classmethod
    def of(cls, kind: SubjectKind | str, id_: int | str = "") -> Subject:
        return cls(SubjectKind(kind), str(id_))

    @classmethod
    def none(cls) -> Subject:
        return cls(SubjectKind.NONE, "")


def occurrence_key(step_key: str, subject: Subject, occurrence: str = "") -> str:
    return f"{step_key}|{subject.kind.value}|{subject.id}|{occurrence}"


def due_at(step: PolicyStep, anchor: datetime | date, calendar: WorkCalendar) -> datetime:
    """The moment (UTC) `step` fires for `anchor` (a moment, or a company-local date)."""
    moment = _moment(anchor, calendar)
    day = calendar.local_date(moment)
    if step.unit is OffsetUnit.WORKING_MINUTES:
        return sla_due(calendar, moment, step.offset)
    if step.unit is OffsetUnit.WORKING_DAYS:
        day = calendar.add_working_days(day, step.offset)
    elif step.unit is OffsetUnit.DAYS:
        day = _move(day + timedelta(days=step.offset), step.on_non_working_day, calendar)
    elif step.on_non_working_day is not NonWorkingDay.KEEP:
        day = _move(day, step.on_non_working_day, calendar)
    at = step.at_on_short_day if step.at_on_short_day and calendar.is_short_day(day) else step.at
    result = calendar.at_local(day, at) if at is not None else moment
    return into_working_time(step, result, calendar)


def into_working_time(step: PolicyStep, at: datetime, calendar: WorkCalendar) -> datetime:
    if step.allow_outside_working_time:
        return at
    return calendar.next_working_moment(at)


def sla_due(calendar: WorkCalendar, start: datetime, minutes: int) -> datetime:
    """`minutes` of working time after `start` (lunch, nights, days off do not count)."""
    return calendar.add_working_minutes(start, minutes)


def next_working_period(calendar: WorkCalendar, at: datetime) -> datetime:
    return calendar.next_working_moment(at)


class Lateness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    TOO_LATE = "too_late"


def lateness(step: PolicyStep, due: datetime, now: datetime, calendar: WorkCalendar) -> Lateness:
    if now - due <= LATE_AFTER:
        return Lateness.ON_TIME
    if step.allow_outside_working_time:
        behind = now - due
    else:
        behind = timedelta(minutes=calendar.working_minutes_between(due, now))
    return Lateness.TOO_LATE if behind > step.max_lateness else Lateness.LATE


class Snooze(StrEnum):
    HOUR = "hour"
    MORNING = "morning"


def snoozed_until(
    how: Snooze, now: datetime, calendar: WorkCalendar, morning: time = MORNING
) -> datetime:
    if how is Snooze.HOUR:
        return calendar.next_working_moment(now + timedelta(hours=1))
    day = calendar.next_working_day(calendar.local_date(now))
    return calendar.next_working_moment(calendar.at_local(day, morning))


def _moment(anchor: datetime | date, calendar: WorkCalendar) -> datetime:
    if isinstance(anchor, datetime):
        return anchor
    return calendar.at_local(anchor, time(0, 0))


def _move(day: date, rule: NonWorkingDay, calendar: WorkCalendar) -> date:
    if calendar.is_working_day(day) or rule is NonWorkingDay.KEEP:
        return day
    if rule is NonWorkingDay.PREVIOUS:
        return calendar.previous_working_day(day)
    return calendar.next_working_day(day)
