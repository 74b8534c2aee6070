"""Registration requests of people who shared a phone the directory does not know."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import RegistrationRequest


class RegistrationRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, request: RegistrationRequest) -> None:
        self.session.add(request)

    async def get(self, request_id: int, *, for_update: bool = False) -> RegistrationRequest:
        found = await self.find(request_id, for_update=for_update)
        if found is None:
            raise NotFound("registration-not-found")
        return found

    async def find(
        self, request_id: int, *, for_update: bool = False
    ) -> RegistrationRequest | None:
        query = select(RegistrationRequest).where(RegistrationRequest.id == request_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def pending_of(self, tg_user_id: int) -> RegistrationRequest | None:
        query = select(RegistrationRequest).where(
            RegistrationRequest.tg_user_id == tg_user_id, RegistrationRequest.status == "pending"
        )
        return await self.session.scalar(query.order_by(RegistrationRequest.id.desc()).limit(1))

    async def of_tg_user(self, tg_user_id: int) -> Sequence[RegistrationRequest]:
        query = select(RegistrationRequest).where(RegistrationRequest.tg_user_id == tg_user_id)
        return (await self.session.scalars(query)).all()
