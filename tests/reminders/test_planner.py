"""reminders/planner.py: due moments, working-minute SLAs, lateness, snoozes (pure)."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from reminders.calendar import WorkCalendar
from reminders.planner import (
    Lateness,
    Snooze,
    Subject,
    SubjectKind,
    due_at,
    lateness,
    next_working_period,
    occurrence_key,
    sla_due,
    snoozed_until,
)
from reminders.policies import OffsetUnit, PolicyStep, parse_policies

DATA = Path(__file__).parents[1] / "data"
MSK = ZoneInfo("Europe/Moscow")
COMPANY = yaml.safe_load((DATA / "company.yaml").read_text("utf-8"))
CAL = WorkCalendar.from_mapping(COMPANY["working_time"], COMPANY["calendar"])
POLICIES = parse_policies(COMPANY["reminders"])


def msk(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=MSK).astimezone(UTC)


def step(key: str) -> PolicyStep:
    found = POLICIES.get(key)
    assert found is not None, key
    return found


# --- working-minute SLAs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (msk(2026, 11, 23, 10, 0), 30, msk(2026, 11, 23, 10, 30)),  # plain morning
        (msk(2026, 11, 23, 12, 45), 30, msk(2026, 11, 23, 14, 15)),  # across lunch
        (msk(2026, 11, 23, 13, 20), 30, msk(2026, 11, 23, 14, 30)),  # posted at lunch
        (msk(2026, 11, 23, 17, 45), 30, msk(2026, 11, 24, 9, 15)),  # across the evening
        (msk(2026, 11, 23, 20, 0), 60, msk(2026, 11, 24, 10, 0)),  # posted at night
        (msk(2026, 11, 27, 17, 40), 60, msk(2026, 11, 30, 9, 40)),  # across a weekend
        (msk(2026, 11, 28, 11, 0), 30, msk(2026, 11, 30, 9, 30)),  # posted on Saturday
        # Tue 3 Nov is a short day (to 17:00), 4 Nov a holiday: Thursday morning
        (msk(2026, 11, 3, 16, 30), 60, msk(2026, 11, 5, 9, 30)),
        # 30 Dec 2026 evening: 31 Dec and the New Year holidays do not count
        (msk(2026, 12, 30, 17, 50), 30, msk(2027, 1, 11, 9, 20)),
    ],
)
def test_working_minutes_sla_counts_only_working_time(
    start: datetime, minutes: int, expected: datetime
) -> None:
    assert sla_due(CAL, start, minutes) == expected
    assert CAL.working_minutes_between(start, expected) == minutes


def test_task_ack_steps_are_30_and_60_working_minutes_from_posting() -> None:
    posted = msk(2026, 11, 27, 17, 30)  # Friday, half an hour before the end of the day
    assert due_at(step("tasks.ack_reminder"), posted, CAL) == msk(2026, 11, 30, 9, 0)
    assert due_at(step("tasks.ack_escalate"), posted, CAL) == msk(2026, 11, 30, 9, 30)


# --- moving into working time ------------------------------------------------------------


def test_follow_up_is_next_working_day_at_ten() -> None:
    closed = msk(2026, 11, 27, 12, 0)  # Friday
    assert due_at(step("follow_up_after_delivery.call"), closed, CAL) == msk(2026, 11, 30, 10)


def test_follow_up_before_the_new_year_holidays_waits_for_them_to_end() -> None:
    closed = msk(2026, 12, 30, 15, 0)
    assert due_at(step("follow_up_after_delivery.call"), closed, CAL) == msk(2027, 1, 11, 10)


def test_step_due_outside_working_time_moves_to_the_next_working_period() -> None:
    evening = replace(step("follow_up_after_delivery.call"), at=time(19, 30))
    at_lunch = replace(evening, at=time(13, 15))
    closed = msk(2026, 11, 23, 12, 0)
    assert due_at(evening, closed, CAL) == msk(2026, 11, 25, 9, 0)
    assert due_at(at_lunch, closed, CAL) == msk(2026, 11, 24, 14, 0)
    assert next_working_period(CAL, msk(2026, 11, 28, 10)) == msk(2026, 11, 30, 9)


def test_step_allowed_outside_working_time_keeps_its_time() -> None:
    warehouse = step("daily.warehouse_reconciliation")
    assert warehouse.allow_outside_working_time
    assert due_at(warehouse, date(2026, 11, 24), CAL) == msk(2026, 11, 24, 8, 30)


def test_end_of_day_report_is_an_hour_earlier_on_a_short_day() -> None:
    report = step("daily.end_of_day_report")
    assert due_at(report, date(2026, 11, 2), CAL) == msk(2026, 11, 2, 17, 45)
    assert due_at(report, date(2026, 11, 3), CAL) == msk(2026, 11, 3, 16, 45)


def _anchors(row: dict[str, str], fired: dict[str, date]) -> dict[str, date | None]:
    due = date.fromisoformat(row["due_date"])
    promise = row["guarantee_promise_date"]
    promised = date.fromisoformat(promise) if promise else None
    return {
        "request_documents": due,
        "confirm_payment_call": due,
        "overdue_reason_call": due,
        "guarantee_reminder_call": promised,
        "escalate_to_head": promised,
        "request_claim_letter": fired.get("escalate_to_head"),
    }


def test_receivables_steps_fall_on_the_dates_invoices_csv_expects() -> None:
    """Every `step@date` of invoices.csv's expected ladders, from its anchor (weekends and
    holidays move a step before a date back, a step after one forward; 31 Dec 2026 + 1
    lands after the 2027 New Year holidays)."""
    checked = 0
    with (DATA / "invoices.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            fired = {
                name: date.fromisoformat(day)
                for name, day in (p.split("@") for p in row["expected_ladder"].split(";") if p)
            }
            anchors = _anchors(row, fired)
            for name, day in fired.items():
                anchor = anchors[name]
                assert anchor is not None, (row["number"], name)
                expected = datetime.combine(day, time(9), tzinfo=MSK).astimezone(UTC)
                assert due_at(step(f"receivables.{name}"), anchor, CAL) == expected, (
                    row["number"],
                    name,
                )
                checked += 1
    assert checked > 60


# --- lateness ----------------------------------------------------------------------------


def test_reminder_found_within_minutes_is_on_time() -> None:
    follow_up = step("follow_up_after_delivery.call")
    due = msk(2026, 11, 23, 10)
    assert lateness(follow_up, due, due + timedelta(minutes=4), CAL) is Lateness.ON_TIME


def test_lateness_counts_working_time_for_working_time_steps() -> None:
    follow_up = step("follow_up_after_delivery.call")  # max lateness: 8 working hours
    friday = msk(2026, 11, 27, 10)
    assert lateness(follow_up, friday, msk(2026, 11, 30, 9, 30), CAL) is Lateness.LATE
    assert lateness(follow_up, friday, msk(2026, 11, 30, 11, 30), CAL) is Lateness.TOO_LATE


def test_lateness_counts_wall_time_for_steps_allowed_outside_working_time() -> None:
    warehouse = replace(step("daily.warehouse_reconciliation"), max_lateness=timedelta(hours=1))
    due = msk(2026, 11, 24, 8, 30)
    assert lateness(warehouse, due, msk(2026, 11, 24, 9, 15), CAL) is Lateness.LATE
    assert lateness(warehouse, due, msk(2026, 11, 24, 9, 45), CAL) is Lateness.TOO_LATE


# --- snoozes and keys --------------------------------------------------------------------


def test_snooze_an_hour_stays_in_working_time() -> None:
    assert snoozed_until(Snooze.HOUR, msk(2026, 11, 23, 10), CAL) == msk(2026, 11, 23, 11)
    assert snoozed_until(Snooze.HOUR, msk(2026, 11, 23, 12, 30), CAL) == msk(2026, 11, 23, 14)
    assert snoozed_until(Snooze.HOUR, msk(2026, 11, 27, 17, 30), CAL) == msk(2026, 11, 30, 9)


def test_snooze_until_tomorrow_morning_skips_days_off() -> None:
    assert snoozed_until(Snooze.MORNING, msk(2026, 11, 23, 16), CAL) == msk(2026, 11, 24, 9)
    assert snoozed_until(Snooze.MORNING, msk(2026, 11, 27, 10), CAL) == msk(2026, 11, 30, 9)
    assert snoozed_until(Snooze.MORNING, msk(2026, 11, 3, 10), CAL) == msk(2026, 11, 5, 9)


def test_occurrence_key_names_step_subject_and_occurrence() -> None:
    subject = Subject.of(SubjectKind.INVOICE, "СЧ-2026-1180")
    assert occurrence_key("receivables.escalate_to_head", subject, "2026-08-10") == (
        "receivables.escalate_to_head|invoice|СЧ-2026-1180|2026-08-10"
    )
    assert Subject.of("order", 7) == Subject(SubjectKind.ORDER, "7")


def test_offset_units_cover_days_working_days_and_minutes() -> None:
    units = {s.unit for s in POLICIES.all()}
    assert units == {OffsetUnit.DAYS, OffsetUnit.WORKING_DAYS, OffsetUnit.WORKING_MINUTES, None}
