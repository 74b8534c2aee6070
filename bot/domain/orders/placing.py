"""Whether a confirmed draft may become an order now (pure): complete and right against the
catalog as it is now, and not the same text placed a moment ago (unless the person saw the
warning and confirmed again)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.catalog import Catalog
from bot.domain.errors import InvalidInput
from bot.domain.orders.draft import Draft, next_ask
from bot.domain.orders.rules import complete_order, validate_position

# the same text placed again within this time is a suspected duplicate
DUPLICATE_WINDOW = timedelta(minutes=1)


def text_hash(text: str) -> str:
    """The same order text sent again (case and spacing aside) has the same hash; a blank
    text has none ("")."""
    normal = " ".join(text.casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest() if normal else ""


@dataclass(frozen=True, slots=True)
class Placement:
    draft: Draft  # re-completed against the catalog
    text_hash: str  # what an order with the same text is found by
    repeats: int | None = None  # number of the same order placed a moment ago, not yet warned of


def placement(
    draft: Draft, catalog: Catalog, now: datetime, zone: str, same_text: int | None
) -> Placement:
    """Raises InvalidInput when the draft cannot be placed (`zone`: the company's time zone,
    for the deadline); `same_text`: the number of an order with the same text placed a
    moment ago (None: there is none)."""
    hashed = text_hash(draft.text)
    order = complete_order(draft.order, catalog)
    blocking = [
        i + 1
        for i, p in enumerate(order.positions)
        if any(e.key != "error-order-logo-impossible" for e in validate_position(i, p, catalog))
    ]
    draft = replace(draft, order=order)
    if next_ask(draft) is not None:
        raise InvalidInput("order-incomplete")
    if blocking:
        raise InvalidInput("order-position-invalid", position=blocking[0])
    deadline = draft.order.deadline
    if deadline is not None and deadline < now.astimezone(ZoneInfo(zone)).date():
        raise InvalidInput("order-deadline-past-now", deadline=deadline.strftime("%d.%m.%Y"))
    if same_text is not None and same_text != draft.duplicate:
        return Placement(replace(draft, duplicate=same_text), hashed, same_text)
    return Placement(draft, hashed)
