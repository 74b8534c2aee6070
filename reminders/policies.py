"""Reminder policies as data: company.yaml's `reminders:` section parsed into steps. Pure.

A *step* is one reminder a policy makes, named `policy.step` (`receivables.request_documents`,
`follow_up_after_delivery.call`, `tasks.ack_reminder`, `daily.morning_plan`). What each step
says: when (an offset from the anchor the feature gives when it plans, in calendar days,
working days or working minutes, and the local time of day `at`), to whom (`to`), whether it
is on, whether it may fire outside working time, and how late it may still go out after a
downtime (`max_lateness`). Everything else the YAML holds for a step (`when`, `include`,
`text`, `anchor`, the policy's own scalars such as `guarantee_letter_max_days`) is kept in
`extra` for the feature that owns the step.

How the YAML becomes steps (each top-level key of `reminders:` except the global scalars
`default_time`, `outside_working_time`, `max_lateness_minutes` is a policy):

- a list (`daily:`): each item is a step, its `id` the step id;
- a mapping with `steps:` (`receivables:`): each item of `steps` is a step; the policy's
  other scalar keys go into every step's `extra`;
- a mapping of mappings (`reconciliation_acts: {monthly: …, quarterly: …}`): each key a step;
- a flat mapping with `<step>_after_working_minutes: N` keys (`tasks:`, `client_requests:`):
  each such key is a step with an offset of N working minutes; a step whose id ends in
  `_escalate` goes to the head, the others to `IMPLIED_TO` (or the manager);
- any other flat mapping (`follow_up_after_delivery:`) is one step, its id from
  `SINGLE_STEP_IDS` (`call` for the follow-up) or `main`.

Step keys: `offset_days` / `offset_working_days` (and the minutes above), `at`,
`at_on_short_day`, `to`, `enabled`, `allow_outside_working_time`, `on_non_working_day`
(`previous_working_day`, `next_working_day`, or keep the day), `max_lateness_minutes`.

/policies may change four fields of a step without a restart: `enabled`, `offset`, `at`, `to`
(`PolicyStep.with_overrides`); the database keeps the defaults and the overrides apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

MAX_KEY = 40  # `policy.step` fits in callback data with room to spare
DEFAULT_MAX_LATENESS = timedelta(hours=8)  # one working day of working time
GLOBAL_KEYS = frozenset({"default_time", "outside_working_time", "max_lateness_minutes"})
SINGLE_STEP_IDS: Mapping[str, str] = MappingProxyType({"follow_up_after_delivery": "call"})
IMPLIED_TO: Mapping[str, str] = MappingProxyType(
    {"tasks.ack_reminder": "department", "client_requests.answer_reminder": "manager"}
)
_MINUTES_SUFFIX = "_after_working_minutes"
_STEP_FIELDS = frozenset(
    {
        "id",
        "offset_days",
        "offset_working_days",
        "at",
        "at_on_short_day",
        "to",
        "enabled",
        "allow_outside_working_time",
        "on_non_working_day",
        "max_lateness_minutes",
    }
)
EDITABLE = ("enabled", "offset", "at", "to")


class PolicyError(ValueError):
    """The `reminders:` section (or an override) is malformed."""


class OffsetUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    WORKING_MINUTES = "working_minutes"


class NonWorkingDay(StrEnum):
    KEEP = "keep"
    PREVIOUS = "previous_working_day"
    NEXT = "next_working_day"


@dataclass(frozen=True, slots=True)
class PolicyStep:
    policy: str
    step: str
    to: str = "manager"
    offset: int = 0
    unit: OffsetUnit | None = None  # None: the step fires at the anchor itself
    at: time | None = None  # local time of day; None: keep the anchor's time
    at_on_short_day: time | None = None
    on_non_working_day: NonWorkingDay = NonWorkingDay.KEEP
    enabled: bool = True
    allow_outside_working_time: bool = False
    max_lateness: timedelta = DEFAULT_MAX_LATENESS
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.policy}.{self.step}"

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "step": self.step,
            "to": self.to,
            "offset": self.offset,
            "unit": self.unit.value if self.unit else None,
            "at": _hhmm(self.at),
            "at_on_short_day": _hhmm(self.at_on_short_day),
            "on_non_working_day": self.on_non_working_day.value,
            "enabled": self.enabled,
            "allow_outside_working_time": self.allow_outside_working_time,
            "max_lateness_minutes": int(self.max_lateness.total_seconds() // 60),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PolicyStep:
        return cls(
            policy=str(data["policy"]),
            step=str(data["step"]),
            to=str(data["to"]),
            offset=int(data["offset"]),
            unit=OffsetUnit(data["unit"]) if data.get("unit") else None,
            at=_time_or_none(data.get("at")),
            at_on_short_day=_time_or_none(data.get("at_on_short_day")),
            on_non_working_day=NonWorkingDay(data["on_non_working_day"]),
            enabled=bool(data["enabled"]),
            allow_outside_working_time=bool(data["allow_outside_working_time"]),
            max_lateness=timedelta(minutes=int(data["max_lateness_minutes"])),
            extra=MappingProxyType(dict(data.get("extra") or {})),
        )

    def with_overrides(self, overrides: Mapping[str, Any]) -> PolicyStep:
        """The step as /policies changed it; unknown or malformed values raise PolicyError."""
        changes: dict[str, Any] = {}
        for name, value in overrides.items():
            if name == "enabled":
                changes["enabled"] = bool(value)
            elif name == "offset":
                changes["offset"] = _int(value, f"{self.key}.offset")
            elif name == "at":
                changes["at"] = _time(value, f"{self.key}.at")
            elif name == "to":
                changes["to"] = str(value)
            else:
                raise PolicyError(f"{self.key}: {name!r} cannot be changed")
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Policies:
    """Every step by key (`policy.step`), in company.yaml's order."""

    steps: Mapping[str, PolicyStep]

    def get(self, key: str) -> PolicyStep | None:
        return self.steps.get(key)

    def all(self) -> list[PolicyStep]:
        return list(self.steps.values())

    def of_policy(self, policy: str) -> list[PolicyStep]:
        return [s for s in self.steps.values() if s.policy == policy]


