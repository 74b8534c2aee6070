"""Staff: who is who, invitations, roles and deactivation."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from bot.domain.roles import HOME_DEPARTMENT, Action, Actor, Role, grantable_roles, require
from bot.domain.staff.invites import INVITE_TTL, check_invite, granted_role, invited_role
from bot.services import audit, outbox
from bot.services.outbox import Priority
from storage.models import Invite, User
from storage.uow import UnitOfWork

CodeFactory = Callable[[], str]


def new_invite_code() -> str:
    return secrets.token_urlsafe(9)


@dataclass(frozen=True, slots=True)
class ActorLookup:
    actor: Actor
    is_deactivated: bool


async def resolve_actor(uow: UnitOfWork, tg_user_id: int, full_name: str) -> ActorLookup:
    user = await uow.users.by_tg_id(tg_user_id)
    if user is None:
        return ActorLookup(Actor(None, tg_user_id, None, full_name=full_name), False)
    if not user.is_active:
        return ActorLookup(Actor(user.id, tg_user_id, None, full_name=user.full_name), True)
    departments = frozenset({user.department_id}) if user.department_id else frozenset()
    return ActorLookup(
        Actor(user.id, tg_user_id, Role(user.role), departments, user.full_name), False
    )


async def ensure_admins(uow: UnitOfWork, admin_ids: frozenset[int], clock: Clock) -> None:
    """ADMIN_IDS are admins from the first start (their names arrive with their /start)."""
    now = clock.now()
    for tg_user_id in sorted(admin_ids):
        user = await uow.users.by_tg_id(tg_user_id)
        if user is None:
            uow.users.add(
                User(
                    tg_user_id=tg_user_id,
                    full_name=f"Администратор {tg_user_id}",
                    role=Role.ADMIN,
                    is_active=True,
                    is_reachable=True,
                    created_at=now,
                    updated_at=now,
                )
            )
            audit.record(uow, None, "admin_from_settings", f"tg:{tg_user_id}", at=now)
        elif user.role != Role.ADMIN or not user.is_active:
            user.role, user.is_active, user.updated_at = Role.ADMIN, True, now
            audit.record(uow, None, "admin_from_settings", f"user:{user.id}", at=now)
    await uow.commit()


# --- invitations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateInvite:
    actor: Actor
    role: str
    department: str | None = None


@dataclass(frozen=True, slots=True)
class InviteCreated:
    code: str
    role: Role
    department_title: str | None
    expires_at: datetime


async def create_invite(
    cmd: CreateInvite, uow: UnitOfWork, clock: Clock, make_code: CodeFactory = new_invite_code
) -> InviteCreated:
    require(cmd.actor, Action.INVITE)
    role = invited_role(cmd.actor, cmd.role)
    department_id = (cmd.department or "").strip().lower() or HOME_DEPARTMENT.get(role)
    department_title = None
    if department_id is not None:
        department = await uow.departments.find(department_id)
        if department is None:
            names = ", ".join(d.id for d in await uow.departments.all())
            raise InvalidInput(
                "invite-unknown-department", department=department_id, departments=names
            )
        department_title = department.title
    now = clock.now()
    invite = Invite(
        code=make_code(),
        role=role.value,
        department_id=department_id,
        created_by_id=cmd.actor.user_id,
        created_at=now,
        expires_at=now + INVITE_TTL,
    )
    uow.invites.add(invite)
    audit.record(uow, cmd.actor, "invite", f"role:{role}", at=now, department=department_id)
    await uow.commit()
    return InviteCreated(invite.code, role, department_title, invite.expires_at)


@dataclass(frozen=True, slots=True)
class Start:
    tg_user_id: int
    full_name: str
    username: str | None
    code: str | None


@dataclass(frozen=True, slots=True)
class Started:
    """What /start did: `registered` is True when an invitation was just used."""

    user: User | None
    registered: bool
    department_title: str | None = None


async def start(cmd: Start, uow: UnitOfWork, clock: Clock) -> Started:
    user = await uow.users.by_tg_id(cmd.tg_user_id)
    now = clock.now()
    if user is not None and user.is_active:
        if user.full_name.startswith("Администратор ") or user.username != cmd.username:
            user.full_name, user.username, user.updated_at = cmd.full_name, cmd.username, now
            await outbox.set_commands(uow, chat_id=cmd.tg_user_id, role=user.role, at=now)
            await uow.commit()
        if cmd.code:
            raise Conflict("invite-already-registered", role=user.role)
        return Started(user, registered=False)
    if not cmd.code:
        return Started(None, registered=False)
    return await _register(cmd, user, uow, now)


async def _register(cmd: Start, user: User | None, uow: UnitOfWork, now: datetime) -> Started:
    invite = await uow.invites.by_code(cmd.code or "", for_update=True)
    if invite is None:
        raise NotFound("invite-unknown")
    inviter = await uow.users.get(invite.created_by_id)
    check_invite(invite.used_by_id is not None, invite.expires_at, now, inviter.is_active)
    if user is None:
        user = User(tg_user_id=cmd.tg_user_id, created_at=now)
        uow.users.add(user)
    user.full_name, user.username = cmd.full_name, cmd.username
    user.role, user.department_id = invite.role, invite.department_id
    user.is_active, user.is_reachable, user.updated_at = True, True, now
    await uow.flush()
    if not await uow.invites.claim(invite.id, user_id=user.id, at=now):
        raise Conflict("invite-used")
    actor = Actor(user.id, cmd.tg_user_id, Role(user.role), full_name=user.full_name)
    audit.record(uow, actor, "registration", f"user:{user.id}", at=now, invite=invite.id)
    await outbox.set_commands(uow, chat_id=cmd.tg_user_id, role=user.role, at=now)
    if inviter.tg_user_id is not None:
        await outbox.send(
            uow,
            chat_id=inviter.tg_user_id,
            view="inviter_told_registered",
            params={"name": user.full_name, "role": user.role},
            at=now,
            dedupe_key=f"invite-used:{invite.id}",
        )
    department = await uow.departments.get(invite.department_id) if invite.department_id else None
    await uow.commit()
    return Started(
        user, registered=True, department_title=department.title if department else None
    )


# --- staff ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffList:
    users: Sequence[User]
    departments: dict[str, str]  # id → title


async def list_staff(actor: Actor, uow: UnitOfWork) -> StaffList:
    require(actor, Action.VIEW_STAFF)
    users = await uow.users.staff()
    return StaffList(users, {d.id: d.title for d in await uow.departments.all()})


@dataclass(frozen=True, slots=True)
class ChangeRole:
    actor: Actor
    user_id: int
    role: str


async def change_role(cmd: ChangeRole, uow: UnitOfWork, clock: Clock) -> User:
    require(cmd.actor, Action.CHANGE_ROLE)
    user = await _managed_user(cmd.actor, cmd.user_id, uow)
    role = granted_role(cmd.actor, cmd.role)
    now = clock.now()
    old_role = user.role
    user.role, user.updated_at = role.value, now
    user.department_id = HOME_DEPARTMENT.get(role, user.department_id)
    audit.record(
        uow, cmd.actor, "role_change", f"user:{user.id}", at=now, old=old_role, new=role.value
    )
    if user.tg_user_id is not None:
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view="user_role_changed",
            params={"role": role.value},
            at=now,
        )
        await outbox.set_commands(uow, chat_id=user.tg_user_id, role=role.value, at=now)
    await uow.commit()
    return user


@dataclass(frozen=True, slots=True)
class Deactivate:
    actor: Actor
    user_id: int


async def deactivate(cmd: Deactivate, uow: UnitOfWork, clock: Clock) -> User:
    require(cmd.actor, Action.DEACTIVATE)
    if cmd.user_id == cmd.actor.user_id:
        raise InvalidInput("staff-deactivate-self")
    user = await _managed_user(cmd.actor, cmd.user_id, uow)
    now = clock.now()
    user.is_active, user.updated_at = False, now
    revoked = await uow.invites.revoke_open_of(user.id, at=now)  # no one joins on their word
    audit.record(
        uow, cmd.actor, "deactivation", f"user:{user.id}", at=now, invites_revoked=revoked
    )
    if user.tg_user_id is not None:
        await outbox.send(
            uow,
            chat_id=user.tg_user_id,
            view="user_deactivated",
            at=now,
            priority=Priority.INTERACTIVE,
        )
        await outbox.set_commands(uow, chat_id=user.tg_user_id, role=None, at=now)
    await uow.commit()
    return user


async def _managed_user(actor: Actor, user_id: int, uow: UnitOfWork) -> User:
    user = await uow.users.find(user_id)
    if user is None or user.role == Role.CLIENT:
        raise NotFound("staff-not-found")
    if user.role not in grantable_roles(actor) and user.role != Role.CLIENT:
        raise Forbidden()
    return user


def require_inviter(actor: Actor) -> None:
    require(actor, Action.INVITE)


async def staff_member(actor: Actor, user_id: int, uow: UnitOfWork) -> User:
    require(actor, Action.CHANGE_ROLE)
    return await _managed_user(actor, user_id, uow)
