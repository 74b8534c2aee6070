"""The order's end: delivered, shipped or handed over, it closes; the client's people are
told, and the manager gets a follow-up call for the next working day at 10:00."""

from __future__ import annotations

from datetime import datetime, time

import structlog

from bot.domain.tasks.flow import OrderStatus
from bot.services.tasks.telling import tell_clients
from reminders.calendar import WorkCalendar
from storage.models import Order, Reminder
from storage.uow import UnitOfWork

log = structlog.get_logger()

FOLLOW_UP_KIND = "follow_up_call"
FOLLOW_UP_AT = time(10, 0)  # company.yaml reminders.follow_up_after_delivery.at
FOLLOW_UP_WORKING_DAYS = 1  # ... offset_working_days


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
    if order.manager_id is not None:
        manager = await uow.users.find(order.manager_id)
        client = await uow.counterparties.find(order.counterparty_id)
        day = calendar.add_working_days(calendar.local_date(now), FOLLOW_UP_WORKING_DAYS)
        await uow.reminders.add_once(
            Reminder(
                kind=FOLLOW_UP_KIND,
                due_at=calendar.at_local(day, FOLLOW_UP_AT),
                recipient_user_id=order.manager_id,
                recipient_chat_id=manager.tg_user_id if manager else None,
                subject_type="order",
                subject_id=order.id,
                payload={
                    "order_id": order.id,
                    "number": order.number,
                    "counterparty_id": order.counterparty_id,
                    "client": client.name if client else "",
                },
                status="pending",
                dedupe_key=f"{FOLLOW_UP_KIND}:order:{order.id}",
                created_at=now,
                fired_at=None,
            )
        )
    log.info("order_closed", order_id=order.id, how=event)
