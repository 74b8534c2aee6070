"""reminders/calendar.py against a copy of company.yaml (tests/data/company.yaml)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reminders.calendar import WorkCalendar

MSK = ZoneInfo("Europe/Moscow")
COMPANY = yaml.safe_load((Path(__file__).parents[1] / "data" / "company.yaml").read_text("utf-8"))
CAL = WorkCalendar.from_mapping(COMPANY["working_time"], COMPANY["calendar"])


def msk(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK)


def build(calendar: dict[str, Any]) -> WorkCalendar:
    return WorkCalendar.from_mapping(COMPANY["working_time"], calendar)


def test_reads_working_time_from_company_yaml() -> None:
    assert CAL.zone == MSK
    assert (CAL.start, CAL.end, CAL.lunch) == (time(9), time(18), (time(13), time(14)))
    assert CAL.short_day_end == time(17)
    assert CAL.years == {2026, 2027}


@pytest.mark.parametrize("year", [2026, 2027])
def test_working_days_in_year_match_production_calendar(year: int) -> None:
    assert CAL.working_days_in_year(year) == 247


def test_stated_total_that_disagrees_is_rejected() -> None:
    years = [{**COMPANY["calendar"]["years"][0], "working_days_total": 248}]
    with pytest.raises(ValueError, match="247 working days, stated 248"):
        build({"years": years})


def test_date_outside_its_year_is_rejected() -> None:
    years = [{**COMPANY["calendar"]["years"][0], "days_off": ["2027-01-11"]}]
    with pytest.raises(ValueError, match="outside the year"):
        build({"years": years})


def test_new_year_holidays_are_days_off() -> None:
    assert not any(CAL.is_working_day(date(2026, 1, d)) for d in range(1, 12))
    assert CAL.next_working_day(date(2025, 12, 31)) == date(2026, 1, 12)
    assert CAL.previous_working_day(date(2027, 1, 11)) == date(2026, 12, 30)


def test_31_december_2026_is_a_day_off() -> None:
    assert not CAL.is_working_day(date(2026, 12, 31))
    assert CAL.working_periods(date(2026, 12, 31)) == []
    assert CAL.next_working_moment(msk(2026, 12, 30, 18)) == msk(2027, 1, 11, 9)


def test_working_saturday_is_a_short_working_day() -> None:
    saturday = date(2027, 2, 20)
    assert CAL.is_working_day(saturday)
    assert CAL.is_short_day(saturday)
    assert CAL.next_working_day(date(2027, 2, 19)) == saturday
    assert CAL.next_working_day(saturday) == date(2027, 2, 24)  # Mon 22 Feb is its day off


def test_working_periods_are_split_by_lunch_in_utc() -> None:
    assert CAL.working_periods(date(2026, 3, 2)) == [
        (datetime(2026, 3, 2, 6, tzinfo=UTC), datetime(2026, 3, 2, 10, tzinfo=UTC)),
        (datetime(2026, 3, 2, 11, tzinfo=UTC), datetime(2026, 3, 2, 15, tzinfo=UTC)),
    ]


def test_short_pre_holiday_day_ends_at_17() -> None:
    assert CAL.working_periods(date(2026, 4, 30))[-1][1] == msk(2026, 4, 30, 17)
    assert CAL.is_working_time(msk(2026, 4, 30, 16, 59))
    assert not CAL.is_working_time(msk(2026, 4, 30, 17))
    assert CAL.add_working_minutes(msk(2026, 4, 30, 16, 50), 30) == msk(2026, 5, 4, 9, 20)


@pytest.mark.parametrize(
    ("at", "working", "next_moment"),
    [
        (msk(2026, 3, 2, 8, 59), False, msk(2026, 3, 2, 9)),
        (msk(2026, 3, 2, 9), True, msk(2026, 3, 2, 9)),
        (msk(2026, 3, 2, 12, 59), True, msk(2026, 3, 2, 12, 59)),
        (msk(2026, 3, 2, 13), False, msk(2026, 3, 2, 14)),
        (msk(2026, 3, 2, 14), True, msk(2026, 3, 2, 14)),
        (msk(2026, 3, 2, 17, 59), True, msk(2026, 3, 2, 17, 59)),
        (msk(2026, 3, 2, 18), False, msk(2026, 3, 3, 9)),
        (msk(2026, 3, 13, 18), False, msk(2026, 3, 16, 9)),
        (msk(2026, 3, 14, 11), False, msk(2026, 3, 16, 9)),
    ],
)
def test_next_working_moment_at_boundaries(
    at: datetime, working: bool, next_moment: datetime
) -> None:
    assert CAL.is_working_time(at) is working
    assert CAL.next_working_moment(at) == next_moment


def test_friday_evening_plus_30_working_minutes_is_monday_morning() -> None:
    assert CAL.add_working_minutes(msk(2026, 3, 13, 17, 59), 30) == msk(2026, 3, 16, 9, 29)


def test_friday_evening_plus_30_working_minutes_skips_monday_day_off() -> None:
    assert CAL.add_working_minutes(msk(2026, 3, 6, 17, 59), 30) == msk(2026, 3, 10, 9, 29)


def test_add_working_minutes_skips_lunch() -> None:
    assert CAL.add_working_minutes(msk(2026, 3, 2, 12, 45), 30) == msk(2026, 3, 2, 14, 15)
    assert CAL.add_working_minutes(msk(2026, 3, 2, 12, 30), 30) == msk(2026, 3, 2, 14)


def test_add_working_days_counts_only_working_days() -> None:
    assert CAL.add_working_days(date(2026, 4, 30), 1) == date(2026, 5, 4)
    assert CAL.add_working_days(date(2026, 5, 4), -1) == date(2026, 4, 30)
    assert CAL.add_working_days(date(2026, 5, 2), 0) == date(2026, 5, 2)


def test_moscow_has_no_dst() -> None:
    for month in (1, 7):
        assert CAL.at_local(date(2026, month, 1), time(9)) == datetime(
            2026, month, 1, 6, tzinfo=UTC
        )


def test_utc_0600_is_0900_in_moscow() -> None:
    at = datetime(2026, 3, 2, 6, tzinfo=UTC)
    assert CAL.is_working_time(at)
    assert not CAL.is_working_time(at - timedelta(minutes=1))
    assert CAL.local_date(datetime(2026, 3, 1, 21, tzinfo=UTC)) == date(2026, 3, 2)


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.is_working_time(datetime(2026, 3, 2, 10))  # noqa: DTZ001


def test_uncovered_year_falls_back_to_monday_to_friday() -> None:
    assert CAL.working_days_in_year(2028) == 260
    assert CAL.is_working_day(date(2028, 1, 3))
    assert not CAL.is_working_day(date(2028, 1, 1))


moments = st.datetimes(
    min_value=datetime(2025, 12, 1),  # noqa: DTZ001
    max_value=datetime(2028, 2, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, MSK, ZoneInfo("America/New_York")]),
)


@given(moments)
def test_next_working_moment_is_idempotent_and_not_earlier(at: datetime) -> None:
    moment = CAL.next_working_moment(at)
    assert moment >= at
    assert CAL.is_working_time(moment)
    assert CAL.next_working_moment(moment) == moment


@given(moments)
def test_adding_zero_working_minutes_is_next_working_moment(at: datetime) -> None:
    assert CAL.add_working_minutes(at, 0) == CAL.next_working_moment(at)


@given(moments, st.integers(0, 3000), st.integers(0, 3000))
def test_working_minutes_add_up(at: datetime, a: int, b: int) -> None:
    assert CAL.add_working_minutes(CAL.add_working_minutes(at, a), b) == CAL.add_working_minutes(
        at, a + b
    )
