"""Reminder policies as data: company.yaml's defaults kept in `reminder_policies` at every
start, changed by admins and heads with /policies (on/off, offset, time, recipient) without a
code change or a restart: the planner and the runner read them from the table each time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.ids import parse_count
from bot.domain.reminders.rules import (
    check_offset,
    check_recipient,
    parse_time_of_day,
    recipient_choices,
    require_policy_editor,
)
from bot.domain.roles import Actor
from bot.services import audit
from reminders.policies import Policies, PolicyError, PolicyStep, parse_policies
from storage.models import ReminderPolicy
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def ensure_policies(uow: UnitOfWork, section: Mapping[str, Any], clock: Clock) -> None:
    """At every start: company.yaml's steps become the defaults (overrides stay)."""
    now = clock.now()
    rows = {row.key: row for row in await uow.reminders.policies()}
    for step in parse_policies(section).all():
        defaults = step.to_json()
        row = rows.get(step.key)
        if row is None:
            uow.reminders.add_policy(
                ReminderPolicy(key=step.key, defaults=defaults, overrides={}, updated_at=now)
            )
        elif row.defaults != defaults:
            row.defaults, row.updated_at = defaults, now
    await uow.commit()


async def current_policies(uow: UnitOfWork) -> Policies:
    """Every step as it is now: defaults with the overrides applied (one query)."""
    steps: dict[str, PolicyStep] = {}
    for row in await uow.reminders.policies():
        steps[row.key] = _step(row)
    return Policies(MappingProxyType(steps))


def _step(row: ReminderPolicy) -> PolicyStep:
    default = PolicyStep.from_json(row.defaults)
    try:
        return default.with_overrides(row.overrides or {})
    except PolicyError as exc:
        log.warning("reminder_policy_override_ignored", key=row.key, error=str(exc))
        return default


@dataclass(frozen=True, slots=True)
class PolicyLine:
    step: PolicyStep  # as it is now
    default: PolicyStep  # as company.yaml says
    changed: frozenset[str]  # the fields /policies changed

    @property
    def key(self) -> str:
        return self.step.key


@dataclass(frozen=True, slots=True)
class PolicyTable:
    lines: Sequence[PolicyLine]
    departments: Mapping[str, str]  # id -> title


async def policy_table(actor: Actor, uow: UnitOfWork) -> PolicyTable:
    require_policy_editor(actor)
    rows = sorted(await uow.reminders.policies(), key=lambda r: r.key)
    titles = {d.id: d.title for d in await uow.departments.all()}
    return PolicyTable([_line(row) for row in rows], titles)


@dataclass(frozen=True, slots=True)
class PolicyChoices:
    line: PolicyLine
    recipients: Sequence[str]
    departments: Mapping[str, str]  # id -> title


async def policy_choices(actor: Actor, key: str, uow: UnitOfWork) -> PolicyChoices:
    require_policy_editor(actor)
    line = _line(await _row(uow, key))
    titles = {d.id: d.title for d in await uow.departments.all()}
    return PolicyChoices(line, recipient_choices(line.default.to, list(titles)), titles)


class PolicyField(StrEnum):
    ENABLED = "on"  # value "1" / "0"
    OFFSET = "off"  # value: the new offset (an integer)
    AT = "at"  # value: HH:MM
    TO = "to"  # value: the recipient's index among the choices
    RESET = "rst"  # back to company.yaml


@dataclass(frozen=True, slots=True)
class ChangePolicy:
    actor: Actor
    key: str
    field: PolicyField
    value: str = ""


async def change_policy(cmd: ChangePolicy, uow: UnitOfWork, clock: Clock) -> PolicyChoices:
    """Change one field of a step (or reset it); the step's screen as it is now."""
    require_policy_editor(cmd.actor)
    row = await _row(uow, cmd.key, for_update=True)
    titles = {d.id: d.title for d in await uow.departments.all()}
    choices = recipient_choices(PolicyStep.from_json(row.defaults).to, list(titles))
    default = PolicyStep.from_json(row.defaults)
    overrides = dict(row.overrides or {})
    if cmd.field is PolicyField.RESET:
        overrides = {}
    elif cmd.field is PolicyField.ENABLED:
        overrides["enabled"] = cmd.value == "1"
    elif cmd.field is PolicyField.OFFSET:
        try:
            value = int(cmd.value)
        except ValueError:
            raise InvalidInput("policy-bad-offset-number") from None
        overrides["offset"] = check_offset(value, default.unit.value if default.unit else "")
    elif cmd.field is PolicyField.AT:
        if default.at is None:
            raise InvalidInput("policy-no-time")
        overrides["at"] = parse_time_of_day(cmd.value).strftime("%H:%M")
    else:  # the value is the index of the choice in `policy_choices(...).recipients`
        index = parse_count(cmd.value)
        index = len(choices) if index is None else index
        chosen = choices[index] if index < len(choices) else cmd.value
        overrides["to"] = check_recipient(chosen, default.to, list(titles))
    # a value equal to the default is no override (the step follows company.yaml again)
    defaults = default.to_json()
    overrides = {k: v for k, v in overrides.items() if defaults.get(k) != v}
    previous = dict(row.overrides or {})
    now = clock.now()
    row.overrides, row.updated_at = overrides, now
    row.changed_by_id = cmd.actor.user_id if overrides else None
    row.changed_at = now if overrides else None
    audit.record(
        uow, cmd.actor, "policy_change", f"policy:{cmd.key}", at=now, previous=previous,
        value=overrides,
    )  # fmt: skip
    await uow.commit()
    log.info("reminder_policy_changed", key=cmd.key, overrides=overrides)
    return PolicyChoices(_line(row), choices, titles)


def _line(row: ReminderPolicy) -> PolicyLine:
    overrides = row.overrides or {}
    return PolicyLine(_step(row), PolicyStep.from_json(row.defaults), frozenset(overrides))


async def _row(uow: UnitOfWork, key: str, *, for_update: bool = False) -> ReminderPolicy:
    row = await uow.reminders.policy(key, for_update=for_update)
    if row is None:
        raise NotFound("policy-not-found")
    return row
