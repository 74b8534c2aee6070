"""What the claims use cases share: who may act, the card and who sees it, telling the client,
the history line and the client's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.claims.rules import FINISHED
from bot.domain.errors import Forbidden, NotFound
from bot.domain.interactions import Form
from bot.domain.roles import Actor, Role
from bot.services import outbox
from bot.services.counterparties.directory import heads_or_admins, responsible_staff
from bot.services.interactions import add_event
from storage.models import Claim, ClaimEvent, Counterparty, User
from storage.uow import UnitOfWork

CARD_PREFIX = "claim:"
CLAIMS_CHAT = "claims"  # a department an admin may add and bind: every claim's card goes there
MAX_HISTORY = 30
OVERSEERS = frozenset({Role.HEAD, Role.ADMIN})


def card_key(claim_id: int, copy: int) -> str:
    return f"{CARD_PREFIX}{claim_id}:{copy}"


async def department_chain(uow: UnitOfWork, department_id: str) -> list[str]:
    """The department and its fallbacks (logo → workshop): their people may act."""
    chain: list[str] = []
    current: str | None = department_id
    while current is not None and current not in chain:
        chain.append(current)
        department = await uow.departments.find(current)
        current = department.fallback_id if department is not None else None
    return chain


async def require_worker(actor: Actor, claim: Claim, uow: UnitOfWork) -> None:
    """Only the responsible department, the client's manager, heads and admins."""
    if actor.role in OVERSEERS:
        return
    if actor.role is None or actor.role is Role.CLIENT or actor.user_id is None:
        raise Forbidden("claim-not-yours")
    cp = await uow.counterparties.get(claim.counterparty_id)
    if cp.manager_id is not None and cp.manager_id == actor.user_id:
        return
    # a department's people; of sales (managers) only the client's own manager, above
    chain = set(await department_chain(uow, claim.department_id))
    if actor.role is not Role.MANAGER and actor.department_ids & chain:
        return
    raise Forbidden("claim-not-yours")


async def require_viewer(actor: Actor, claim: Claim, uow: UnitOfWork) -> None:
    """A client sees their own counterparty's claims; staff as `require_worker`."""
    if actor.role is Role.CLIENT:
        person = await uow.counterparties.person_of_user(actor.user_id) if actor.user_id else None
        if person is None or person.counterparty_id != claim.counterparty_id:
            raise NotFound("claim-not-found")
        return
    await require_worker(actor, claim, uow)


def event(
    uow: UnitOfWork,
    claim: Claim,
    kind: str,
    actor_id: int | None,
    at: datetime,
    text: str | None = None,
) -> ClaimEvent:
    row = ClaimEvent(claim_id=claim.id, kind=kind, actor_id=actor_id, text=text, created_at=at)
    uow.claims.add_event(row)
    claim.updated_at = at
    return row


def log(uow: UnitOfWork, claim: Claim, topic: str, author_id: int | None, at: datetime) -> None:
    """The client's timeline: every step of a claim is an interaction of form `claim`."""
    add_event(
        uow,
        counterparty_id=claim.counterparty_id,
        form=Form.CLAIM,
        author_id=author_id,
        topic=f"{claim.number}: {topic}",
        at=at,
        claim_id=claim.id,
    )


@dataclass(frozen=True, slots=True)
class Where:
    chat_id: int
    thread_id: int | None = None


async def card_places(
    uow: UnitOfWork, claim: Claim, cp: Counterparty, notify: Sequence[str] = ("manager", "head")
) -> list[Where]:
    """Where the claim's card lives: the department's chat or topic (its fallback's), else
    the client's manager privately; a bound claims chat (department `claims`, if an admin
    added one); then the manager and the heads (each one copy)."""
    places: list[Where] = []
    for department_id in await department_chain(uow, claim.department_id):
        chat = await uow.department_chats.active_for(department_id)
        if chat is not None:
            places.append(Where(chat.tg_chat_id, chat.thread_id))
            break
    if await uow.departments.find(CLAIMS_CHAT) is not None:
        chat = await uow.department_chats.active_for(CLAIMS_CHAT)
        if chat is not None and Where(chat.tg_chat_id, chat.thread_id) not in places:
            places.append(Where(chat.tg_chat_id, chat.thread_id))
    people, has_manager = await responsible_staff(uow, cp)
    told = [*people] if "manager" in notify or not places else []
    if "head" in notify or not (places or has_manager):
        told += await heads_or_admins(uow)
    for person in told:
        if person.tg_user_id is not None and person.is_reachable and person.is_active:
            where = Where(person.tg_user_id)
            if where not in places:
                places.append(where)
    return places


