"""Recording privileged actions: who, what, when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.roles import Actor
from storage.models import AuditEntry
from storage.uow import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor | None,
    action: str,
    subject: str,
    *,
    at: datetime,
    **details: Any,
) -> None:
    uow.audit.add(
        AuditEntry(
            at=at,
            actor_id=actor.user_id if actor else None,
            action=action,
            subject=subject,
            details=details,
        )
    )
