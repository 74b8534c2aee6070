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
    VIEW_COUNTERPARTIES = "view_counterparties"
    EDIT_COUNTERPARTY = "edit_counterparty"
    EDIT_ANY_COUNTERPARTY = "edit_any_counterparty"
    MERGE_COUNTERPARTIES = "merge_counterparties"
    IMPORT_COUNTERPARTIES = "import_counterparties"
    LOG_INTERACTION = "log_interaction"
    SEE_ALL_CONTROL_DATES = "see_all_control_dates"
    ANSWER_CLIENT_REQUESTS = "answer_client_requests"
    REVIEW_REGISTRATIONS = "review_registrations"
    USE_CLIENT_PORTAL = "use_client_portal"
    # orders feature actions (below this line)
    IMPORT_CATALOG = "import_catalog"
    UPDATE_STOCK = "update_stock"
    CONFIRM_CLIENT_ORDER = "confirm_client_order"
    # department tasks, the manager's side, routing
    FOLLOW_ORDERS = "follow_orders"
    MANAGE_ANY_ORDER = "manage_any_order"
    MANAGE_ROUTING = "manage_routing"
    # invoices feature actions (below this line)
    REGISTER_INVOICE = "register_invoice"
    MARK_PAYMENTS = "mark_payments"
    IMPORT_INVOICES = "import_invoices"
    VIEW_DEBTS = "view_debts"
    SEE_ALL_DEBTS = "see_all_debts"
    RECORD_GUARANTEE = "record_guarantee"
    SEND_CLAIM_LETTER = "send_claim_letter"


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
    # staff place orders in work; a client's own order goes to approval (USE_CLIENT_PORTAL)
    Action.PLACE_ORDER: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.VIEW_REPORTS: frozenset({Role.HEAD, Role.ADMIN}),
    # clients feature permissions (below this line)
    # Every sales person sees every card (seed 000: one directory for the whole firm), so a
    # manager may open and log contacts with another manager's client; changing that card
    # (or its manager) is for its own manager, the head and the admin.
    Action.VIEW_COUNTERPARTIES: frozenset(
        {Role.MANAGER, Role.HEAD, Role.ADMIN, Role.ACCOUNTANT, Role.LAWYER}
    ),
    Action.EDIT_COUNTERPARTY: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.EDIT_ANY_COUNTERPARTY: frozenset({Role.HEAD, Role.ADMIN}),
    Action.MERGE_COUNTERPARTIES: frozenset({Role.HEAD, Role.ADMIN}),
    Action.IMPORT_COUNTERPARTIES: frozenset({Role.HEAD, Role.ADMIN}),
    Action.LOG_INTERACTION: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.SEE_ALL_CONTROL_DATES: frozenset({Role.HEAD, Role.ADMIN}),
    Action.ANSWER_CLIENT_REQUESTS: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.REVIEW_REGISTRATIONS: frozenset({Role.HEAD, Role.ADMIN}),
    Action.USE_CLIENT_PORTAL: frozenset({Role.CLIENT}),
    # orders feature permissions (below this line)
    Action.IMPORT_CATALOG: frozenset({Role.ADMIN}),
    Action.UPDATE_STOCK: frozenset({Role.ADMIN, Role.WAREHOUSE}),
    # a client's own order goes to their manager (or the head / admin) to confirm
    Action.CONFIRM_CLIENT_ORDER: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    # /my and an order's card: a manager their own orders, the head and admin everyone's
    Action.FOLLOW_ORDERS: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.MANAGE_ANY_ORDER: frozenset({Role.HEAD, Role.ADMIN}),
    Action.MANAGE_ROUTING: frozenset({Role.ADMIN}),
    # invoices feature permissions (below this line)
    # a manager registers and marks paid their own clients' invoices (checked in the service)
    Action.REGISTER_INVOICE: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN, Role.ACCOUNTANT}),
    Action.MARK_PAYMENTS: frozenset({Role.ACCOUNTANT, Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.IMPORT_INVOICES: frozenset({Role.ACCOUNTANT, Role.HEAD, Role.ADMIN}),
    Action.VIEW_DEBTS: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN, Role.ACCOUNTANT}),
    Action.SEE_ALL_DEBTS: frozenset({Role.HEAD, Role.ADMIN, Role.ACCOUNTANT}),
    Action.RECORD_GUARANTEE: frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN}),
    Action.SEND_CLAIM_LETTER: frozenset({Role.LAWYER, Role.HEAD, Role.ADMIN}),
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
