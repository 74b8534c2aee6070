"""Departments and the Telegram chats (or forum topics) bound to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.departments import DEPARTMENT_CODE_RE, DepartmentSpec
from bot.domain.errors import Conflict, InvalidInput
from bot.domain.roles import Action, Actor, Role, require
from bot.services import audit, outbox
from bot.services.asks import cards as dept_requests
from bot.services.tasks import dispatch as order_tasks
from storage.models import Department, DepartmentChat
from storage.uow import UnitOfWork

GROUP_CHAT_TYPES = frozenset({"group", "supergroup"})


async def ensure_departments(
    uow: UnitOfWork, specs: Iterable[DepartmentSpec], clock: Clock
) -> None:
    now = clock.now()
    for spec in specs:
        if await uow.departments.find(spec.id) is None:
            uow.departments.add(
                Department(
                    id=spec.id,
                    title=spec.title,
                    fallback_id=spec.fallback_id,
                    is_builtin=True,
                    created_at=now,
                )
            )
    await uow.commit()


async def department_ids(uow: UnitOfWork) -> str:
    return ", ".join(d.id for d in await uow.departments.all())


@dataclass(frozen=True, slots=True)
class BindChat:
    actor: Actor
    department: str
    tg_chat_id: int
    thread_id: int | None
    chat_type: str
    title: str
    is_forum: bool


@dataclass(frozen=True, slots=True)
class ChatBound:
    department: Department
    previous_title: str | None
    already: bool


async def bind_chat(cmd: BindChat, uow: UnitOfWork, clock: Clock) -> ChatBound:
    require(cmd.actor, Action.BIND_CHAT)
    if cmd.chat_type not in GROUP_CHAT_TYPES:
        raise InvalidInput("bind-private")
    code = cmd.department.strip().lower()
    if not code:
        raise InvalidInput("bind-usage", departments=await department_ids(uow))
    department = await uow.departments.find(code)
    if department is None:
        raise InvalidInput(
            "bind-unknown-department", department=code, departments=await department_ids(uow)
        )
    current = await uow.department_chats.active_for(department.id)
    if current and (current.tg_chat_id, current.thread_id) == (cmd.tg_chat_id, cmd.thread_id):
        return ChatBound(department, None, already=True)
    now = clock.now()
    previous_title = None
    if current is not None:
        current.is_active, current.deactivated_at = False, now
        previous_title = current.title
    uow.department_chats.add(
        DepartmentChat(
            department_id=department.id,
            tg_chat_id=cmd.tg_chat_id,
            thread_id=cmd.thread_id,
            title=cmd.title[:255],
            is_forum=cmd.is_forum,
            is_active=True,
            bound_by_id=cmd.actor.user_id,
            bound_at=now,
        )
    )
    audit.record(
        uow,
        cmd.actor,
        "bind",
        f"department:{department.id}",
        at=now,
        chat=cmd.tg_chat_id,
        thread=cmd.thread_id,
    )
    await order_tasks.post_waiting_tasks(uow, department.id, clock)
    await dept_requests.post_waiting(uow, department.id, clock)
    await uow.commit()
    return ChatBound(department, previous_title, already=False)


@dataclass(frozen=True, slots=True)
class UnbindChat:
    actor: Actor
    tg_chat_id: int
    thread_id: int | None


async def unbind_chat(cmd: UnbindChat, uow: UnitOfWork, clock: Clock) -> list[str]:
    """Unbind this chat (or topic); returns the titles of the departments it served."""
    actor, tg_chat_id, thread_id = cmd.actor, cmd.tg_chat_id, cmd.thread_id
    require(actor, Action.BIND_CHAT)
    now = clock.now()
    titles = []
    for chat in await uow.department_chats.in_chat(tg_chat_id):
        if chat.thread_id == thread_id:
            chat.is_active, chat.deactivated_at = False, now
            department = await uow.departments.find(chat.department_id)
            titles.append(department.title if department else chat.department_id)
            audit.record(
                uow,
                actor,
                "unbind",
                f"department:{chat.department_id}",
                at=now,
                chat=tg_chat_id,
                thread=thread_id,
            )
    await uow.commit()
    return titles


@dataclass(frozen=True, slots=True)
class ChatBindings:
    bindings: Sequence[tuple[Department, DepartmentChat]]
    unbound: Sequence[Department]


async def list_chats(actor: Actor, uow: UnitOfWork) -> ChatBindings:
    require(actor, Action.BIND_CHAT)
    departments = {d.id: d for d in await uow.departments.all()}
    chats = await uow.department_chats.active()
    bound = {c.department_id for c in chats}
    return ChatBindings(
        bindings=[(departments[c.department_id], c) for c in chats],
        unbound=[d for d in departments.values() if d.id not in bound and d.id != "sales"],
    )


@dataclass(frozen=True, slots=True)
class AddDepartment:
    actor: Actor
    code: str
    title: str


async def add_department(cmd: AddDepartment, uow: UnitOfWork, clock: Clock) -> Department:
    actor = cmd.actor
    require(actor, Action.MANAGE_DEPARTMENTS)
    code, title = cmd.code.strip().lower(), " ".join(cmd.title.split())
    await check_new_code(actor, code, uow)
    if not title:
        raise InvalidInput("department-usage")
    now = clock.now()
    department = Department(id=code, title=title[:200], is_builtin=False, created_at=now)
    uow.departments.add(department)
    audit.record(uow, actor, "department_add", f"department:{code}", at=now, title=title)
    await uow.commit()
    return department


async def chat_migrated(old_chat_id: int, new_chat_id: int, uow: UnitOfWork) -> None:
    """A group became a supergroup: bindings and pending messages follow it."""
    await uow.department_chats.retarget(old_chat_id, new_chat_id)
    await uow.outbox.retarget_chat(old_chat_id, new_chat_id)
    await uow.commit()


async def chat_lost(tg_chat_id: int, reason: str, uow: UnitOfWork, clock: Clock) -> int:
    """The bot can no longer post to a group: bindings off, admins told. Returns bindings lost."""
    now = clock.now()
    lost = list(await uow.department_chats.in_chat(tg_chat_id))
    admins = await uow.users.with_roles([Role.ADMIN])
    for chat in lost:
        chat.is_active, chat.deactivated_at = False, now
        department = await uow.departments.find(chat.department_id)
        audit.record(
            uow,
            None,
            "binding_lost",
            f"department:{chat.department_id}",
            at=now,
            chat=tg_chat_id,
            reason=reason,
        )
        for admin in admins:
            if admin.tg_user_id is None:
                continue
            await outbox.send(
                uow,
                chat_id=admin.tg_user_id,
                view=_lost_chat_view(reason),
                at=now,
                params={
                    "title": chat.title,
                    "department": department.title if department else chat.department_id,
                    "department_id": chat.department_id,
                    "reason": reason,
                },
                dedupe_key=f"binding-lost:{chat.id}:{admin.id}",
            )
    await uow.commit()
    return len(lost)


def _lost_chat_view(reason: str) -> str:
    """Removed from the chat, or the chat is gone / the bot may not post there."""
    reason = reason.lower()
    unreachable = "not found" in reason or "rights" in reason
    return "admin_chat_unreachable" if unreachable else "admin_binding_lost"


async def user_unreachable(tg_user_id: int, uow: UnitOfWork, clock: Clock) -> None:
    """A person blocked the bot: stop counting on them (business records stay), and tell
    the admins when it is staff (a client's manager is told by the clients feature)."""
    user = await uow.users.by_tg_id(tg_user_id)
    if user is not None and user.is_reachable:
        now = clock.now()
        user.is_reachable, user.updated_at = False, now
        audit.record(uow, None, "user_unreachable", f"user:{user.id}", at=now)
        if user.role != Role.CLIENT:
            for admin in await uow.users.with_roles([Role.ADMIN]):
                if admin.tg_user_id is None or admin.id == user.id or not admin.is_reachable:
                    continue
                await outbox.send(
                    uow,
                    chat_id=admin.tg_user_id,
                    view="admin_user_unreachable",
                    at=now,
                    params={"name": user.full_name, "role": user.role},
                )
    await uow.commit()


def require_department_admin(actor: Actor) -> None:
    require(actor, Action.MANAGE_DEPARTMENTS)


async def check_new_code(actor: Actor, code: str, uow: UnitOfWork) -> None:
    require(actor, Action.MANAGE_DEPARTMENTS)
    if not DEPARTMENT_CODE_RE.match(code):
        raise InvalidInput("department-bad-code")
    if await uow.departments.find(code) is not None:
        raise Conflict("department-exists", department=code)


async def topic_name(tg_chat_id: int, thread_id: int, uow: UnitOfWork) -> str:
    """The name to reopen a deleted forum topic with (a delivery hook, asked after the
    features whose topics have names of their own): a department's topic gets the
    department's title."""
    for chat in await uow.department_chats.in_chat(tg_chat_id):
        if chat.thread_id == thread_id:
            department = await uow.departments.find(chat.department_id)
            return department.title if department else chat.title
    return "Бот"


async def topic_recreated(
    tg_chat_id: int, old_thread: int, new_thread: int, uow: UnitOfWork
) -> None:
    """A deleted forum topic was opened again (a delivery hook): its bindings follow it."""
    for chat in await uow.department_chats.in_chat(tg_chat_id):
        if chat.thread_id == old_thread:
            chat.thread_id = new_thread
    await uow.commit()
