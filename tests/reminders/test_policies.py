"""reminders/policies.py: company.yaml's `reminders:` as steps, overrides, JSON round trip."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from reminders.policies import (
    DEFAULT_MAX_LATENESS,
    NonWorkingDay,
    OffsetUnit,
    PolicyError,
    PolicyStep,
    parse_policies,
)

SECTION: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parents[1] / "data" / "company.yaml").read_text("utf-8")
)["reminders"]


def test_every_policy_of_company_yaml_becomes_named_steps() -> None:
    keys = [s.key for s in parse_policies(SECTION).all()]
    assert keys == [
        "receivables.request_documents",
        "receivables.confirm_payment_call",
        "receivables.overdue_reason_call",
        "receivables.guarantee_reminder_call",
        "receivables.escalate_to_head",
        "receivables.request_claim_letter",
        "reconciliation_acts.monthly",
        "reconciliation_acts.quarterly",
        "tasks.ack_reminder",
        "tasks.ack_escalate",
        "client_requests.answer_reminder",
        "client_requests.answer_escalate",
        "dept_requests.take_reminder",
        "dept_requests.take_escalate",
        "dept_requests.close_reminder",
        "follow_up_after_delivery.call",
        "daily.warehouse_reconciliation",
        "daily.morning_plan",
        "daily.end_of_day_report",
    ]


def test_follow_up_constants_come_from_the_company_file() -> None:
    follow_up = parse_policies(SECTION).get("follow_up_after_delivery.call")
    assert follow_up == PolicyStep(
        policy="follow_up_after_delivery",
        step="call",
        to="manager",
        offset=1,
        unit=OffsetUnit.WORKING_DAYS,
        at=time(10, 0),
        max_lateness=DEFAULT_MAX_LATENESS,
        extra={},
    )


def test_ladder_steps_keep_their_anchor_rule_and_the_policy_scalars() -> None:
    policies = parse_policies(SECTION)
    escalate = policies.get("receivables.escalate_to_head")
    assert escalate is not None
    assert (escalate.to, escalate.offset, escalate.unit) == ("head", 1, OffsetUnit.DAYS)
    assert escalate.on_non_working_day is NonWorkingDay.NEXT
    assert escalate.extra["anchor"] == "guarantee_promise_date"
    assert escalate.extra["guarantee_letter_max_days"] == 7
    assert escalate.extra["include"] == ["amount", "guarantee_letter", "days_overdue", "contacts"]
    assert [s.step for s in policies.of_policy("tasks")] == ["ack_reminder", "ack_escalate"]
    assert [s.to for s in policies.of_policy("tasks")] == ["department", "head"]


def test_json_round_trip_keeps_a_step() -> None:
    for step in parse_policies(SECTION).all():
        assert PolicyStep.from_json(step.to_json()) == step


def test_overrides_change_on_off_offset_time_and_recipient() -> None:
    step = parse_policies(SECTION).get("follow_up_after_delivery.call")
    assert step is not None
    changed = step.with_overrides({"enabled": False, "offset": 2, "at": "11:30", "to": "head"})
    assert (changed.enabled, changed.offset, changed.at, changed.to) == (
        False,
        2,
        time(11, 30),
        "head",
    )
    with pytest.raises(PolicyError, match="cannot be changed"):
        step.with_overrides({"unit": "days"})


def test_lateness_and_outside_working_time_may_be_set_per_step() -> None:
    section = {
        "max_lateness_minutes": 120,
        "outside_working_time": "as_is",
        "x": {"offset_days": 1, "at": "07:00", "max_lateness_minutes": 30},
        "y": {"offset_days": 1},
    }
    policies = parse_policies(section)
    x, y = policies.get("x.main"), policies.get("y.main")
    assert x is not None
    assert y is not None
    assert (x.max_lateness, y.max_lateness) == (timedelta(minutes=30), timedelta(hours=2))
    assert (x.allow_outside_working_time, y.at) == (True, time(9, 0))


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"p": [{"at": "09:00"}]}, "needs an id"),
        ({"p": {"offset_days": "soon"}}, "whole number"),
        ({"p": {"at": "nine"}}, "HH:MM"),
        ({"p": {"on_non_working_day": "sideways"}}, "on_non_working_day"),
        ({"p": [{"id": "a"}, {"id": "a"}]}, "defined twice"),
        ({"p" * 30: {"s" * 12: {}}}, "longer than"),
        ({"outside_working_time": "never"}, "outside_working_time"),
    ],
)
def test_malformed_section_is_rejected_with_where(section: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policies(section)
