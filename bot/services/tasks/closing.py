"""The order's end: delivered, shipped or handed over, it closes; the client's people are
told, and the manager's follow-up call is planned (policy `follow_up_after_delivery.call`)."""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.domain.tasks.flow import OrderStatus
from bot.services.reminders import follow_up
from bot.services.tasks.telling import tell_clients
from reminders.calendar import WorkCalendar
from storage.models import Order
from storage.uow import UnitOfWork

log = structlog.get_logger()


async def close_order(
    uow: UnitOfWork,
    order: Order,
    now: datetime,
    calendar: WorkCalendar,
    *,
    event: str,
    tracking: str = "",
) -> None:
    """Does not commit. `event`: how it ended (deliver, ship, handed_over)."""
    order.status, order.closed_at, order.updated_at = OrderStatus.CLOSED, now, now
    await tell_clients(
        uow,
        order,
        "client_order_delivered",
        {"event": event, "carrier": order.carrier or "", "tracking": tracking},
        now,
    )
    await follow_up.plan_follow_up(uow, order, calendar, now)
    log.info("order_closed", order_id=order.id, how=event)
