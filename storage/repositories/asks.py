"""Managers' requests to departments (`dept_requests`), their history and files."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Card, DeptRequest, DeptRequestEvent, DeptRequestFile

ASK_CARD_PREFIX = "ask:"
OPEN_STATUSES = ("new", "taken", "clarifying", "answered", "refused")


class DeptRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, request: DeptRequest) -> None:
        self.session.add(request)

    async def get(self, request_id: int) -> DeptRequest:
        found = await self.find(request_id)
        if found is None:
            raise NotFound("ask-not-found", id=str(request_id))
        return found

    async def find(self, request_id: int) -> DeptRequest | None:
        return await self.session.get(DeptRequest, request_id)

    async def next_number(self) -> int:
        return int(await self.session.scalar(select(func.max(DeptRequest.number))) or 0) + 1

    def add_event(self, event: DeptRequestEvent) -> None:
        self.session.add(event)

    async def events(self, request_id: int) -> Sequence[DeptRequestEvent]:
        query = select(DeptRequestEvent).where(DeptRequestEvent.request_id == request_id)
        return (await self.session.scalars(query.order_by(DeptRequestEvent.id))).all()

    def add_file(self, file: DeptRequestFile) -> None:
        self.session.add(file)

    async def files(self, request_id: int) -> Sequence[DeptRequestFile]:
        query = select(DeptRequestFile).where(DeptRequestFile.request_id == request_id)
        return (await self.session.scalars(query.order_by(DeptRequestFile.id))).all()

    async def waiting_for_chat(self, department_id: str) -> Sequence[DeptRequest]:
        query = select(DeptRequest).where(
            DeptRequest.department_id == department_id,
            DeptRequest.is_posted.is_(False),
            DeptRequest.status.in_(("new", "taken", "clarifying")),
        )
        return (await self.session.scalars(query.order_by(DeptRequest.id))).all()

    async def open_of_manager(self, manager_id: int) -> Sequence[DeptRequest]:
        query = select(DeptRequest).where(
            DeptRequest.manager_id == manager_id, DeptRequest.status.in_(OPEN_STATUSES)
        )
        return (await self.session.scalars(query.order_by(DeptRequest.created_at))).all()

    async def open_of_departments(
        self, department_ids: Collection[str] | None
    ) -> Sequence[DeptRequest]:
        """Not yet answered, oldest first; None: of every department."""
        query = select(DeptRequest).where(DeptRequest.status.in_(("new", "taken", "clarifying")))
        if department_ids is not None:
            query = query.where(DeptRequest.department_id.in_(list(department_ids)))
        return (await self.session.scalars(query.order_by(DeptRequest.created_at))).all()

    async def of_card(self, tg_chat_id: int, tg_message_id: int) -> int | None:
        """The request whose card is this message, if it is one."""
        key = await self.session.scalar(
            select(Card.key).where(
                Card.tg_chat_id == tg_chat_id,
                Card.tg_message_id == tg_message_id,
                Card.key.startswith(ASK_CARD_PREFIX),
            )
        )
        if key is None:
            return None
        suffix = key.removeprefix(ASK_CARD_PREFIX)
        return int(suffix) if suffix.isdigit() else None
