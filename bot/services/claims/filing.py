"""Filing a claim: by a client in Telegram, or by staff for a client (a call, an e-mail).

The client picks what it concerns (one of their orders, or «другое»), the kind, describes it,
attaches files (an album is one set) and confirms: the claim gets its per-year number, the
responsible department's card goes out, the manager and the heads get theirs, the deadlines
are planned, and the client hears the number, who handles it and by when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import structlog

from bot.clock import Clock
from bot.domain.claims.rules import (
    STAFF_CHANNELS,
    Channel,
    ClaimStatus,
    FileRef,
    check_category,
    check_description,
    check_file,
    department_for,
    format_number,
    set_numbers,
)
from bot.domain.company import ClaimsConfig
from bot.domain.errors import Forbidden, InvalidInput, NotFound
from bot.domain.roles import Action, Actor, Role, can, require
from bot.domain.tasks.flow import OrderStatus
from bot.services.claims import common, deadlines
from reminders.calendar import WorkCalendar
from storage.models import Claim, ClaimAttachment, Counterparty, Order
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_ORDERS = 10  # the client's newest orders offered to pick from
PICKABLE = tuple(s.value for s in OrderStatus if s is not OrderStatus.AWAITING_MANAGER)


@dataclass(frozen=True, slots=True)
class OrderChoice:
    order_id: int
    number: int
    status: str
    created_on: date


async def client_counterparty(uow: UnitOfWork, actor: Actor) -> Counterparty:
    require(actor, Action.USE_CLIENT_PORTAL)
    person = await uow.counterparties.person_of_user(actor.user_id) if actor.user_id else None
    if person is None:
        raise NotFound("portal-not-linked")
    return await uow.counterparties.get(person.counterparty_id)


async def counterparty_for(
    uow: UnitOfWork, actor: Actor, counterparty_id: int | None
) -> Counterparty:
    """The client a claim is for: the actor's own (a client) or the one staff named."""
    if actor.role is Role.CLIENT:
        return await client_counterparty(uow, actor)
    require(actor, Action.LOG_INTERACTION)
    if counterparty_id is None:
        raise InvalidInput("claim-no-client")
    return await uow.counterparties.get(counterparty_id)


async def order_choices(
    actor: Actor, uow: UnitOfWork, counterparty_id: int | None = None
) -> list[OrderChoice]:
    """What a claim may concern: the client's orders, newest first (cancelled ones too: the
    client sees them, and picking one is refused with a reason)."""
    cp = await counterparty_for(uow, actor, counterparty_id)
    orders = await uow.orders.of_counterparty(cp.id, PICKABLE)
    newest = sorted(orders, key=lambda o: o.number, reverse=True)[:MAX_ORDERS]
    return [OrderChoice(o.id, o.number, o.status, o.created_at.date()) for o in newest]


async def check_order(
    actor: Actor, uow: UnitOfWork, order_id: int, counterparty_id: int | None = None
) -> Order:
    """The order is the client's own and not cancelled."""
    cp = await counterparty_for(uow, actor, counterparty_id)
    order = await uow.orders.find(order_id)
    if order is None or order.counterparty_id != cp.id:
        raise NotFound("claim-order-not-found")
    if order.status == OrderStatus.CANCELLED:
        raise InvalidInput("claim-order-cancelled", number=str(order.number))
    return order


@dataclass(frozen=True, slots=True)
class FileClaim:
    actor: Actor
    category: str
    description: str
    order_id: int | None = None
    files: Sequence[FileRef] = ()
    counterparty_id: int | None = None  # staff filing for a client
    channel: Channel = Channel.TELEGRAM


@dataclass(frozen=True, slots=True)
class Filed:
    claim_id: int
    number: str
    department: str
    client: str
    accept_by: datetime
    decide_by: datetime


