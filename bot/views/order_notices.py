"""Outbox views of the orders intake: the order placed, a client's order at the manager."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import InlineKeyboardButton

from bot.texts import Texts
from bot.views.callbacks import ApprovalAction, OrderApprovalCb
from bot.views.orders import delivery_text, payment_text, position_line
from bot.views.rendered import Rendered, keyboard


def order_lines(texts: Texts, params: dict[str, Any]) -> str:
    lines = [texts("order-preview-price", price=params["price"])] if params.get("price") else []
    lines += [position_line(texts, i + 1, p) for i, p in enumerate(params["positions"])]
    delivery = delivery_text(
        texts, params.get("delivery") or None, params.get("carrier"), params.get("address")
    )
    lines.append(texts("order-preview-delivery", delivery=delivery))
    if params.get("deadline"):
        deadline = date.fromisoformat(params["deadline"]).strftime("%d.%m.%Y")
        lines.append(texts("order-preview-deadline", deadline=deadline))
    if params.get("urgent"):
        lines.append(texts("order-preview-urgent"))
    if params.get("payment"):
        lines.append(
            texts("order-preview-payment", payment=payment_text(texts, params["payment"]))
        )
    return "\n".join(lines)


def order_placed(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "order-placed",
            number=params["number"],
            client=params["client"],
            lines=order_lines(texts, params),
        )
    )


def order_submitted(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("order-submitted", number=params["number"], manager=params["manager"] or "none")
    )


def order_for_approval(texts: Texts, params: dict[str, Any]) -> Rendered:
    order_id = int(params["order_id"])
    text = texts(
        "order-for-approval",
        number=params["number"],
        client=params["client"],
        lines=order_lines(texts, params),
        **{"from": params.get("from", "")},
    )
    buttons = []
    if params.get("price"):
        buttons.append(
            _approval(texts("order-approval-confirm"), ApprovalAction.CONFIRM, order_id)
        )
    else:
        text += "\n" + texts("order-for-approval-no-price")
    buttons.append(_approval(texts("order-approval-edit"), ApprovalAction.EDIT, order_id))
    buttons.append(_approval(texts("order-approval-reject"), ApprovalAction.DECLINE, order_id))
    return Rendered(text, keyboard([buttons]))


def _approval(label: str, action: ApprovalAction, order_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=label, callback_data=OrderApprovalCb(a=action, order=order_id).pack()
    )


def order_approval_decided(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "order-approval-decided",
            number=params["number"],
            client=params["client"],
            status=params["status"],
            who=params["decided_by"],
            lines=order_lines(texts, params),
        )
    )


def order_client_confirmed(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("order-client-confirmed", number=params["number"]))


def order_client_rejected(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("order-client-rejected", number=params["number"]))
