"""Who gets a reminder, decided when it fires (not when it was planned).

A step's `to` applied to the subject's `Addressee` as things are now:
- `manager`: the client's current manager; deactivated, not in the bot (no Telegram id) or
  unreachable → the heads;
- `department`: the subject's department; a department id (`warehouse`): that department.
  Its bound chat or forum topic as bound now (re-bound, migrated to a supergroup); with no
  chat, its fallback department's; with none, the people of the role of that name, else heads;
- any role (`head`, `lawyer`, `accountant`, `admin`…): its active people in the bot;
- the heads, when it comes to them and there are none: the admins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.roles import Role
from bot.services.reminders.kinds import Addressee
from storage.models import User
from storage.uow import UnitOfWork

MANAGER, DEPARTMENT, HEAD = "manager", "department", "head"


@dataclass(frozen=True, slots=True)
class Target:
    chat_id: int
    thread_id: int | None = None
    user_id: int | None = None
    department_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "chat": self.chat_id,
            "thread": self.thread_id,
            "user": self.user_id,
            "dept": self.department_id,
        }


async def resolve(uow: UnitOfWork, to: str, addressee: Addressee) -> list[Target]:
    if to == MANAGER:
        user = await uow.users.find(addressee.manager_id) if addressee.manager_id else None
        if user is not None and _reachable(user):
            return [_person(user)]
        return await _heads(uow)
    department = addressee.department_id if to == DEPARTMENT else to
    if department is not None and await uow.departments.find(department) is not None:
        found = await _department(uow, department)
        if found:
            return found
    if to == HEAD:
        return await _heads(uow)
    people = await _role(uow, to) if to in Role.__members__.values() else []
    return people or await _heads(uow)


async def _department(uow: UnitOfWork, department_id: str) -> list[Target]:
    seen: set[str] = set()
    current: str | None = department_id
    while current is not None and current not in seen:
        seen.add(current)
        chat = await uow.department_chats.active_for(current)
        if chat is not None:
            return [Target(chat.tg_chat_id, chat.thread_id, department_id=current)]
        department = await uow.departments.find(current)
        current = department.fallback_id if department is not None else None
    return []


async def _heads(uow: UnitOfWork) -> list[Target]:
    return await _role(uow, Role.HEAD) or await _role(uow, Role.ADMIN)


async def _role(uow: UnitOfWork, role: str) -> list[Target]:
    people: Sequence[User] = await uow.users.with_roles([role])
    return [_person(u) for u in people if _reachable(u)]


def _reachable(user: User) -> bool:
    return user.is_active and user.tg_user_id is not None and user.is_reachable


def _person(user: User) -> Target:
    assert user.tg_user_id is not None
    return Target(user.tg_user_id, None, user_id=user.id)
