"""Roles, actions and the one permission table services consult."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.errors import Forbidden


class Role(StrEnum):
    MANAGER = "manager"
    HEAD = "head"
    WAREHOUSE = "warehouse"
    SUPPLY = "supply"
    WORKSHOP = "workshop"
    DRIVER = "driver"
    LAWYER = "lawyer"
    ACCOUNTANT = "accountant"
    CLIENT = "client"
    ADMIN = "admin"


STAFF_ROLES = frozenset(Role) - {Role.CLIENT}

# The department a role works in when an invitation names none.
HOME_DEPARTMENT: dict[Role, str] = {
    Role.MANAGER: "sales",
    Role.HEAD: "sales",
    Role.WAREHOUSE: "warehouse",
    Role.SUPPLY: "supply",
    Role.WORKSHOP: "workshop",
    Role.DRIVER: "delivery",
    Role.LAWYER: "legal",
    Role.ACCOUNTANT: "accounting",
}


class Action(StrEnum):
    INVITE = "invite"
    VIEW_STAFF = "view_staff"
    CHANGE_ROLE = "change_role"
    DEACTIVATE = "deactivate"
    BIND_CHAT = "bind_chat"
    MANAGE_DEPARTMENTS = "manage_departments"
    VIEW_OUTBOX = "view_outbox"
    WORK_ON_TASK = "work_on_task"
    PLACE_ORDER = "place_order"
    VIEW_REPORTS = "view_reports"
    # clients feature actions (below this line)
    # orders feature actions (below this line)


PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.INVITE: frozenset({Role.ADMIN, Role.HEAD}),
    Action.VIEW_STAFF: frozenset({Role.ADMIN, Role.HEAD}),
    Action.CHANGE_ROLE: frozenset({Role.ADMIN, Role.HEAD}),
    Action.DEACTIVATE: frozenset({Role.ADMIN, Role.HEAD}),
    Action.BIND_CHAT: frozenset({Role.ADMIN}),
    Action.MANAGE_DEPARTMENTS: frozenset({Role.ADMIN}),
    Action.VIEW_OUTBOX: frozenset({Role.ADMIN}),
    Action.WORK_ON_TASK: frozenset(
        {Role.WAREHOUSE, Role.SUPPLY, Role.WORKSHOP, Role.DRIVER, Role.HEAD, Role.ADMIN}
    ),
    Action.PLACE_ORDER: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN, Role.CLIENT}),
    Action.VIEW_REPORTS: frozenset({Role.HEAD, Role.ADMIN}),
    # clients feature permissions (below this line)
    # orders feature permissions (below this line)
}

# Which roles each inviter may hand out (and change a person to).
GRANTABLE: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset(STAFF_ROLES),
    Role.HEAD: frozenset(STAFF_ROLES - {Role.ADMIN, Role.HEAD}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who performs a service call."""

    user_id: int | None
    tg_user_id: int
    role: Role | None
    department_ids: frozenset[str] = field(default_factory=frozenset)
    full_name: str = ""

    @property
    def is_registered(self) -> bool:
        return self.role is not None


def can(actor: Actor, action: Action) -> bool:
    return actor.role is not None and actor.role in PERMISSIONS[action]


def require(actor: Actor, action: Action) -> None:
    if not can(actor, action):
        raise Forbidden("error-forbidden", action=action.value)


def grantable_roles(actor: Actor) -> frozenset[Role]:
    return GRANTABLE.get(actor.role, frozenset()) if actor.role else frozenset()


def parse_role(value: str) -> Role | None:
    try:
        return Role(value.strip().lower())
    except ValueError:
        return None
