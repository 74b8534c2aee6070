"""Counterparty cards: find, open, create (through the duplicate check), edit, merge."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.counterparties.emails import normalize_email
from bot.domain.counterparties.fields import (
    Category,
    clean_name,
    parse_category,
    search_name,
)
from bot.domain.counterparties.inn import inn_fault, parse_typed_inn, validate_kpp
from bot.domain.counterparties.match import (
    Candidate,
    CounterpartyKey,
    IncomingCounterparty,
    MatchIndex,
)
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
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

log = structlog.get_logger()

FIND_LIMIT = 10
MIN_QUERY = 2
MIN_DIGITS = 4
MAX_QUERY = 200
TIMELINE_LENGTH = 5
_INN_LENGTHS = (10, 12)
_PHONE_MIN_DIGITS = 10
_DIGIT_NOISE = re.compile(r"[\s\-()+.]")


# --- find ---------------------------------------------------------------------------------


async def find_counterparties(actor: Actor, query: str, uow: UnitOfWork) -> Sequence[Counterparty]:
    """/find: a name fragment, an INN (or part of it), a phone in any format, an e-mail."""
    require(actor, Action.VIEW_COUNTERPARTIES)
    return await search(uow, query)


async def search(uow: UnitOfWork, query: str) -> Sequence[Counterparty]:
    text = query.strip()
    if not text:
        raise InvalidInput("find-usage")
    if len(text) > MAX_QUERY:
        raise InvalidInput("find-too-long", limit=str(MAX_QUERY))
    repo = uow.counterparties
    if "@" in text:
        try:
            address = normalize_email(text)
        except InvalidInput:
            raise InvalidInput("find-bad-email", value=text[:60]) from None
        return await repo.by_ids(await repo.ids_by_email(address))
    digits = _DIGIT_NOISE.sub("", text)
    if digits.isdigit():
        return await _search_digits(uow, text, digits)
    words = search_name(text)
    if len(words.replace(" ", "")) < MIN_QUERY:
        raise InvalidInput("find-too-short")
    return await repo.search_by_name(words, FIND_LIMIT)


async def _search_digits(uow: UnitOfWork, text: str, digits: str) -> Sequence[Counterparty]:
    repo = uow.counterparties
    if len(digits) in _INN_LENGTHS and inn_fault(digits) is None:
        found = await repo.by_inn(digits)
        if found is not None:
            return [found]
    if len(digits) >= _PHONE_MIN_DIGITS:
        try:
            phone = normalize_phone(text)
        except InvalidInput:
            phone = None
        if phone is not None:
            ids = await repo.ids_by_phone(phone.e164)
            if ids:
                return await repo.by_ids(ids)
    if len(digits) < MIN_DIGITS:
        raise InvalidInput("find-too-short")
    return await repo.search_by_digits(digits, FIND_LIMIT)


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


async def counterparty_card(
    actor: Actor, counterparty_id: int, uow: UnitOfWork
) -> CounterpartyCard:
    require(actor, Action.VIEW_COUNTERPARTIES)
    cp = await get_counterparty(uow, counterparty_id)
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
        can_edit=_may_edit(actor, cp),
        can_merge=can(actor, Action.MERGE_COUNTERPARTIES),
        can_log=can(actor, Action.LOG_INTERACTION),
        can_order=can(actor, Action.PLACE_ORDER),
    )


async def get_counterparty(
    uow: UnitOfWork, counterparty_id: int, *, for_update: bool = False
) -> Counterparty:
    cp = await uow.counterparties.get(counterparty_id, for_update=for_update)
    if cp is None:
        raise NotFound("client-not-found")
    return cp


def _may_edit(actor: Actor, cp: Counterparty) -> bool:
    if not can(actor, Action.EDIT_COUNTERPARTY):
        return False
    mine = cp.manager_id is None or cp.manager_id == actor.user_id
    return mine or can(actor, Action.EDIT_ANY_COUNTERPARTY)


async def require_editable(actor: Actor, counterparty_id: int, uow: UnitOfWork) -> Counterparty:
    """The card, if `actor` may change it: their own client, or any client for head/admin."""
    require(actor, Action.EDIT_COUNTERPARTY)
    cp = await get_counterparty(uow, counterparty_id, for_update=True)
    if not _may_edit(actor, cp):
        manager = await uow.users.get(cp.manager_id) if cp.manager_id else None
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


async def match_index(uow: UnitOfWork) -> MatchIndex:
    return MatchIndex(match_key(row) for row in await uow.counterparties.match_rows())


async def resolve_candidates(uow: UnitOfWork, candidates: Sequence[Candidate]) -> list[Match]:
    found = await uow.counterparties.by_ids([int(c.id) for c in candidates])
    by_id = {cp.id: cp for cp in found}
    return [Match(by_id[int(c.id)], c.score, c.reasons) for c in candidates if int(c.id) in by_id]


@dataclass(frozen=True, slots=True)
class NewCounterparty:
    """Validated fields of a card about to be created."""

    name: str
    inn: str | None = None
    kpp: str | None = None
    phones: tuple[tuple[str, str | None], ...] = ()  # (e164, extension)
    emails: tuple[str, ...] = ()
    city: str | None = None
    category: Category = Category.END_USER
    people: tuple[tuple[str, str | None], ...] = ()  # (name, position)
    address: str | None = None
    deferral_days: int = 0
    docs_per_month: int = 0
    external_id: str | None = None
    manager_id: int | None = None

    def incoming(self) -> IncomingCounterparty:
        return IncomingCounterparty(
            name=self.name,
            inn=self.inn or "",
            kpp=self.kpp or "",
            phones=tuple(e164 for e164, _ in self.phones),
            emails=self.emails,
            city=self.city or "",
        )


def validate_new(
    name: str,
    inn: str = "",
    kpp: str = "",
    phone: str = "",
    email: str = "",
    city: str = "",
    category: str = "",
) -> NewCounterparty:
    """Check what a person typed; each error names what is wrong."""
    phones: tuple[tuple[str, str | None], ...] = ()
    if phone.strip():
        parsed = normalize_phone(phone)
        phones = ((parsed.e164, parsed.extension),)
    return NewCounterparty(
        name=clean_name(name),
        inn=parse_typed_inn(inn) if inn.strip() else None,
        kpp=validate_kpp(kpp) if kpp.strip() else None,
        phones=phones,
        emails=(normalize_email(email),) if email.strip() else (),
        city=" ".join(city.split())[:120] or None,
        category=parse_category(category),
    )


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
    index = await match_index(uow)
    return await resolve_candidates(uow, index.candidates(fields.incoming()))


async def add_counterparty(
    uow: UnitOfWork, fields: NewCounterparty, actor: Actor | None, now: datetime
) -> Counterparty:
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
    add_details(uow, cp.id, fields, now)
    return cp


def add_details(uow: UnitOfWork, cp_id: int, fields: NewCounterparty, now: datetime) -> None:
    """Phones, e-mails and people of `fields` (the caller drops ones the card already has)."""
    repo = uow.counterparties
    for e164, extension in fields.phones:
        repo.add_phone(CounterpartyPhone(counterparty_id=cp_id, e164=e164, extension=extension))
    for address in fields.emails:
        repo.add_email(CounterpartyEmail(counterparty_id=cp_id, address=address))
    for name, position in fields.people:
        repo.add_person(
            ContactPerson(counterparty_id=cp_id, full_name=name, position=position, created_at=now)
        )


# --- helpers for other services -----------------------------------------------------------


async def sales_staff(uow: UnitOfWork) -> Sequence[User]:
    """Who can be a counterparty's responsible manager."""
    return await uow.users.with_roles([Role.MANAGER.value, Role.HEAD.value])


async def heads_or_admins(uow: UnitOfWork) -> Sequence[User]:
    heads = [u for u in await uow.users.with_roles([Role.HEAD.value]) if u.tg_user_id]
    return heads or [u for u in await uow.users.with_roles([Role.ADMIN.value]) if u.tg_user_id]
