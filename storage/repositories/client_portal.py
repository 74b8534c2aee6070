"""The interaction log, client requests and registration requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Card, ClientRequest, Interaction, RegistrationRequest

REQUEST_CARD_PREFIX = "request:"


class InteractionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, interaction: Interaction) -> None:
        self.session.add(interaction)

    async def timeline(self, counterparty_id: int, limit: int) -> Sequence[Interaction]:
        query = (
            select(Interaction)
            .where(Interaction.counterparty_id == counterparty_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def open_control(self, counterparty_id: int) -> Interaction | None:
        """The planned next step of a counterparty: the newest open control date."""
        query = (
            select(Interaction)
            .where(
                Interaction.counterparty_id == counterparty_id,
                Interaction.control_on.is_not(None),
                Interaction.control_closed_at.is_(None),
            )
            .order_by(Interaction.id.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    async def close_controls(self, counterparty_id: int, *, at: datetime) -> None:
        """A new contact took place: earlier planned next steps are done."""
        await self.session.execute(
            update(Interaction)
            .where(
                Interaction.counterparty_id == counterparty_id,
                Interaction.control_on.is_not(None),
                Interaction.control_closed_at.is_(None),
            )
            .values(control_closed_at=at)
        )

    async def due_controls(self, on: date, author_id: int | None) -> Sequence[Interaction]:
        """Open control dates on or before `on`, of one author or (None) of everybody."""
        query = select(Interaction).where(
            Interaction.control_on.is_not(None),
            Interaction.control_on <= on,
            Interaction.control_closed_at.is_(None),
        )
        if author_id is not None:
            query = query.where(Interaction.author_id == author_id)
        query = query.order_by(Interaction.control_on, Interaction.id)
        return (await self.session.scalars(query)).all()


class ClientRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, request: ClientRequest) -> None:
        self.session.add(request)

    async def get(self, request_id: int, *, for_update: bool = False) -> ClientRequest | None:
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
        return await self.get(int(request_id)) if request_id.isdigit() else None


class RegistrationRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, request: RegistrationRequest) -> None:
        self.session.add(request)

    async def get(
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
