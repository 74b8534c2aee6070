"""What people look at: a client's orders and claims (/my), the open claims of a head or a
department (/claims: overdue first), one claim's card with its history and files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.claims.rules import FINISHED, OPEN_STATUSES
from bot.domain.errors import Forbidden
from bot.domain.roles import Actor, Role
from bot.domain.tasks.flow import OrderStatus
from bot.services.claims import common, deadlines
from bot.services.claims.filing import client_counterparty
from bot.services.reminders.policy_settings import current_policies
from reminders.calendar import WorkCalendar
from reminders.planner import due_at
from storage.uow import UnitOfWork

MAX_LISTED = 30
ALL_ORDERS = tuple(s.value for s in OrderStatus)


@dataclass(frozen=True, slots=True)
class ClientOrderLine:
    number: int
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClientClaimLine:
    claim_id: int
    number: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ClientOverview:
    client: str
    orders: list[ClientOrderLine]
    claims: list[ClientClaimLine]


async def client_overview(actor: Actor, uow: UnitOfWork) -> ClientOverview:
    cp = await client_counterparty(uow, actor)
    orders = sorted(await uow.orders.of_counterparty(cp.id, ALL_ORDERS), key=lambda o: -o.number)[
        :MAX_LISTED
    ]
    claims = await uow.claims.of_counterparty(cp.id, MAX_LISTED)
    return ClientOverview(
        cp.name,
        [ClientOrderLine(o.number, o.status, o.created_at) for o in orders],
        [ClientClaimLine(c.id, c.number, c.status, c.created_at) for c in claims],
    )


@dataclass(frozen=True, slots=True)
class OpenClaimLine:
    claim_id: int
    number: str
    client: str
    status: str
    department: str
    created_at: datetime
    overdue: bool
    waiting_client: bool


async def open_claims(
    actor: Actor, uow: UnitOfWork, calendar: WorkCalendar, now: datetime
) -> list[OpenClaimLine]:
    """Heads and admins: every open claim; a department: its own; a manager: their clients'.
    Overdue first, then the oldest."""
    if actor.role is None or actor.role is Role.CLIENT:
        raise Forbidden("error-forbidden", action="claims")
    everyone = actor.role in common.OVERSEERS
    departments = None if everyone else list(actor.department_ids)
    if actor.role is Role.MANAGER:
        departments = None
    claims = await uow.claims.open_claims(tuple(FINISHED), departments, 200)
    policies = await current_policies(uow)
    accept = policies.get(f"{deadlines.POLICY}.{deadlines.ACCEPT}")
    decide = policies.get(f"{deadlines.POLICY}.{deadlines.DECIDE}")
    titles = {d.id: d.title for d in await uow.departments.all()}
    lines = []
    for claim in claims:
        cp = await uow.counterparties.get(claim.counterparty_id)
        if actor.role is Role.MANAGER and cp.manager_id != actor.user_id:
            continue
        overdue = False
        if claim.status in OPEN_STATUSES:
            step = accept if claim.accepted_at is None else decide
            overdue = step is not None and due_at(step, claim.created_at, calendar) <= now
        lines.append(
            OpenClaimLine(
                claim.id,
                claim.number,
                cp.name,
                claim.status,
                titles.get(claim.department_id, claim.department_id),
                claim.created_at,
                overdue,
                claim.question is not None,
            )
        )
    lines.sort(key=lambda line: (not line.overdue, line.created_at))
    return lines[:MAX_LISTED]


async def claim_card(
    actor: Actor,
    claim_id: int,
    uow: UnitOfWork,
    calendar: WorkCalendar,
    now: datetime,
    chat_id: int,
) -> dict[str, Any]:
    """One claim's card for whoever may see it; its files follow it to `chat_id`."""
    claim = await uow.claims.get(claim_id)
    await common.require_viewer(actor, claim, uow)
    params = await common.card_params(uow, claim, calendar.zone)
    params["viewer_is_client"] = actor.role is Role.CLIENT
    await common.send_files(uow, claim, now, only_first=True, to=common.Where(chat_id))
    await uow.commit()
    return params
