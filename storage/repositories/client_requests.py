"""Client requests (обращения) and the copies relayed to staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.models import Card, ClientRequest

REQUEST_CARD_PREFIX = "request:"


class ClientRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, request: ClientRequest) -> None:
        self.session.add(request)

    async def get(self, request_id: int, *, for_update: bool = False) -> ClientRequest:
        found = await self.find(request_id, for_update=for_update)
        if found is None:
            raise NotFound("request-not-found")
        return found

    async def find(self, request_id: int, *, for_update: bool = False) -> ClientRequest | None:
        query = select(ClientRequest).where(ClientRequest.id == request_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def by_relayed_message(self, chat_id: int, message_id: int) -> ClientRequest | None:
        """The request whose relayed card is message `message_id` in chat `chat_id`."""
        card_key = await self.session.scalar(
            select(Card.key).where(
                Card.tg_chat_id == chat_id,
                Card.tg_message_id == message_id,
                Card.key.startswith(REQUEST_CARD_PREFIX),
            )
        )
        if card_key is None:
            return None
        request_id = card_key.removeprefix(REQUEST_CARD_PREFIX).split(":")[0]  # "7" or "7:1"
        return (
            await self.find(int(request_id))
            if request_id.isascii() and request_id.isdigit()
            else None
        )
