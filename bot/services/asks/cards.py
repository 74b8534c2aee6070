"""What a request's card shows and where, its history lines, the client's timeline and who
hears about it. Nothing here commits: these are steps of the use cases in asks/."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.asks.rules import AskAction, AskStatus
from bot.domain.roles import Actor, Role
from bot.services import outbox
from bot.services.orders import routing
from storage.models import DeptRequest, DeptRequestEvent, DeptRequestFile, Interaction, User
from storage.models.core import DepartmentChat
from storage.uow import UnitOfWork

log = structlog.get_logger()

CARD_KEY = "ask:{}"
MAX_HISTORY = 10
MAX_NOTE = 300
INTERACTION_FORM = "dept_request"


@dataclass(frozen=True, slots=True)
class AskFile:
    """A photo or document as Telegram sent it (an album's files share a media group)."""

    kind: str  # photo | document
    file_id: str
    media_group_id: str | None = None


def add_files(
    uow: UnitOfWork,
    req: DeptRequest,
    files: Sequence[AskFile],
    *,
    side: str,
    now: datetime,
    after: int = 0,
) -> list[DeptRequestFile]:
    """One set per album (its media group) and one per single file, in the order sent."""
    known = [after]  # the sets already there
    sets: dict[str, int] = {}
    added = []
    for f in files:
        if f.media_group_id is not None and f.media_group_id in sets:
            no = sets[f.media_group_id]
        else:
            known[0] += 1
            no = known[0]
            if f.media_group_id is not None:
                sets[f.media_group_id] = no
        row = DeptRequestFile(
            request_id=req.id,
            set_no=no,
            side=side,
            kind=f.kind,
            file_id=f.file_id,
            media_group_id=f.media_group_id,
            created_at=now,
        )
        uow.dept_requests.add_file(row)
        added.append(row)
    return added


def card_key(request_id: int) -> str:
    return CARD_KEY.format(request_id)


async def department_title(uow: UnitOfWork, department_id: str) -> str:
    department = await uow.departments.find(department_id)
    return department.title if department else department_id


async def card_params(uow: UnitOfWork, req: DeptRequest, zone: str) -> dict[str, Any]:
    events = await uow.dept_requests.events(req.id)
    people = {
        u.id: u
        for u in [
            await uow.users.find(i)
            for i in {req.manager_id, req.taken_by_id, *(e.actor_id for e in events)}
            if i is not None
        ]
        if u is not None
    }
    client = await uow.counterparties.find(req.counterparty_id) if req.counterparty_id else None
    order = await uow.orders.find(req.order_id) if req.order_id else None
    files = await uow.dept_requests.files(req.id)
    status = AskStatus(req.status)
    taken_by = people.get(req.taken_by_id) if req.taken_by_id else None
    return {
        "id": req.id,
        "number": req.number,
        "tz": zone,
        "department": await department_title(uow, req.department_id),
        "manager": _name(people.get(req.manager_id)),
        "client": client.name if client else "",
        "order": order.number if order else 0,
        "question": req.question,
        "status": req.status,
        "taken_by": _name(taken_by),
        "answer": req.answer or "",
        "price": req.price_kopecks or 0,
        "term": req.term_days or 0,
        "files": len(files),
        "history": [_history_line(e, people) for e in events[-MAX_HISTORY:]],
        "buttons": [a.value for a in card_buttons(status)],
    }


def card_buttons(status: AskStatus) -> list[AskAction]:
    if status is AskStatus.NEW:
        return [AskAction.TAKE, AskAction.ANSWER, AskAction.CLARIFY, AskAction.REFUSE]
    if status is AskStatus.TAKEN:
        return [AskAction.ANSWER, AskAction.CLARIFY, AskAction.REFUSE]
    if status is AskStatus.CLARIFYING:
        return [AskAction.ANSWER, AskAction.REFUSE]
    return []


def _name(user: User | None) -> str:
    return user.full_name if user is not None else ""


def _history_line(e: DeptRequestEvent, people: dict[int, User]) -> dict[str, str]:
    who = people.get(e.actor_id) if e.actor_id else None
    return {
        "at": e.at.isoformat(),
        "who": who.full_name if who else str(e.details.get("who", "")),
        "event": e.event,
        "note": str(e.details.get("note", ""))[:MAX_NOTE],
    }


def record(
    uow: UnitOfWork,
    req: DeptRequest,
    actor: Actor | None,
    event: str,
    now: datetime,
    **details: Any,
) -> None:
    uow.dept_requests.add_event(
        DeptRequestEvent(
            request_id=req.id,
            at=now,
            actor_id=actor.user_id if actor else None,
            event=event,
            details=details | ({"who": actor.full_name} if actor and actor.full_name else {}),
        )
    )


def log_interaction(
    uow: UnitOfWork,
    req: DeptRequest,
    event: str,
    actor: Actor | None,
    now: datetime,
    *,
    department: str,
    note: str = "",
) -> None:
    """Every step of a request about a client is a line in the client's timeline."""
    if req.counterparty_id is None:
        return
    topic = " · ".join(p for p in (f"№{req.number}", department, note[:MAX_NOTE]) if p)
    uow.interactions.add(
        Interaction(
            counterparty_id=req.counterparty_id,
            author_id=actor.user_id if actor else None,
            form=INTERACTION_FORM,
            outcome=f"ask_{event}"[:24],
            topic=topic,
            order_id=req.order_id,
            occurred_at=now,
            created_at=now,
        )
    )


# --- the card in the department's chat ----------------------------------------------------


async def place(uow: UnitOfWork, req: DeptRequest, *, zone: str, now: datetime) -> bool:
    """Post the card where the department works; without a chat it waits (False)."""
    chat = await uow.department_chats.active_for(req.department_id)
    if chat is None:
        return False
    await post_card(uow, req, chat, zone=zone, now=now)
    return True


async def post_card(
    uow: UnitOfWork, req: DeptRequest, chat: DepartmentChat, *, zone: str, now: datetime
) -> None:
    req.tg_chat_id, req.thread_id, req.is_posted = chat.tg_chat_id, chat.thread_id, True
    req.updated_at = now
    await outbox.send(
        uow,
        chat_id=chat.tg_chat_id,
        thread_id=chat.thread_id,
        view="ask_card",
        params=await card_params(uow, req, zone),
        at=now,
        card_key=card_key(req.id),
        dedupe_key=f"ask-card:{req.id}:{chat.tg_chat_id}:{chat.thread_id or 0}",
    )
    for file in await uow.dept_requests.files(req.id):
        await send_file_to_chat(uow, req, file, now)


async def send_file_to_chat(
    uow: UnitOfWork, req: DeptRequest, file: DeptRequestFile, now: datetime
) -> None:
    if not req.is_posted or req.tg_chat_id is None:
        return
    await outbox.send_file(
        uow,
        chat_id=req.tg_chat_id,
        thread_id=req.thread_id,
        kind=file.kind,
        file_id=file.file_id,
        view="ask_file",
        params={"number": req.number, "set": file.set_no},
        at=now,
        dedupe_key=f"ask-file:{req.id}:{req.tg_chat_id}:{file.id}",
    )


async def refresh_card(uow: UnitOfWork, req: DeptRequest, *, zone: str, now: datetime) -> None:
    """Edit the card in place (nothing while it waits for a chat)."""
    req.version += 1
    req.updated_at = now
    if not req.is_posted or req.tg_chat_id is None:
        return
    await outbox.edit_card(
        uow,
        card_key=card_key(req.id),
        chat_id=req.tg_chat_id,
        thread_id=req.thread_id,
        view="ask_card",
        params=await card_params(uow, req, zone),
        at=now,
    )


async def tell_chat(
    uow: UnitOfWork, req: DeptRequest, view: str, params: dict[str, Any], now: datetime
) -> None:
    """A message to the department's chat beside the card."""
    if not req.is_posted or req.tg_chat_id is None:
        return
    await outbox.send(
        uow,
        chat_id=req.tg_chat_id,
        thread_id=req.thread_id,
        view=view,
        params={"number": req.number, **params},
        at=now,
    )


async def post_waiting(uow: UnitOfWork, department_id: str, clock: Clock) -> int:
    """A chat was bound to `department_id`: post the requests that waited for it (the
    managers are told). Does not commit (called inside bind_chat)."""
    chat = await uow.department_chats.active_for(department_id)
    if chat is None:
        return 0
    now = clock.now()
    zone = await routing.zone_name(uow)
    waiting = list(await uow.dept_requests.waiting_for_chat(department_id))
    for req in waiting:
        await post_card(uow, req, chat, zone=zone, now=now)
        record(uow, req, None, "posted", now)
        await tell_manager(uow, req, "ask_posted", {}, now, dedupe=f"ask-posted:{req.id}")
    if waiting:
        log.info("waiting_asks_posted", department=department_id, requests=len(waiting))
    return len(waiting)


# --- the manager ---------------------------------------------------------------------------


async def manager_recipients(uow: UnitOfWork, req: DeptRequest) -> Sequence[User]:
    """The request's manager; deactivated (or not in the bot): the heads, else the admins."""
    manager = await uow.users.find(req.manager_id)
    if manager is not None and manager.is_active and manager.tg_user_id is not None:
        return [manager]
    heads = [u for u in await uow.users.with_roles([Role.HEAD]) if u.tg_user_id is not None]
    if heads:
        return heads
    return [u for u in await uow.users.with_roles([Role.ADMIN]) if u.tg_user_id is not None]


async def tell_manager(
    uow: UnitOfWork,
    req: DeptRequest,
    view: str,
    params: dict[str, Any],
    now: datetime,
    *,
    dedupe: str | None = None,
) -> None:
    department = await department_title(uow, req.department_id)
    for user in await manager_recipients(uow, req):
        assert user.tg_user_id is not None
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view=view,
            params={
                "id": req.id,
                "number": req.number,
                "department": department,
                "question": req.question[:MAX_NOTE],
                "for_other": user.id != req.manager_id,
                **params,
            },
            at=now,
            priority=outbox.Priority.NOTICE,
            dedupe_key=f"{dedupe}:{user.id}" if dedupe else None,
        )


async def files_to_manager(
    uow: UnitOfWork, req: DeptRequest, files: Sequence[DeptRequestFile], now: datetime
) -> None:
    """The department's files of an answer, after the answer."""
    for user in await manager_recipients(uow, req):
        assert user.tg_user_id is not None
        for file in files:
            await outbox.send_file(
                uow,
                chat_id=user.tg_user_id,
                kind=file.kind,
                file_id=file.file_id,
                view="ask_file",
                params={"number": req.number, "set": file.set_no},
                at=now,
            )
