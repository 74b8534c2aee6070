"""The company's working time: working days, hours, lunch, short days. Pure, no wall clock.

Built from the `working_time` and `calendar` sections of company.yaml. A day is a working day if
it is listed in `working_weekends`, or if its weekday is in `workdays` and it is not listed in
`holidays` or `days_off`. For a year the calendar does not cover there are no such lists, so the
plain `workdays` (Mon-Fri) apply: public holidays of that year are *not* known and count as working
days until the year's production calendar is added to company.yaml.

Working periods are half-open, [start, end): 09:00 and 14:00 are working moments, 13:00 (lunch) and
18:00 (17:00 on a short day) are not. Datetimes must be aware, in any zone; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Period = tuple[datetime, datetime]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = timedelta(days=1)


def _as_time(value: object) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _dates(year: Mapping[str, Any], key: str) -> frozenset[date]:
    try:
        found = frozenset(_as_date(x) for x in year.get(key) or ())
    except (ValueError, TypeError) as exc:
        raise ValueError(
            f"calendar {year.get('year')}: {key}: {exc} (expected YYYY-MM-DD)"
        ) from None
    if any(d.year != year["year"] for d in found):
        raise ValueError(f"calendar {year['year']}: {key} has a date outside the year")
    return found


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    zone: ZoneInfo
    workdays: frozenset[int]  # date.weekday() numbers, Monday = 0
    start: time
    end: time
    lunch: tuple[time, time]
    short_day_end: time
    holidays: frozenset[date]
    days_off: frozenset[date]
    working_weekends: frozenset[date]
    short_days: frozenset[date]
    years: frozenset[int]  # years the production calendar covers; others fall back to `workdays`

    def __post_init__(self) -> None:
        lunch_start, lunch_end = self.lunch
        if not (self.start <= lunch_start <= lunch_end <= self.end):
            raise ValueError("working time: expected start <= lunch <= end")
        if not self.start < self.short_day_end <= self.end:
            raise ValueError("working time: short_day_end must lie after start, not after end")
        if not self.workdays:
            raise ValueError("working time: no workdays")
        if self.working_weekends & (self.holidays | self.days_off):
            raise ValueError("calendar: a working weekend is also listed as a day off")
        if not all(self.is_working_day(d) for d in self.short_days):
            raise ValueError("calendar: a short day is not a working day")

    @classmethod
    def from_mapping(
        cls, working_time: Mapping[str, Any], calendar: Mapping[str, Any]
    ) -> WorkCalendar:
        """Build from the raw YAML sections (`yaml.safe_load`); dates may be ISO strings."""
        years = list(calendar.get("years") or ())
        lists = {
            key: frozenset().union(*(_dates(y, key) for y in years))
            for key in ("holidays", "days_off", "working_weekends", "short_days")
        }
        cal = cls(
            zone=ZoneInfo(working_time["timezone"]),
            workdays=frozenset(_WEEKDAYS.index(day.lower()) for day in working_time["workdays"]),
            start=_as_time(working_time["start"]),
            end=_as_time(working_time["end"]),
            lunch=(_as_time(working_time["lunch_start"]), _as_time(working_time["lunch_end"])),
            short_day_end=_as_time(working_time["short_day_end"]),
            years=frozenset(int(y["year"]) for y in years),
            **lists,
        )
        for y in years:
            stated = y.get("working_days_total")
            if stated is not None and cal.working_days_in_year(y["year"]) != stated:
                count = cal.working_days_in_year(y["year"])
                raise ValueError(f"calendar {y['year']}: {count} working days, stated {stated}")
        return cal

    # Days

    def is_working_day(self, d: date) -> bool:
        if d in self.working_weekends:
            return True
        return d.weekday() in self.workdays and d not in self.holidays and d not in self.days_off

    def is_short_day(self, d: date) -> bool:
        return d in self.short_days and self.is_working_day(d)

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        return self._step(d, _DAY)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        return self._step(d, -_DAY)

    def add_working_days(self, d: date, n: int) -> date:
        """`n` working days after `d` (before it if `n` < 0); `d` itself when `n` == 0."""
        for _ in range(abs(n)):
            d = self._step(d, _DAY if n > 0 else -_DAY)
        return d

    def working_days_in_year(self, year: int) -> int:
        first = date(year, 1, 1)
        days = (date(year + 1, 1, 1) - first).days
        return sum(self.is_working_day(first + i * _DAY) for i in range(days))

    # Moments

    def local_date(self, at: datetime) -> date:
        return _aware(at).astimezone(self.zone).date()

    def at_local(self, d: date, t: time) -> datetime:
        """The UTC moment of wall-clock time `t` (naive) on `d` in the company's zone."""
        return datetime.combine(d, t, tzinfo=self.zone).astimezone(UTC)

    def working_periods(self, d: date) -> list[Period]:
        """The day's working periods in UTC, morning and afternoon; [] on a day off."""
        if not self.is_working_day(d):
            return []
        end = self.short_day_end if self.is_short_day(d) else self.end
        lunch_start, lunch_end = self.lunch
        bounds = [(self.start, min(lunch_start, end)), (max(lunch_end, self.start), end)]
        return [(self.at_local(d, a), self.at_local(d, b)) for a, b in bounds if a < b]

    def is_working_time(self, at: datetime) -> bool:
        at = _aware(at)
        return any(a <= at < b for a, b in self.working_periods(self.local_date(at)))

    def next_working_moment(self, at: datetime) -> datetime:
        """`at` (in UTC) if it is working time, else the start of the next working period."""
        return next(self._periods_from(at))[0]

    def add_working_minutes(self, at: datetime, minutes: int) -> datetime:
        """The working moment after `minutes` of working time counted from `at`.

        The result is always working time: if the minutes run out exactly at lunch or at the end
        of the day, it is the start of the next period (12:30 + 30 -> 14:00, 17:30 + 30 -> 09:00
        of the next working day). With 0 minutes it equals `next_working_moment(at)`.
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        left = timedelta(minutes=minutes)
        for a, b in self._periods_from(at):
            if a + left < b:
                return a + left
            left -= b - a
        raise AssertionError("unreachable: _periods_from never ends")

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Whole minutes of working time in [start, end) (0 if `end` is not after `start`)."""
        start, end = _aware(start).astimezone(UTC), _aware(end).astimezone(UTC)
        total = timedelta()
        for a, b in self._periods_from(start):
            if a >= end:
                break
            total += min(b, end) - a
        return int(total.total_seconds() // 60)

    # Helpers

    def _step(self, d: date, step: timedelta) -> date:
        d += step
        while not self.is_working_day(d):
            d += step
        return d

    def _periods_from(self, at: datetime) -> Iterator[Period]:
        """Working periods (UTC) from `at` on, the first one clipped to start at `at`."""
        at = _aware(at).astimezone(UTC)
        d = self.local_date(at)
        while True:  # ends: `workdays` is not empty, so some day ahead is a working day
            for a, b in self.working_periods(d):
                if at < b:
                    yield max(a, at), b
            d += _DAY


def _aware(at: datetime) -> datetime:
    if at.utcoffset() is None:
        raise ValueError(f"naive datetime {at!r}: pass an aware one")
    return at
