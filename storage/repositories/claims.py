"""Claims, their history, attachments and the per-year counter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.errors import NotFound
from storage.inserts import insert_new
from storage.models import Card, Claim, ClaimAttachment, ClaimCounter, ClaimEvent

QUESTION_CARD_PREFIX = "claimq:"


class ClaimRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_seq(self, year: int) -> int:
        """The next number of `year`: one row per year, incremented in the database, so two
        transactions never get one number (the second waits for the first's row lock)."""
        await insert_new(
            self.session, ClaimCounter, [{"year": year, "last": 0}], returning=ClaimCounter.year
        )
        stmt = (
            update(ClaimCounter)
            .where(ClaimCounter.year == year)
            .values(last=ClaimCounter.last + 1)
            .returning(ClaimCounter.last)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    def add(self, claim: Claim) -> None:
        self.session.add(claim)

    async def get(self, claim_id: int, *, for_update: bool = False) -> Claim:
        found = await self.find(claim_id, for_update=for_update)
        if found is None:
            raise NotFound("claim-not-found")
        return found

    async def find(self, claim_id: int, *, for_update: bool = False) -> Claim | None:
        query = select(Claim).where(Claim.id == claim_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def of_counterparty(self, counterparty_id: int, limit: int) -> Sequence[Claim]:
        query = (
            select(Claim)
            .where(Claim.counterparty_id == counterparty_id)
            .order_by(Claim.created_at.desc(), Claim.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(query)).all()

    async def open_claims(
        self, closed: Sequence[str], departments: Sequence[str] | None, limit: int
    ) -> Sequence[Claim]:
        query = select(Claim).where(Claim.status.not_in(list(closed)))
        if departments is not None:
            query = query.where(Claim.department_id.in_(list(departments)))
        return (await self.session.scalars(query.order_by(Claim.created_at).limit(limit))).all()

    def add_event(self, event: ClaimEvent) -> None:
        self.session.add(event)

    async def events(self, claim_id: int) -> Sequence[ClaimEvent]:
        query = (
            select(ClaimEvent)
            .where(ClaimEvent.claim_id == claim_id)
            .order_by(ClaimEvent.created_at, ClaimEvent.id)
        )
        return (await self.session.scalars(query)).all()

    def add_attachment(self, attachment: ClaimAttachment) -> None:
        self.session.add(attachment)

    async def attachments(self, claim_id: int) -> Sequence[ClaimAttachment]:
        query = (
            select(ClaimAttachment)
            .where(ClaimAttachment.claim_id == claim_id)
            .order_by(ClaimAttachment.set_no, ClaimAttachment.id)
        )
        return (await self.session.scalars(query)).all()

    async def last_set_no(self, claim_id: int) -> int:
        query = select(func.max(ClaimAttachment.set_no)).where(
            ClaimAttachment.claim_id == claim_id
        )
        return int(await self.session.scalar(query) or 0)

    async def by_question_message(self, chat_id: int, message_id: int) -> Claim | None:
        """The claim whose question to the client is message `message_id` in chat `chat_id`."""
        card_key = await self.session.scalar(
            select(Card.key).where(
                Card.tg_chat_id == chat_id,
                Card.tg_message_id == message_id,
                Card.key.startswith(QUESTION_CARD_PREFIX),
            )
        )
        if card_key is None:
            return None
        claim_id = card_key.removeprefix(QUESTION_CARD_PREFIX).split(":")[0]
        return await self.find(int(claim_id)) if claim_id.isdigit() else None

    async def touch(self, claim: Claim, at: datetime) -> None:
        claim.updated_at = at

    async def cards(self, claim_id: int, prefix: str) -> Sequence[Card]:
        query = select(Card).where(Card.key.startswith(prefix)).order_by(Card.key)
        return (await self.session.scalars(query)).all()