async def file_claim(
    cmd: FileClaim, uow: UnitOfWork, clock: Clock, config: ClaimsConfig, calendar: WorkCalendar
) -> Filed:
    check_category(config, cmd.category)
    description = check_description(cmd.description)
    for n, ref in enumerate(cmd.files):
        check_file(ref, n)
    cp = await counterparty_for(uow, cmd.actor, cmd.counterparty_id)
    by_client = cmd.actor.role is Role.CLIENT
    if not by_client and cmd.channel not in STAFF_CHANNELS:
        raise InvalidInput("claim-bad-channel")
    if by_client and cmd.channel is not Channel.TELEGRAM:
        raise Forbidden("claim-not-yours")
    order = await check_order(cmd.actor, uow, cmd.order_id, cp.id) if cmd.order_id else None
    in_house = False
    if order is not None:
        rule = config.category(cmd.category)
        tasks = await uow.tasks.of_order(order.id)
        in_house = rule.in_house_department is not None and any(
            t.department_id == rule.in_house_department for t in tasks
        )
    now = clock.now()
    year = calendar.local_date(now).year
    seq = await uow.claims.next_seq(year)
    client_user_id = cmd.actor.user_id if by_client else await _client_user_of(uow, cp.id)
    claim = Claim(
        number=format_number(config, year, seq),
        counterparty_id=cp.id,
        order_id=order.id if order else None,
        client_user_id=client_user_id,
        author_id=cmd.actor.user_id,
        channel=cmd.channel.value,
        category=cmd.category,
        department_id=department_for(config, cmd.category, in_house=in_house),
        description=description,
        status=ClaimStatus.REGISTERED.value,
        created_at=now,
        updated_at=now,
    )
    uow.claims.add(claim)
    await uow.flush()
    registered = common.event(uow, claim, "registered", cmd.actor.user_id, now, cmd.channel.value)
    await uow.flush()
    for ref, set_no in zip(cmd.files, set_numbers(list(cmd.files)), strict=True):
        uow.claims.add_attachment(_attachment(claim.id, registered.id, set_no, ref, now))
    common.log(uow, claim, "зарегистрирована", cmd.actor.user_id, now)
    plan = await deadlines.plan_filed(uow, claim, calendar, now)
    await uow.flush()
    params = await common.card_params(uow, claim, calendar.zone)
    await common.post_card(uow, claim, params, now, config.notify)
    await _send_files(uow, claim, now)
    department = params["department"]
    news = {
        "number": claim.number,
        "department": department,
        "accept_by": plan.accept_by.isoformat(),
        "decide_by": plan.decide_by.isoformat(),
        "zone": str(calendar.zone),
    }
    if not by_client and client_user_id is not None:  # the client is in the bot: told too
        await common.tell_client(uow, claim, "claim_client_registered", news, now)
    await uow.commit()
    log.info("claim_filed", claim_id=claim.id, number=claim.number, by_client=by_client)
    return Filed(claim.id, claim.number, department, cp.name, plan.accept_by, plan.decide_by)


async def _client_user_of(uow: UnitOfWork, counterparty_id: int) -> int | None:
    """Staff filed it: the client's person in the bot, if there is one, hears of it."""
    for person in await uow.counterparties.people(counterparty_id):
        if person.user_id is not None:
            return person.user_id
    return None


def _attachment(
    claim_id: int, event_id: int, set_no: int, ref: FileRef, at: datetime
) -> ClaimAttachment:
    return ClaimAttachment(
        claim_id=claim_id,
        event_id=event_id,
        set_no=set_no,
        kind=ref.kind.value,
        file_id=ref.file_id,
        file_unique_id=ref.file_unique_id,
        file_name=ref.file_name,
        file_size=ref.file_size,
        media_group_id=ref.media_group_id,
        created_at=at,
    )


async def _send_files(uow: UnitOfWork, claim: Claim, at: datetime) -> None:
    """The files follow the department's card (the first place the card went)."""
    await common.send_files(uow, claim, at, only_first=True)


def may_file_for_clients(actor: Actor) -> bool:
    return can(actor, Action.LOG_INTERACTION)
