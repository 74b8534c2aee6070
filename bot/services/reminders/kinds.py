"""The registry of reminder kinds: how a feature plugs its reminders into the engine.

The engine (planner, runner, `fire_due`, done/snooze) names no feature. A feature registers a
`ReminderKind` per policy (or per step) and the engine calls it back:

    async def render_call(ctx: FireContext) -> Message | Stale:
        order = await ctx.uow.orders.find(int(ctx.reminder.subject_id))
        if order is None:
            return Stale("order_gone")           # cancelled, recorded with that reason
        client = await ctx.uow.counterparties.find(order.counterparty_id)
        return Message(
            view="reminder_follow_up",           # a view in bot/views/registry.py
            params={"number": order.number, "client": client.name},  # rendered as of now
            addressee=Addressee(manager_id=client.manager_id, counterparty_id=client.id),
            buttons=(Button("no_answer", "follow-up-button-no-answer"),),
            topic=f"№{order.number}",            # the client's timeline shows it
        )

    async def no_answer(ctx: ActionContext) -> ActionResult:
        return ActionResult(snooze=Snooze.MORNING, form="call_out", outcome="no_answer")

    kinds.register(ReminderKind("follow_up_after_delivery", render_call,
                                actions={"no_answer": no_answer}, on_done=...))

- `render(ctx)` runs when the reminder fires (and again if it is snoozed and fires again):
  load the subject through `ctx.uow`, decide whether it still matters (an unpaid invoice, an
  unaccepted task, no contact since): `Stale(reason)` cancels it. Otherwise a `Message`:
  the view and its JSON params (rendered from the subject *now*), the `Addressee` (the
  subject's current manager, department, client) and the kind's own buttons.
- Who gets it is the step's `to` (a policy setting /policies may change) applied to the
  `Addressee`: `manager` → `addressee.manager_id` (deactivated or not in the bot → the heads,
  the admins if there is no head); `department` → `addressee.department_id`'s bound chat or
  topic as it is now; a department id (`warehouse`) → that department's chat; `head`,
  `admin`, `lawyer`, `accountant`… → the active people of that role (or the heads).
- Every message gets the engine's buttons (done; snooze 1 hour; snooze until tomorrow
  morning) and then the kind's `Button`s. A press calls `actions[button.action](ctx)`,
  which returns an `ActionResult`: close it (done), snooze it, or leave it; and the
  interaction to log. «Done» calls `on_done` when the kind has one. `pressers`: roles that
  may press wherever the message went (besides its addressees, heads and admins).
- Every action is recorded on the row (action, who, when) and in the audit log; when the
  message named a client (`Addressee.counterparty_id`) it is also an interaction in the
  client's timeline: `ActionResult.form`/`outcome`, or form `reminder` with outcome
  `reminder_<action>` (add `outcome-reminder_<action>` to a locale file for a new action).

A kind is found by `policy.step` first, then by `policy`. Register kinds in
`bot/services/reminders/registry.py` (`build_kinds`), one line per feature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from bot.domain.roles import Actor
from reminders.calendar import WorkCalendar
from reminders.planner import Snooze, Subject
from reminders.policies import PolicyStep
from storage.models import Reminder
from storage.repositories.reminders import DueReminder
from storage.uow import UnitOfWork

MAX_ACTION = 12  # an action id travels in callback data


@dataclass(frozen=True, slots=True)
class Button:
    action: str  # short id, unique within the kind (not done / hour / morning)
    label: str  # a locale key


@dataclass(frozen=True, slots=True)
class Addressee:
    """Whom the step's `to` can name for this subject, as things are now."""

    manager_id: int | None = None  # to: manager (the client's current manager)
    department_id: str | None = None  # to: department
    counterparty_id: int | None = None  # the client it concerns: actions become interactions


@dataclass(frozen=True, slots=True)
class Message:
    view: str
    params: Mapping[str, Any]
    addressee: Addressee
    buttons: tuple[Button, ...] = ()
    topic: str = ""  # a short label for the client's timeline (e.g. "№123")


@dataclass(frozen=True, slots=True)
class Stale:
    """The reminder no longer matters (paid, accepted, contact logged, subject gone)."""

    reason: str


@dataclass(frozen=True, slots=True)
class FireContext:
    uow: UnitOfWork
    reminder: DueReminder  # the row as it was read (the engine writes it back)
    step: PolicyStep
    now: datetime
    calendar: WorkCalendar

    @property
    def subject(self) -> Subject:
        return Subject.of(self.reminder.subject_kind, self.reminder.subject_id)


@dataclass(frozen=True, slots=True)
class ActionContext:
    uow: UnitOfWork
    reminder: Reminder
    step: PolicyStep | None  # None: the policy step is no longer in company.yaml
    actor: Actor
    now: datetime
    calendar: WorkCalendar


@dataclass(frozen=True, slots=True)
class ActionResult:
    done: bool = False  # close the reminder
    snooze: Snooze | None = None  # fire again later
    form: str | None = None  # the interaction to log (None: form "reminder")
    outcome: str | None = None
    answer: str | None = None  # locale key of the answer to the press (None: the engine's)


Render = Callable[[FireContext], Awaitable[Message | Stale]]
Act = Callable[[ActionContext], Awaitable[ActionResult]]


@dataclass(frozen=True, slots=True)
class ReminderKind:
    policy: str
    render: Render
    step: str | None = None  # None: every step of the policy
    actions: Mapping[str, Act] = field(default_factory=lambda: MappingProxyType({}))
    on_done: Act | None = None
    # roles that may press this kind's buttons wherever it was sent (an accountant marks an
    # invoice paid on the manager's reminder); the addressees, heads and admins always may
    pressers: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return self.policy if self.step is None else f"{self.policy}.{self.step}"


class ReminderKinds:
    """Kinds by `policy.step` or `policy`; built once per app (`registry.build_kinds`)."""

    def __init__(self) -> None:
        self._kinds: dict[str, ReminderKind] = {}

    def register(self, kind: ReminderKind) -> None:
        if kind.key in self._kinds:
            raise ValueError(f"reminder kind {kind.key!r} is registered twice")
        for action in kind.actions:
            if len(action) > MAX_ACTION or action in ENGINE_ACTIONS:
                raise ValueError(f"reminder kind {kind.key!r}: bad action id {action!r}")
        self._kinds[kind.key] = kind

    def find(self, policy: str, step: str) -> ReminderKind | None:
        return self._kinds.get(f"{policy}.{step}") or self._kinds.get(policy)

    def __contains__(self, key: str) -> bool:
        return key in self._kinds


DONE, HOUR, MORNING = "done", "hour", "morning"
ENGINE_ACTIONS = frozenset({DONE, HOUR, MORNING})
