"""Routing of order work to departments, as data: defaults from company.yaml, admin changes
kept in `order_settings` (so /routing changes it without a code change or a restart)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import structlog

from bot.clock import Clock
from bot.domain.company import Routing
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.roles import Action, Actor, require
from bot.domain.tasks.flow import DELIVERY_ROUTES, ROUTE_KEYS
from bot.services import audit
from storage.models import Department, OrderSetting
from storage.uow import UnitOfWork

log = structlog.get_logger()

ROUTE_PREFIX = "route."
TIMEZONE_KEY = "timezone"
DEFAULT_ZONE = "Europe/Moscow"  # Settings.timezone's default, for a database never prepared
NO_DEPARTMENT = "-"  # in a button: "no task" (only for delivery kinds, e.g. pickup)
BACK_TO_DEFAULT = "*"  # in a button: back to company.yaml's department


def route_key(kind: str) -> str:
    return ROUTE_PREFIX + kind


async def ensure_settings(uow: UnitOfWork, routing: Routing, timezone: str, clock: Clock) -> None:
    """At every start: company.yaml's routing and the time zone become the defaults; a value
    no admin changed follows its default."""
    now = clock.now()
    defaults: dict[str, str | None] = {
        route_key(kind): routing.work.get(kind) for kind in ROUTE_KEYS if kind in routing.work
    }
    defaults |= {
        route_key(kind): routing.delivery.get(kind)
        for kind in DELIVERY_ROUTES
        if kind in routing.delivery
    }
    defaults[TIMEZONE_KEY] = timezone
    for key, default in defaults.items():
        setting = await uow.order_settings.find(key)
        if setting is None:
            uow.order_settings.add(
                OrderSetting(key=key, value=default, default_value=default, updated_at=now)
            )
            continue
        if setting.changed_by_id is None and setting.value != default:
            setting.value = default
        if setting.default_value != default:
            setting.default_value, setting.updated_at = default, now
    await uow.commit()


async def current_rules(uow: UnitOfWork) -> dict[str, str | None]:
    """Work or delivery kind -> department id (None: no task)."""
    return {
        s.key.removeprefix(ROUTE_PREFIX): s.value
        for s in await uow.order_settings.all()
        if s.key.startswith(ROUTE_PREFIX)
    }


async def zone_name(uow: UnitOfWork) -> str:
    setting = await uow.order_settings.find(TIMEZONE_KEY)
    return setting.value if setting is not None and setting.value else DEFAULT_ZONE


@dataclass(frozen=True, slots=True)
class RouteLine:
    kind: str
    department_id: str | None
    department: str | None  # title
    is_default: bool
    default_department: str | None  # title of company.yaml's choice


@dataclass(frozen=True, slots=True)
class RoutingTable:
    lines: Sequence[RouteLine]


async def routing_table(actor: Actor, uow: UnitOfWork) -> RoutingTable:
    require(actor, Action.MANAGE_ROUTING)
    titles = {d.id: d.title for d in await uow.departments.all()}
    settings = {s.key: s for s in await uow.order_settings.all()}
    lines = []
    for kind in ROUTE_KEYS:
        setting = settings.get(route_key(kind))
        if setting is None:
            continue
        lines.append(
            RouteLine(
                kind=kind,
                department_id=setting.value,
                department=titles.get(setting.value or "", setting.value),
                is_default=setting.changed_by_id is None,
                default_department=titles.get(setting.default_value or "", setting.default_value),
            )
        )
    return RoutingTable(lines)


@dataclass(frozen=True, slots=True)
class RouteChoices:
    kind: str
    current: str | None  # title
    default: str | None  # title of company.yaml's choice
    departments: Sequence[Department]
    may_be_none: bool


async def route_choices(actor: Actor, kind: str, uow: UnitOfWork) -> RouteChoices:
    """The departments a kind of work may go to (every one but sales)."""
    require(actor, Action.MANAGE_ROUTING)
    setting = await _setting(uow, kind)
    departments = [d for d in await uow.departments.all() if d.id != "sales"]
    titles = {d.id: d.title for d in departments}
    return RouteChoices(
        kind,
        titles.get(setting.value or "", setting.value),
        titles.get(setting.default_value or "", setting.default_value),
        departments,
        kind in DELIVERY_ROUTES,
    )


@dataclass(frozen=True, slots=True)
class ChangeRoute:
    actor: Actor
    kind: str
    department: str  # a department id, NO_DEPARTMENT or BACK_TO_DEFAULT


async def change_route(cmd: ChangeRoute, uow: UnitOfWork, clock: Clock) -> RouteLine:
    require(cmd.actor, Action.MANAGE_ROUTING)
    setting = await _setting(uow, cmd.kind, for_update=True)
    titles: Mapping[str, str] = {d.id: d.title for d in await uow.departments.all()}
    now = clock.now()
    if cmd.department == BACK_TO_DEFAULT:
        value, changed_by = setting.default_value, None
    elif cmd.department == NO_DEPARTMENT:
        if cmd.kind not in DELIVERY_ROUTES:
            raise InvalidInput("routing-needs-department")
        value, changed_by = None, cmd.actor.user_id
    else:
        if cmd.department not in titles or cmd.department == "sales":
            raise InvalidInput("routing-unknown-department", department=cmd.department[:32])
        value, changed_by = cmd.department, cmd.actor.user_id
    previous = setting.value
    setting.value, setting.changed_by_id = value, changed_by
    setting.changed_at = now if changed_by is not None else None
    setting.updated_at = now
    audit.record(
        uow,
        cmd.actor,
        "routing_change",
        f"route:{cmd.kind}",
        at=now,
        previous=previous,
        value=value,
    )
    await uow.commit()
    log.info("routing_changed", kind=cmd.kind, previous=previous, value=value)
    return RouteLine(
        kind=cmd.kind,
        department_id=value,
        department=titles.get(value or "", value),
        is_default=changed_by is None,
        default_department=titles.get(setting.default_value or "", setting.default_value),
    )


async def _setting(uow: UnitOfWork, kind: str, *, for_update: bool = False) -> OrderSetting:
    if kind not in ROUTE_KEYS:
        raise NotFound("routing-unknown-kind")
    return await uow.order_settings.get(route_key(kind), for_update=for_update)
