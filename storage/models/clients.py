"""Counterparties, their contacts and phones, and the interaction log (the clients feature).

A client in Telegram is a `User` with role "client" linked through `ContactPerson.user_id` to
the counterparty they buy for. Every table pointing at a counterparty names its column
`counterparty_id` with a foreign key: merging two cards moves the rows of all such tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

__all__ = [
    "ClientRequest",
    "ContactPerson",
    "Counterparty",
    "CounterpartyEmail",
    "CounterpartyPhone",
    "Interaction",
    "RegistrationRequest",
]


class Counterparty(Base):
    """A legal or natural person we trade with (контрагент)."""

    __tablename__ = "counterparties"
    __table_args__ = (Index("ix_counterparties_search_name", "search_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    search_name: Mapped[str] = mapped_column(String(300))  # lower case, ё → е: for /find
    inn: Mapped[str | None] = mapped_column(String(12), unique=True)
    kpp: Mapped[str | None] = mapped_column(String(9))
    category: Mapped[str] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(300))
    deferral_days: Mapped[int] = mapped_column(Integer, default=0)
    docs_per_month: Mapped[int] = mapped_column(Integer, default=0)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CounterpartyPhone(Base):
    __tablename__ = "counterparty_phones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    e164: Mapped[str] = mapped_column(String(16), index=True)
    extension: Mapped[str | None] = mapped_column(String(16))


class CounterpartyEmail(Base):
    __tablename__ = "counterparty_emails"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(String(254), index=True)


class ContactPerson(Base):
    """Somebody at the counterparty; `user_id` is their Telegram account once they register."""

    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(120))
    phone_e164: Mapped[str | None] = mapped_column(String(16), index=True)
    phone_extension: Mapped[str | None] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime]


class Interaction(Base):
    """One contact with a client (seed 002, form 2.2): the client's timeline."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_timeline", "counterparty_id", "occurred_at"),
        Index("ix_interactions_control", "control_on", "control_closed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE")
    )
    contact_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_persons.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    form: Mapped[str] = mapped_column(String(24))
    outcome: Mapped[str | None] = mapped_column(String(24))
    topic: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    control_on: Mapped[date | None] = mapped_column(Date)  # company-local date
    control_closed_at: Mapped[datetime | None]
    order_id: Mapped[int | None] = mapped_column(Integer)  # no FK: orders come later
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="SET NULL"), index=True
    )
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime]


class ClientRequest(Base):
    """Something a registered client wrote to the bot (обращение), relayed to a manager."""

    __tablename__ = "client_requests"
    __table_args__ = (Index("ix_client_requests_open", "assignee_id", "first_answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    client_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    contact_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact_persons.id", ondelete="SET NULL")
    )
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(16))  # text | photo | document
    text: Mapped[str | None] = mapped_column(Text)
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(255))
    tg_message_id: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime]
    first_answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RegistrationRequest(Base):
    """A stranger shared their phone and it matched no counterparty: the head decides."""

    __tablename__ = "registration_requests"
    __table_args__ = (Index("ix_registration_requests_tg", "tg_user_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tg_user_id: Mapped[int | None] = mapped_column(BigInteger)
    full_name: Mapped[str] = mapped_column(String(200))
    username: Mapped[str | None] = mapped_column(String(64))
    phone_e164: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # pending | linked | declined
    counterparty_id: Mapped[int | None] = mapped_column(
        ForeignKey("counterparties.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
