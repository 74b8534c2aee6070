"""The interaction log: a client's timeline and control dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Interaction


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
