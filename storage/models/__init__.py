"""SQLAlchemy models, one module per feature. Tables are plural snake_case; `*_at` are UTC."""

from storage.models.asks import *  # noqa: F403
from storage.models.base import NAMING_CONVENTION, Base
from storage.models.claims import *  # noqa: F403
from storage.models.clients import *  # noqa: F403
from storage.models.core import (
    AuditEntry,
    Card,
    Department,
    DepartmentChat,
    FsmRecord,
    InboxUpdate,
    Invite,
    OutboxMessage,
    User,
)
from storage.models.orders import *  # noqa: F403
from storage.models.reminders import *  # noqa: F403

__all__ = [
    "NAMING_CONVENTION",
    "AuditEntry",
    "Base",
    "Card",
    "Department",
    "DepartmentChat",
    "FsmRecord",
    "InboxUpdate",
    "Invite",
    "OutboxMessage",
    "User",
]
