"""The manager's /my list and an order's card with its history."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.services.orders.my_orders import OrderCard, OrderLine, OrderRef
from bot.texts import Texts
from bot.views import asks as ask_views
from bot.views.callbacks import (
    ApprovalAction,
    MyOrderAction,
    MyOrderCb,
    OrderApprovalCb,
)
from bot.views.rendered import Rendered, button, cancel_row, keyboard
from bot.views.tasks import label, opt


def _status(texts: Texts, status: str) -> str:
    return label(texts, "my-order-status", status)


def order_list(texts: Texts, orders: Sequence[OrderLine]) -> Rendered:
    if not orders:
        return Rendered(texts("my-empty"))
    lines = [texts("my-title", count=len(orders))]
    rows = []
    for o in orders:
        lines.append(
            texts(
                "my-line", number=o.number, client=o.client or "—", status=_status(texts, o.status)
            )
        )
        lines += [
            "   "
            + texts(
                "my-task", department=t.department, status=label(texts, "task-status", t.status)
            )
            for t in o.tasks
        ]
        rows.append(
            [
                button(
                    texts("my-button-open", number=o.number, client=o.client or "—"),
                    MyOrderCb(a=MyOrderAction.OPEN, order=o.order_id).pack(),
                )
            ]
        )
    return Rendered("\n".join(lines), keyboard(rows))


def order_card(texts: Texts, card: OrderCard, zone: ZoneInfo) -> Rendered:
    order = card.order
    lines = [
        texts("my-order-card-title", number=order.number, client=card.client or "—"),
        texts("my-order-card-status", status=_status(texts, order.status)),
    ]
    if card.manager:
        lines.append(texts("my-order-card-manager", manager=card.manager))
    if order.deadline_on:
        lines.append(
            texts("my-order-card-deadline", deadline=order.deadline_on.strftime("%d.%m.%Y"))
        )
    lines.append(texts("my-order-card-positions"))
    for p in card.positions:
        variant = " · ".join(v for v in (p.colour, p.size, p.height) if v)
        lines.append(
            texts(
                "task-card-line",
                no=p.line_no,
                model=p.model,
                variant=opt(variant),
                qty=p.qty,
                unit=p.unit,
                work=opt(", ".join(label(texts, "work", w) for w in p.work or [])),
                short=0,
            )
        )
    if card.awaiting:
        lines.append(texts("my-order-card-awaiting"))
    elif card.tasks:
        lines.append(texts("my-order-card-tasks"))
        lines += [
            texts("my-task", department=t.department, status=label(texts, "task-status", t.status))
            for t in card.tasks
        ]
    else:
        lines.append(texts("my-order-card-no-tasks"))
    lines.append(texts("my-order-card-history"))
    lines.append(
        texts(
            "my-order-card-created", at=order.created_at.astimezone(zone).strftime("%d.%m %H:%M")
        )
    )
    for h in card.history:
        lines.append(
            texts(
                "my-order-card-history-line",
                at=h.at.astimezone(zone).strftime("%d.%m %H:%M"),
                department=opt(h.department),
                event=label(texts, "task-event", h.event),
                who=opt(h.who),
                note=opt(h.note),
            )
        )
    return Rendered("\n".join(lines), keyboard(_card_rows(texts, card)))


def _card_rows(texts: Texts, card: OrderCard) -> list[list[InlineKeyboardButton]]:
    order_id, number = card.order.id, card.order.number
    rows = []
    if card.awaiting:  # the same decisions as on the card the client's order came with
        if card.order.price_category:
            rows.append(
                [
                    button(
                        texts("order-approval-confirm"),
                        OrderApprovalCb(a=ApprovalAction.CONFIRM, order=order_id).pack(),
                    )
                ]
            )
        edit = OrderApprovalCb(a=ApprovalAction.EDIT, order=order_id).pack()
        rows.append([button(texts("order-approval-edit"), edit)])
    elif card.can_cancel:
        rows.append(
            [
                button(
                    texts("my-button-comment"),
                    MyOrderCb(a=MyOrderAction.COMMENT, order=order_id).pack(),
                ),
                button(
                    texts("my-button-attach"),
                    MyOrderCb(a=MyOrderAction.ATTACH, order=order_id).pack(),
                ),
            ]
        )
    if not card.awaiting:
        rows.append([ask_views.start_button(texts, order=order_id)])
    if card.changeable:
        rows.append(
            [
                button(
                    texts("my-button-change"),
                    MyOrderCb(a=MyOrderAction.CHANGE, order=order_id).pack(),
                )
            ]
        )
    if card.can_hand_over:
        rows.append(
            [
                button(
                    texts("my-button-hand-over"),
                    MyOrderCb(a=MyOrderAction.HAND_OVER, order=order_id).pack(),
                )
            ]
        )
    if card.can_cancel:
        rows.append(
            [
                button(
                    texts("my-button-cancel", number=number),
                    MyOrderCb(a=MyOrderAction.CANCEL, order=order_id).pack(),
                )
            ]
        )
    return rows


def pick_position(texts: Texts, card: OrderCard) -> Rendered:
    if not card.changeable:
        return Rendered(texts("my-order-nothing-to-change"), keyboard([_back(texts, card)]))
    rows = [
        [
            button(
                texts("my-button-position", no=p.line_no, model=p.model, qty=p.qty, unit=p.unit),
                MyOrderCb(a=MyOrderAction.POSITION, order=card.order.id, pos=p.id).pack(),
            )
        ]
        for p in card.changeable
    ]
    rows.append(_back(texts, card))
    return Rendered(texts("my-order-pick-position", number=card.order.number), keyboard(rows))


def _back(texts: Texts, card: OrderCard) -> list[InlineKeyboardButton]:
    return [
        button(
            texts("my-button-back"), MyOrderCb(a=MyOrderAction.OPEN, order=card.order.id).pack()
        )
    ]


def confirm_cancel(texts: Texts, order_id: int, found: OrderRef) -> Rendered:
    number = found.number
    rows = [
        [
            button(
                texts("my-button-cancel-yes", number=number),
                MyOrderCb(a=MyOrderAction.CANCEL_CONFIRMED, order=order_id).pack(),
            )
        ],
        [button(texts("my-button-back"), MyOrderCb(a=MyOrderAction.OPEN, order=order_id).pack())],
    ]
    key = "my-order-confirm-decline" if found.awaiting else "my-order-confirm-cancel"
    return Rendered(texts(key, number=number), keyboard(rows))


def ask_with_cancel(texts: Texts, text: str) -> Rendered:
    return Rendered(text, keyboard([cancel_row(texts)]))
