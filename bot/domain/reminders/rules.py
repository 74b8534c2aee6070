"""Who may press a reminder's buttons and change policies; what a policy may be set to. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import time
from typing import Any

from bot.domain.errors import Forbidden, InvalidInput
from bot.domain.roles import Actor, Role

POLICY_EDITORS = frozenset({Role.ADMIN, Role.HEAD})
OVERSEERS = frozenset({Role.ADMIN, Role.HEAD})  # may act on any reminder
# `to` values a step may take besides a department id
ROLE_RECIPIENTS: tuple[str, ...] = ("manager", "head", "lawyer", "accountant", "admin")
DEPARTMENT = "department"  # the subject's own department (a task's)
# by the step's offset unit (reminders.policies.OffsetUnit values; "" for none)
OFFSET_LIMITS: Mapping[str, tuple[int, int]] = {
    "days": (-60, 60),
    "working_days": (0, 60),
    "working_minutes": (1, 60 * 8 * 10),
    "": (0, 0),
}


def require_policy_editor(actor: Actor) -> None:
    if actor.role not in POLICY_EDITORS:
        raise Forbidden("error-forbidden", action="manage_policies")


def may_act(actor: Actor, sent_to: Sequence[Mapping[str, Any]]) -> bool:
    """The person it was sent to, anyone in the department chat it went to, heads, admins."""
    if actor.role in OVERSEERS:
        return True
    for target in sent_to:
        if target.get("user") is not None and target.get("user") == actor.user_id:
            return True
        if target.get("dept") is not None and target.get("dept") in actor.department_ids:
            return True
    return False


def recipient_choices(default_to: str, departments: Iterable[str]) -> list[str]:
    """What /policies offers for a step's `to`: the roles, then every department (and the
    subject's own department for steps made for one)."""
    choices = [*ROLE_RECIPIENTS]
    if default_to == DEPARTMENT:
        choices.append(DEPARTMENT)
    return choices + [d for d in departments if d != "sales"]


def check_recipient(value: str, default_to: str, departments: Iterable[str]) -> str:
    if value not in recipient_choices(default_to, departments):
        raise InvalidInput("policy-bad-recipient", value=value[:32])
    return value


def check_offset(value: int, unit: str) -> int:
    low, high = OFFSET_LIMITS.get(unit, (0, 0))
    if not low <= value <= high:
        raise InvalidInput("policy-bad-offset", low=low, high=high)
    return value


def parse_time_of_day(text: str) -> time:
    try:
        value = time.fromisoformat(text.strip().replace(".", ":"))
    except ValueError:
        raise InvalidInput("policy-bad-time") from None
    return value.replace(second=0, microsecond=0)
