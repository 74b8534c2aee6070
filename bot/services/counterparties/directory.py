"""The counterparty directory: find, open a card, create one through the duplicate check.

This module is the counterparties feature's public service API (`__all__`): other features
(the client portal, orders) call only these; editing, merging, import and export are driven by
the feature's own handlers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.counterparties.cards import (
    NewCounterparty,
    may_edit,
    may_read_texts,
    validate_new,
)
from bot.domain.counterparties.fields import search_name
from bot.domain.counterparties.match import Candidate, CounterpartyKey, MatchIndex
from bot.domain.counterparties.queries import ByDigits, ByEmail, ByName, parse_query
from bot.domain.errors import Conflict, Forbidden, InvalidInput
from bot.domain.roles import Action, Actor, Role, can, require
from bot.services import audit
from bot.services.counterparties.open_orders import OrderSummary, open_orders
from storage.models import (
    ContactPerson,
    Counterparty,
    CounterpartyEmail,
    CounterpartyPhone,
    Interaction,
    User,
)
from storage.repositories.counterparties import MatchRow
from storage.uow import UnitOfWork

__all__ = [
    "FIND_LIMIT",
    "CounterpartyCard",
    "CreateCounterparty",
    "CreateResult",
    "Match",
    "NewCounterparty",
    "TimelineEntry",
    "add_counterparty",
    "begin_create",
    "check_duplicates",
    "counterparty_card",
    "create_counterparty",
    "find_counterparties",
    "heads_or_admins",
    "match_key",
    "require_editable",
    "responsible_staff",
    "sales_staff",
    "search",
    "validate_new",
]

log = structlog.get_logger()

FIND_LIMIT = 10
TIMELINE_LENGTH = 5


# --- find ---------------------------------------------------------------------------------


async def find_counterparties(actor: Actor, query: str, uow: UnitOfWork) -> Sequence[Counterparty]:
    """/find: a name fragment, an INN (or part of it), a phone in any format, an e-mail."""
    require(actor, Action.VIEW_COUNTERPARTIES)
    return await search(uow, query)


async def search(uow: UnitOfWork, query: str) -> Sequence[Counterparty]:
    repo = uow.counterparties
    match parse_query(query):
        case ByEmail(address):
            return await repo.by_ids(await repo.ids_by_email(address))
        case ByDigits() as digits:
            return await _search_digits(uow, digits)
        case ByName(words):
            return await repo.search_by_name(words, FIND_LIMIT)


async def _search_digits(uow: UnitOfWork, query: ByDigits) -> Sequence[Counterparty]:
    repo = uow.counterparties
    if query.inn is not None:
        found = await repo.by_inn(query.inn)
        if found is not None:
            return [found]
    if query.phone is not None:
        ids = await repo.ids_by_phone(query.phone)
        if ids:
            return await repo.by_ids(ids)
    if not query.is_fragment_long_enough:
        raise InvalidInput("find-too-short")
    return await repo.search_by_digits(query.digits, FIND_LIMIT)


# --- the card -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    interaction: Interaction
    author: str | None


@dataclass(frozen=True, slots=True)
class CounterpartyCard:
    counterparty: Counterparty
    phones: Sequence[CounterpartyPhone]
    emails: Sequence[CounterpartyEmail]
    people: Sequence[ContactPerson]
    manager: str | None
    timeline: Sequence[TimelineEntry]
    next_step: Interaction | None
    open_orders: Sequence[OrderSummary]
    older_open_orders: int  # open orders not listed (the card lists the newest)
    can_edit: bool
    can_merge: bool
    can_log: bool
    can_order: bool
    full_texts: bool = True  # False: the timeline shows contacts without what was said


async def counterparty_card(
    actor: Actor, counterparty_id: int, uow: UnitOfWork
) -> CounterpartyCard:
    require(actor, Action.VIEW_COUNTERPARTIES)
    cp = await uow.counterparties.get(counterparty_id)
    timeline = await uow.interactions.timeline(cp.id, TIMELINE_LENGTH)
    orders, older_orders = await open_orders(actor, uow, cp.id)
    names = await uow.counterparties.staff_by_ids(
        [i.author_id for i in timeline if i.author_id] + ([cp.manager_id] if cp.manager_id else [])
    )
    return CounterpartyCard(
        counterparty=cp,
        phones=await uow.counterparties.phones(cp.id),
        emails=await uow.counterparties.emails(cp.id),
        people=await uow.counterparties.people(cp.id),
        manager=names[cp.manager_id].full_name if cp.manager_id in names else None,
        timeline=[
            TimelineEntry(i, names[i.author_id].full_name if i.author_id in names else None)
            for i in timeline
        ],
        next_step=await uow.interactions.open_control(cp.id),
        open_orders=orders,
        older_open_orders=older_orders,
        can_edit=may_edit(actor, cp.manager_id),
        can_merge=can(actor, Action.MERGE_COUNTERPARTIES),
        can_log=can(actor, Action.LOG_INTERACTION),
        can_order=can(actor, Action.PLACE_ORDER),
        full_texts=may_read_texts(actor, cp.manager_id),
    )


async def require_editable(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> Counterparty:
    """The card, if `actor` may change it: their own client, or any client for head/admin."""
    require(actor, Action.EDIT_COUNTERPARTY)
    cp = await uow.counterparties.get(counterparty_id, for_update=True)
    if not may_edit(actor, cp.manager_id):
        manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
        raise Forbidden("client-not-yours", manager=manager.full_name if manager else "—")
    return cp


# --- the duplicate check ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    counterparty: Counterparty
    score: float
    reasons: tuple[str, ...]


def match_key(row: MatchRow) -> CounterpartyKey:
    return CounterpartyKey(
        id=str(row.id),
        name=row.name,
        inn=row.inn,
        kpp=row.kpp,
        phones=row.phones,
        emails=row.emails,
        city=row.city,
    )


async def _resolve(uow: UnitOfWork, candidates: Sequence[Candidate]) -> list[Match]:
    found = await uow.counterparties.by_ids([int(c.id) for c in candidates])
    by_id = {cp.id: cp for cp in found}
    return [Match(by_id[int(c.id)], c.score, c.reasons) for c in candidates if int(c.id) in by_id]


def begin_create(actor: Actor) -> None:
    """Check before the first question that `actor` may create counterparties."""
    require(actor, Action.EDIT_COUNTERPARTY)


@dataclass(frozen=True, slots=True)
class CreateCounterparty:
    actor: Actor
    fields: NewCounterparty
    confirmed_new: bool = False  # the person saw the candidates and said "it is new"


@dataclass(frozen=True, slots=True)
class CreateResult:
    counterparty: Counterparty | None
    candidates: list[Match] = field(default_factory=list)


async def create_counterparty(
    cmd: CreateCounterparty, uow: UnitOfWork, clock: Clock
) -> CreateResult:
    """Create a card unless it may exist already: then return the candidates to pick from."""
    require(cmd.actor, Action.EDIT_COUNTERPARTY)
    matches = await check_duplicates(uow, cmd.fields, cmd.confirmed_new)
    if matches:
        return CreateResult(None, matches)
    fields = cmd.fields
    if fields.manager_id is None and cmd.actor.role is Role.MANAGER:
        fields = replace(fields, manager_id=cmd.actor.user_id)
    cp = await add_counterparty(uow, fields, cmd.actor, clock.now())
    audit.record(uow, cmd.actor, "counterparty_created", f"counterparty:{cp.id}", at=clock.now())
    await uow.commit()
    log.info("counterparty_created", counterparty_id=cp.id)
    return CreateResult(cp)


async def check_duplicates(
    uow: UnitOfWork, fields: NewCounterparty, confirmed_new: bool
) -> list[Match]:
    """Candidates to show before creating; an equal INN can never be confirmed as new."""
    if fields.inn:
        same_inn = await uow.counterparties.by_inn(fields.inn)
        if same_inn is not None:
            if confirmed_new:
                raise Conflict("client-inn-taken", name=same_inn.name)
            return [Match(same_inn, 1.0, ("inn",))]
    if confirmed_new:
        return []
    index = MatchIndex(match_key(row) for row in await uow.counterparties.match_rows())
    return await _resolve(uow, index.candidates(fields.incoming()))


async def add_counterparty(
    uow: UnitOfWork, fields: NewCounterparty, actor: Actor | None, now: datetime
) -> Counterparty:
    """Write a new card with its phones, e-mails and people (no checks: the caller made them)."""
    cp = Counterparty(
        external_id=fields.external_id,
        name=fields.name,
        search_name=search_name(fields.name),
        inn=fields.inn,
        kpp=fields.kpp,
        category=fields.category.value,
        city=fields.city,
        address=fields.address,
        deferral_days=fields.deferral_days,
        docs_per_month=fields.docs_per_month,
        manager_id=fields.manager_id,
        created_by_id=actor.user_id if actor else None,
        created_at=now,
        updated_at=now,
    )
    uow.counterparties.add(cp)
    await uow.flush()
    repo = uow.counterparties
    for e164, extension in fields.phones:
        repo.add_phone(CounterpartyPhone(counterparty_id=cp.id, e164=e164, extension=extension))
    for address in fields.emails:
        repo.add_email(CounterpartyEmail(counterparty_id=cp.id, address=address))
    for name, position in fields.people:
        repo.add_person(
            ContactPerson(counterparty_id=cp.id, full_name=name, position=position, created_at=now)
        )
    return cp


# --- who works with a counterparty --------------------------------------------------------


async def sales_staff(uow: UnitOfWork) -> Sequence[User]:
    """Who can be a counterparty's responsible manager."""
    return await uow.users.with_roles([Role.MANAGER.value, Role.HEAD.value])


async def heads_or_admins(uow: UnitOfWork) -> Sequence[User]:
    heads = [u for u in await uow.users.with_roles([Role.HEAD.value]) if u.tg_user_id]
    return heads or [u for u in await uow.users.with_roles([Role.ADMIN.value]) if u.tg_user_id]


async def responsible_staff(uow: UnitOfWork, cp: Counterparty) -> tuple[Sequence[User], bool]:
    """Who hears from (and answers) a client: the responsible manager when they can be
    reached (True), or else every head (or, without heads, the admins) (False)."""
    manager = await uow.users.find(cp.manager_id) if cp.manager_id else None
    if manager is not None and manager.is_active and manager.is_reachable and manager.tg_user_id:
        return [manager], True
    return await heads_or_admins(uow), False
