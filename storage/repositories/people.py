"""Users and invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Invite, User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, user: User) -> None:
        self.session.add(user)

    async def get(self, user_id: int) -> User:
        found = await self.find(user_id)
        if found is None:
            raise NotFound()
        return found

    async def find(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def by_tg_id(self, tg_user_id: int) -> User | None:
        return await self.session.scalar(_BY_TG_ID, {"tg": tg_user_id})

    async def staff(self) -> Sequence[User]:
        query = select(User).where(User.role != "client").order_by(User.is_active.desc(), User.id)
        return (await self.session.scalars(query)).all()

    async def with_roles(self, roles: Sequence[str]) -> Sequence[User]:
        query = select(User).where(User.role.in_(roles), User.is_active.is_(True))
        return (await self.session.scalars(query.order_by(User.id))).all()


_BY_TG_ID = select(User).where(User.tg_user_id == bindparam("tg"))  # every update looks it up


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, invite: Invite) -> None:
        self.session.add(invite)

    async def by_code(self, code: str, *, for_update: bool = False) -> Invite | None:
        query = select(Invite).where(Invite.code == code)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def revoke_open_of(self, inviter_id: int, *, at: datetime) -> int:
        """End the unused, unexpired invitations `inviter_id` made; how many."""
        result = await self.session.execute(
            update(Invite)
            .where(
                Invite.created_by_id == inviter_id,
                Invite.used_by_id.is_(None),
                Invite.expires_at > at,
            )
            .values(expires_at=at)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def claim(self, invite_id: int, *, user_id: int, at: datetime) -> bool:
        """Mark the invitation used unless somebody used it first."""
        result = await self.session.execute(
            update(Invite)
            .where(Invite.id == invite_id, Invite.used_by_id.is_(None))
            .values(used_by_id=user_id, used_at=at)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]
