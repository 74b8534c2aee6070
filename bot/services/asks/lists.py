"""/my (the manager's open requests) and /requests (a department's or, for a head, every
open one, oldest first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.asks.rules import OVERSEERS, require_asker
from bot.domain.errors import Forbidden
from bot.domain.roles import Actor
from storage.models import DeptRequest
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class AskLine:
    request_id: int
    number: int
    department: str
    status: str
    question: str
    created_at: datetime


async def _lines(uow: UnitOfWork, rows: Sequence[DeptRequest]) -> list[AskLine]:
    titles = {d.id: d.title for d in await uow.departments.all()}
    return [
        AskLine(
            r.id,
            r.number,
            titles.get(r.department_id, r.department_id),
            r.status,
            r.question,
            r.created_at,
        )
        for r in rows
    ]


async def my_open_asks(actor: Actor, uow: UnitOfWork) -> list[AskLine]:
    """The manager's requests not closed yet (empty for who asks nothing)."""
    if actor.user_id is None:
        return []
    try:
        require_asker(actor)
    except Forbidden:
        return []
    return await _lines(uow, await uow.dept_requests.open_of_manager(actor.user_id))


async def department_open_asks(actor: Actor, uow: UnitOfWork) -> list[AskLine]:
    """Not answered yet, oldest first: a head's or admin's of every department, a department
    member's of theirs."""
    if actor.role in OVERSEERS:
        rows = await uow.dept_requests.open_of_departments(None)
    elif actor.role is not None and actor.department_ids and "sales" not in actor.department_ids:
        rows = await uow.dept_requests.open_of_departments(actor.department_ids)
    else:
        raise Forbidden("ask-list-forbidden")
    return await _lines(uow, rows)
