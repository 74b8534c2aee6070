"""Views the sender renders outbox rows with, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.texts import Texts
from bot.views import (
    asks,
    claims,
    client_portal,
    clients,
    departments,
    invoices,
    order_notices,
    people,
    reminders,
    reply,
    rhythm,
    tasks,
)
from bot.views.rendered import Rendered

View = Callable[[Texts, dict[str, Any]], Rendered]

VIEWS: dict[str, View] = {
    "reply": reply.reply,  # a handler's answer, rendered when it was written
    "inviter_told_registered": people.inviter_told_registered,
    "user_role_changed": people.user_role_changed,
    "user_deactivated": people.user_deactivated,
    "admin_binding_lost": departments.admin_binding_lost,
    "admin_chat_unreachable": departments.admin_chat_unreachable,
    "admin_user_unreachable": departments.admin_user_unreachable,
    # clients feature views (below this line)
    "client_merged": clients.client_merged,
    "registration_request": client_portal.registration_request,
    "client_registration_linked": client_portal.client_registration_linked,
    "client_registration_declined": client_portal.client_registration_declined,
    "manager_client_registered": client_portal.manager_client_registered,
    "manager_client_forgot": client_portal.manager_client_forgot,
    "manager_client_unreachable": client_portal.manager_client_unreachable,
    "client_request_relay": client_portal.client_request_relay,
    "client_request_answer": client_portal.client_request_answer,
    # orders feature views (below this line)
    "order_placed": order_notices.order_placed,
    "order_submitted": order_notices.order_submitted,
    "order_for_approval": order_notices.order_for_approval,
    "order_approval_decided": order_notices.order_approval_decided,
    "order_client_confirmed": order_notices.order_client_confirmed,
    "order_client_rejected": order_notices.order_client_rejected,
    "task_card": tasks.task_card,
    "task_photo": tasks.task_photo,
    "task_attachment": tasks.task_attachment,
    "task_no_chat": tasks.task_no_chat,
    "order_topic_name": tasks.order_topic_name,
    "task_comment": tasks.task_comment,
    "task_changed": tasks.task_changed,
    "task_cancelled": tasks.task_cancelled,
    "task_restocked": tasks.task_restocked,
    "task_shortage_added": tasks.task_shortage_added,
    "order_news": tasks.order_news,
    "client_order_ready": tasks.client_order_ready,
    "client_order_delivered": tasks.client_order_delivered,
    # reminders: the engine's frame (it renders the kind's view inside) and the kinds' views
    "reminder": lambda texts, params: reminders.reminder(texts, params, render),
    "reminder_follow_up": reminders.reminder_follow_up,
    # the clock's messages about work and the daily rhythm (below this line)
    "reminder_task_ack": rhythm.reminder_task_ack,
    "reminder_supply_expected": rhythm.reminder_supply_expected,
    "reminder_order_deadline": rhythm.reminder_order_deadline,
    "reminder_client_request": rhythm.reminder_client_request,
    "daily_morning_plan": rhythm.daily_morning_plan,
    "daily_warehouse": rhythm.daily_warehouse,
    "daily_eod_prompt": rhythm.daily_eod_prompt,
    "daily_eod_report": rhythm.daily_eod_report,
    "daily_eod_answer": rhythm.daily_eod_answer,
    # invoices feature views (below this line)
    "reminder_receivables": invoices.reminder_receivables,
    "reminder_reconciliation_acts": invoices.reminder_reconciliation_acts,
    "guarantee_letter_file": invoices.guarantee_letter_file,
    # claims feature views
    **claims.VIEWS,
    "reminder_ask": asks.reminder_ask,
    # managers' requests to departments
    "ask_card": asks.ask_card,
    "ask_file": asks.ask_file,
    "ask_posted": asks.ask_posted,
    "ask_taken": asks.ask_taken,
    "ask_answer": asks.ask_answer,
    "ask_clarify": asks.ask_clarify,
    "ask_manager_says": asks.ask_manager_says,
}


def render(texts: Texts, view: str, params: dict[str, Any]) -> Rendered:
    try:
        return VIEWS[view](texts, params)
    except KeyError as exc:
        raise LookupError(f"no view {view!r} or a missing parameter: {exc}") from exc
