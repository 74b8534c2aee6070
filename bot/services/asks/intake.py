"""Asking a department: /ask (or «Запрос в отдел» on a client's or an order's card), the
question, the department the words suggest, files, and the request with its number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from bot.clock import Clock
from bot.domain.asks.rules import (
    AskSettings,
    AskStatus,
    check_files,
    check_question,
    require_asker,
    suggest_department,
)
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.services.asks import sla
from bot.services.asks.cards import (
    AskFile,
    add_files,
    department_title,
    log_interaction,
    place,
    record,
)
from bot.services.orders import routing
from reminders.calendar import WorkCalendar
from storage.models import DeptRequest
from storage.uow import UnitOfWork

log = structlog.get_logger()

NOT_ASKED = frozenset({"sales"})  # managers do not ask themselves


@dataclass(frozen=True, slots=True)
class BeginAsk:
    actor: Actor
    counterparty_id: int | None = None
    order_id: int | None = None


@dataclass(frozen=True, slots=True)
class AskLinks:
    counterparty_id: int | None
    order_id: int | None
    client: str
    order_number: int


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    question: str
    suggested: str | None  # a department id
    departments: tuple[Department, ...]  # the suggested one first


@dataclass(frozen=True, slots=True)
class SubmitAsk:
    actor: Actor
    department_id: str
    question: str
    files: Sequence[AskFile] = ()
    counterparty_id: int | None = None
    order_id: int | None = None


@dataclass(frozen=True, slots=True)
class AskSubmitted:
    request_id: int
    number: int
    department: str
    is_posted: bool


async def begin_ask(cmd: BeginAsk, uow: UnitOfWork) -> AskLinks:
    """Who may ask, and the client / order the request is about (from a card)."""
    require_asker(cmd.actor)
    client_name, number = "", 0
    counterparty_id = cmd.counterparty_id
    if cmd.order_id is not None:
        order = await uow.orders.get(cmd.order_id)
        counterparty_id, number = order.counterparty_id, order.number
    if counterparty_id is not None:
        client_name = (await uow.counterparties.get(counterparty_id)).name
    return AskLinks(counterparty_id, cmd.order_id, client_name, number)


async def suggest(actor: Actor, text: str, settings: AskSettings, uow: UnitOfWork) -> Suggestion:
    """The question checked, and the departments to pick from, the words' one first."""
    require_asker(actor)
    question = check_question(text)
    departments = await _departments(uow)
    suggested = suggest_department(question, settings.rules, [d.id for d in departments])
    ordered = sorted(departments, key=lambda d: d.id != suggested)
    return Suggestion(question, suggested, tuple(ordered))


def check_file_count(count: int, settings: AskSettings) -> None:
    check_files(count, settings.max_files)


async def _departments(uow: UnitOfWork) -> list[Department]:
    return [
        Department(d.id, d.title) for d in await uow.departments.all() if d.id not in NOT_ASKED
    ]


async def submit_ask(
    cmd: SubmitAsk,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
    settings: AskSettings,
) -> AskSubmitted:
    """The request with its number, posted as a card in the department's chat (or waiting
    for one: the manager is told), its files beside it, the SLA planned."""
    require_asker(cmd.actor)
    question = check_question(cmd.question)
    check_files(len(cmd.files), settings.max_files)
    if cmd.department_id not in {d.id for d in await _departments(uow)}:
        raise InvalidInput("ask-unknown-department", department=cmd.department_id[:32])
    links = await begin_ask(BeginAsk(cmd.actor, cmd.counterparty_id, cmd.order_id), uow)
    assert cmd.actor.user_id is not None
    now = clock.now()
    req = DeptRequest(
        number=await uow.dept_requests.next_number(),
        department_id=cmd.department_id,
        manager_id=cmd.actor.user_id,
        counterparty_id=links.counterparty_id,
        order_id=links.order_id,
        status=AskStatus.NEW.value,
        question=question,
        version=1,
        is_posted=False,
        created_at=now,
        updated_at=now,
    )
    uow.dept_requests.add(req)
    await uow.flush()
    add_files(uow, req, cmd.files, side="manager", now=now)
    await uow.flush()
    title = await department_title(uow, req.department_id)
    record(uow, req, cmd.actor, "created", now, note=question)
    log_interaction(uow, req, "created", cmd.actor, now, department=title, note=question)
    posted = await place(uow, req, zone=await routing.zone_name(uow), now=now)
    if not posted:
        record(uow, req, None, "waiting", now)
    await sla.plan_take(uow, req, calendar, now)
    await uow.commit()
    log.info("ask_submitted", request_id=req.id, department=req.department_id, posted=posted)
    return AskSubmitted(req.id, req.number, title, posted)