def parse_policies(section: Mapping[str, Any]) -> Policies:
    """company.yaml's `reminders:` mapping -> every step with its defaults."""
    default_at = _time(section.get("default_time") or "09:00", "reminders.default_time")
    outside = str(section.get("outside_working_time") or "next_working_period")
    if outside not in {"next_working_period", "as_is"}:
        raise PolicyError(f"reminders.outside_working_time: unknown value {outside!r}")
    base = {
        "at": default_at,
        "allow_outside_working_time": outside == "as_is",
        "max_lateness_minutes": section.get("max_lateness_minutes"),
    }
    steps: dict[str, PolicyStep] = {}
    for policy, body in section.items():
        if policy in GLOBAL_KEYS:
            continue
        for step in _policy_steps(str(policy), body, base):
            if step.key in steps:
                raise PolicyError(f"reminders: step {step.key!r} is defined twice")
            if len(step.key) > MAX_KEY:
                raise PolicyError(f"reminders: {step.key!r} is longer than {MAX_KEY} characters")
            steps[step.key] = step
    return Policies(MappingProxyType(steps))


def _policy_steps(policy: str, body: Any, base: Mapping[str, Any]) -> list[PolicyStep]:
    where = f"reminders.{policy}"
    if isinstance(body, list):
        return [_step(policy, _item_id(item, where), item, base, {}) for item in body]
    if not isinstance(body, Mapping):
        raise PolicyError(f"{where}: expected a list or a mapping")
    scalars = {k: v for k, v in body.items() if not isinstance(v, Mapping | list)}
    if isinstance(body.get("steps"), list):
        shared = {k: v for k, v in body.items() if k != "steps"}
        return [_step(policy, _item_id(i, where), i, base, shared) for i in body["steps"]]
    if body and all(isinstance(v, Mapping) for v in body.values()):
        return [_step(policy, str(k), v, base, {}) for k, v in body.items()]
    minutes = [k for k in scalars if str(k).endswith(_MINUTES_SUFFIX)]
    if minutes:
        found = []
        for name in minutes:
            step_id = str(name).removesuffix(_MINUTES_SUFFIX)
            key = f"{policy}.{step_id}"
            to = "head" if step_id.endswith("_escalate") else IMPLIED_TO.get(key, "manager")
            raw = {"to": to, "offset_working_minutes": body[name]}
            found.append(_step(policy, step_id, raw, base, {}))
        return found
    return [_step(policy, SINGLE_STEP_IDS.get(policy, "main"), body, base, {})]


def _item_id(item: Any, where: str) -> str:
    if not isinstance(item, Mapping) or not item.get("id"):
        raise PolicyError(f"{where}: every step needs an id")
    return str(item["id"])


def _step(
    policy: str, step: str, raw: Any, base: Mapping[str, Any], shared: Mapping[str, Any]
) -> PolicyStep:
    where = f"reminders.{policy}.{step}"
    if not isinstance(raw, Mapping):
        raise PolicyError(f"{where}: expected a mapping")
    unit, offset = None, 0
    for name, kind in (
        ("offset_days", OffsetUnit.DAYS),
        ("offset_working_days", OffsetUnit.WORKING_DAYS),
        ("offset_working_minutes", OffsetUnit.WORKING_MINUTES),
    ):
        if raw.get(name) is not None:
            unit, offset = kind, _int(raw[name], f"{where}.{name}")
    # a minutes offset counts from the anchor's own moment: no time of day
    at = None if unit is OffsetUnit.WORKING_MINUTES else _time(raw.get("at") or base["at"], where)
    lateness = raw.get("max_lateness_minutes") or base.get("max_lateness_minutes")
    allow = raw.get("allow_outside_working_time", base["allow_outside_working_time"])
    try:
        rule = NonWorkingDay(raw.get("on_non_working_day") or NonWorkingDay.KEEP)
    except ValueError:
        raise PolicyError(f"{where}: unknown on_non_working_day") from None
    extra = dict(shared) | {
        k: v for k, v in raw.items() if k not in _STEP_FIELDS and k != "offset_working_minutes"
    }
    return PolicyStep(
        policy=policy,
        step=step,
        to=str(raw.get("to") or "manager"),
        offset=offset,
        unit=unit,
        at=at,
        at_on_short_day=_time_or_none(raw.get("at_on_short_day")),
        on_non_working_day=rule,
        enabled=bool(raw.get("enabled", True)),
        allow_outside_working_time=bool(allow),
        max_lateness=(
            timedelta(minutes=_int(lateness, f"{where}.max_lateness_minutes"))
            if lateness
            else DEFAULT_MAX_LATENESS
        ),
        extra=MappingProxyType(_plain(extra)),
    )


def _plain(value: Any) -> Any:
    """YAML values as JSON-able ones (dates and times become ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _int(value: Any, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise PolicyError(f"{where}: expected a whole number, got {value!r}") from None


def _time(value: Any, where: str) -> time:
    if isinstance(value, time):
        return value
    text = str(value)
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 09:00 as sexagesimal minutes
        text = f"{value // 60:02d}:{value % 60:02d}"
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise PolicyError(f"{where}: expected HH:MM, got {value!r}") from None


def _time_or_none(value: Any) -> time | None:
    return None if value in (None, "") else _time(value, "time")


def _hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None