async def card_params(uow: UnitOfWork, claim: Claim, zone: ZoneInfo | str) -> dict[str, Any]:
    cp = await uow.counterparties.get(claim.counterparty_id)
    department = await uow.departments.find(claim.department_id)
    order = await uow.orders.find(claim.order_id) if claim.order_id else None
    names: dict[int, str] = {}
    history = []
    for row in list(await uow.claims.events(claim.id))[-MAX_HISTORY:]:
        who = ""
        if row.actor_id is not None:
            if row.actor_id not in names:
                user = await uow.users.find(row.actor_id)
                names[row.actor_id] = user.full_name if user else ""
            who = names[row.actor_id]
        history.append(
            {
                "at": row.created_at.isoformat(),
                "kind": row.kind,
                "who": who,
                "text": row.text or "",
            }
        )
    files = await uow.claims.attachments(claim.id)
    return {
        "claim_id": claim.id,
        "number": claim.number,
        "client": cp.name,
        "order": order.number if order else None,
        "category": claim.category,
        "department": department.title if department else claim.department_id,
        "description": claim.description,
        "status": claim.status,
        "resolution": claim.resolution,
        "remedy": claim.remedy,
        "culprit": claim.culprit,
        "comment": claim.decision_comment,
        "question": claim.question,
        "rating": claim.rating,
        "channel": claim.channel,
        "files": len(files),
        "sets": len({f.set_no for f in files}),
        "history": history,
        "zone": str(zone),
        "open": claim.status not in FINISHED,
    }


async def post_card(
    uow: UnitOfWork,
    claim: Claim,
    params: dict[str, Any],
    at: datetime,
    notify: Sequence[str] = ("manager", "head"),
) -> None:
    """The card's copies; `notify`: company.yaml `claims.notify` (the department always)."""
    cp = await uow.counterparties.get(claim.counterparty_id)
    for copy, where in enumerate(await card_places(uow, claim, cp, notify)):
        key = card_key(claim.id, copy)
        await outbox.send(
            uow,
            chat_id=where.chat_id,
            thread_id=where.thread_id,
            view="claim_card",
            params=params,
            at=at,
            card_key=key,
            dedupe_key=key,
        )


async def refresh_cards(
    uow: UnitOfWork, claim: Claim, params: dict[str, Any], at: datetime
) -> None:
    """Every copy of the card, edited in place."""
    for card in await uow.claims.cards(claim.id, f"{CARD_PREFIX}{claim.id}:"):
        await outbox.edit_card(
            uow,
            card_key=card.key,
            chat_id=card.tg_chat_id,
            thread_id=card.thread_id,
            view="claim_card",
            params=params,
            at=at,
        )


async def client_user(uow: UnitOfWork, claim: Claim) -> User | None:
    return await uow.users.find(claim.client_user_id) if claim.client_user_id else None


async def tell_client(
    uow: UnitOfWork,
    claim: Claim,
    view: str,
    params: dict[str, Any],
    at: datetime,
    *,
    key: str | None = None,
) -> bool:
    """The client hears of it; a client who blocked the bot (or filed through staff and is
    not in the bot): their manager is told what the client should hear instead. True: sent."""
    client = await client_user(uow, claim)
    if client is not None and client.tg_user_id and client.is_active and client.is_reachable:
        await outbox.send(
            uow,
            chat_id=client.tg_user_id,
            view=view,
            params=params,
            at=at,
            card_key=key,
            dedupe_key=key,
        )
        return True
    cp = await uow.counterparties.get(claim.counterparty_id)
    people, _ = await responsible_staff(uow, cp)
    for person in people:
        if person.tg_user_id is None:
            continue
        relayed = {
            "number": claim.number,
            "client": cp.name,
            "view": view,
            "params": params,
            "in_bot": client is not None,
        }
        await outbox.send(
            uow, chat_id=person.tg_user_id, view="claim_client_unreachable", params=relayed, at=at
        )
    return False


async def send_files(
    uow: UnitOfWork,
    claim: Claim,
    at: datetime,
    *,
    only_first: bool,
    event_id: int | None = None,
    to: Where | None = None,
) -> int:
    """The claim's files (of one event, or all) as photos and documents after its card: to
    the card's first place, or to `to`. How many."""
    if to is None:
        cp = await uow.counterparties.get(claim.counterparty_id)
        places = await card_places(uow, claim, cp)
        if not places:
            return 0
        targets = places[:1] if only_first else places
    else:
        targets = [to]
    files = [
        f
        for f in await uow.claims.attachments(claim.id)
        if event_id is None or f.event_id == event_id
    ]
    for where in targets:
        for f in files:
            await outbox.send_file(
                uow,
                chat_id=where.chat_id,
                thread_id=where.thread_id,
                kind="photo" if f.kind == "photo" else "document",
                file_id=f.file_id,
                view="claim_attachment",
                params={"number": claim.number, "set": f.set_no, "name": f.file_name or ""},
                at=at,
            )
    return len(files)
