"""Departments and the chats bound to them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Department, DepartmentChat


class DepartmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, department: Department) -> None:
        self.session.add(department)

    async def get(self, department_id: str) -> Department:
        found = await self.find(department_id)
        if found is None:
            raise NotFound()
        return found

    async def find(self, department_id: str) -> Department | None:
        return await self.session.get(Department, department_id)

    async def all(self) -> Sequence[Department]:
        return (await self.session.scalars(select(Department).order_by(Department.id))).all()


class DepartmentChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, chat: DepartmentChat) -> None:
        self.session.add(chat)

    async def active(self) -> Sequence[DepartmentChat]:
        query = select(DepartmentChat).where(DepartmentChat.is_active.is_(True))
        return (await self.session.scalars(query.order_by(DepartmentChat.department_id))).all()

    async def active_for(self, department_id: str) -> DepartmentChat | None:
        query = select(DepartmentChat).where(
            DepartmentChat.department_id == department_id, DepartmentChat.is_active.is_(True)
        )
        return await self.session.scalar(query.order_by(DepartmentChat.id.desc()).limit(1))

    async def active_at(self, tg_chat_id: int, thread_id: int | None) -> DepartmentChat | None:
        query = select(DepartmentChat).where(
            DepartmentChat.tg_chat_id == tg_chat_id,
            DepartmentChat.thread_id.is_(None)
            if thread_id is None
            else DepartmentChat.thread_id == thread_id,
            DepartmentChat.is_active.is_(True),
        )
        return await self.session.scalar(query.limit(1))

    async def in_chat(self, tg_chat_id: int) -> Sequence[DepartmentChat]:
        query = select(DepartmentChat).where(
            DepartmentChat.tg_chat_id == tg_chat_id, DepartmentChat.is_active.is_(True)
        )
        return (await self.session.scalars(query)).all()

    async def retarget(self, old_chat_id: int, new_chat_id: int) -> int:
        result = await self.session.execute(
            update(DepartmentChat)
            .where(DepartmentChat.tg_chat_id == old_chat_id)
            .values(tg_chat_id=new_chat_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
