"""Finding the client an invoice names: its code (CP-044), its exact name, or /find rules."""

from __future__ import annotations

from bot.domain.counterparties.fields import search_name
from storage.models import Counterparty
from storage.uow import UnitOfWork

_CANDIDATES = 20


async def find_client(uow: UnitOfWork, code: str | None, name: str | None) -> Counterparty | None:
    if code:
        found = await uow.counterparties.by_external_id(code.strip())
        if found is not None:
            return found
        if code.strip().isdigit():
            found = await uow.counterparties.find(int(code.strip()))
            if found is not None:
                return found
    if name:
        wanted = search_name(name)
        candidates = await uow.counterparties.search_by_name(wanted, _CANDIDATES)
        exact = [c for c in candidates if c.search_name == wanted]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
    return None
