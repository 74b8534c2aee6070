"""Views of counterparty cards: search results and the card (its editing: card_edits.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.services.counterparties.directory import CounterpartyCard
from bot.services.counterparties.open_orders import OrderSummary
from bot.texts import Texts
from bot.views import asks as ask_views
from bot.views.callbacks import ClientAction, ClientCb, MyOrderCb
from bot.views.rendered import Rendered, keyboard
from bot.views.tasks import label
from storage.models import Counterparty, Interaction

BUTTON_TEXT = 48


def opt(value: object) -> str:
    """A Fluent selector value: "none" for nothing."""
    text = "" if value is None else str(value).strip()
    return text or "none"


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def category_name(texts: Texts, category: str) -> str:
    key = f"client-category-{category}"
    return texts(key) if texts.has(key) else category


def short(text: str, limit: int = BUTTON_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def found_list(texts: Texts, query: str, found: Sequence[Counterparty], limit: int) -> Rendered:
    if not found:
        return Rendered(texts("find-nothing", query=query[:60]))
    lines = [texts("find-title", count=len(found))]
    if len(found) >= limit:
        lines.append(texts("find-more", count=len(found)))
    rows = [
        [
            InlineKeyboardButton(
                text=short(label_of(cp)),
                callback_data=ClientCb(action=ClientAction.OPEN, cp=cp.id).pack(),
            )
        ]
        for cp in found
    ]
    return Rendered("\n".join(lines), keyboard(rows))


def label_of(cp: Counterparty) -> str:
    extra = ", ".join(filter(None, [cp.city, cp.inn]))
    return f"{cp.name} ({extra})" if extra else cp.name


def card(texts: Texts, view: CounterpartyCard, zone: ZoneInfo, today: date) -> Rendered:
    cp = view.counterparty
    lines = [texts("card-title", name=cp.name)]
    lines.append(
        texts("card-inn", inn=cp.inn, kpp=opt(cp.kpp)) if cp.inn else texts("card-no-inn")
    )
    lines.append(
        texts("card-category", category=category_name(texts, cp.category), city=opt(cp.city))
    )
    days = str(cp.deferral_days)
    lines.append(
        texts("card-manager", manager=view.manager, days=days)
        if view.manager
        else texts("card-no-manager", days=days)
    )
    if view.phones:
        phones = ", ".join(
            texts("card-phone-ext", phone=p.e164, ext=p.extension) if p.extension else p.e164
            for p in view.phones
        )
        lines.append(texts("card-phones", phones=phones))
    if view.emails:
        lines.append(texts("card-emails", emails=", ".join(e.address for e in view.emails)))
    if view.people:
        lines.append(texts("card-people"))
        lines += [
            texts(
                "card-person",
                name=p.full_name,
                position=opt(p.position),
                phone=opt(p.phone_e164),
                client="yes" if p.user_id else "no",
            )
            for p in view.people
        ]
    if cp.address:
        lines.append(texts("card-address", address=cp.address))
    if cp.notes:
        lines.append(texts("card-notes", notes=cp.notes))
    if view.open_orders:
        total = len(view.open_orders) + view.older_open_orders
        lines.append(texts("card-orders", count=total))
        if view.older_open_orders:
            shown, older = len(view.open_orders), view.older_open_orders
            lines.append(texts("card-orders-older", shown=shown, count=older))
        lines += [_order_line(texts, o) for o in view.open_orders]
    lines.append(_next_step(texts, view.next_step, today))
    lines.append(texts("card-timeline") if view.timeline else texts("card-timeline-empty"))
    lines += [timeline_entry(texts, e.interaction, e.author, zone) for e in view.timeline]
    if call_contacts(texts, view):
        lines.append(texts("card-call-hint"))
    return Rendered("\n".join(lines), keyboard(_card_buttons(texts, view)))


@dataclass(frozen=True, slots=True)
class CallContact:
    """One number sent as a Telegram contact: tapping it offers to call."""

    phone: str
    first_name: str
    last_name: str | None = None


MAX_CALL_CONTACTS = 5
CONTACT_NAME = 64


def call_contacts(texts: Texts, view: CounterpartyCard) -> list[CallContact]:
    """The card's numbers, then its people's, each once, at most `MAX_CALL_CONTACTS`."""
    found: list[CallContact] = []
    seen: set[str] = set()
    name = short(view.counterparty.name, CONTACT_NAME)
    for p in view.phones:
        ext = texts("card-call-ext", ext=p.extension) if p.extension else None
        found.append(CallContact(p.e164, name, ext))
        seen.add(p.e164)
    for person in view.people:
        if person.phone_e164 and person.phone_e164 not in seen:
            seen.add(person.phone_e164)
            found.append(
                CallContact(person.phone_e164, short(person.full_name, CONTACT_NAME), name)
            )
    return found[:MAX_CALL_CONTACTS]


def _order_line(texts: Texts, order: OrderSummary) -> str:
    return texts(
        "card-order",
        number=str(order.number),
        positions=order.positions,
        deadline=day(order.deadline_on) if order.deadline_on else "none",
        status=label(texts, "my-order-status", order.status),
    )


def _next_step(texts: Texts, step: Interaction | None, today: date) -> str:
    if step is None or step.control_on is None:
        return texts("card-next-none")
    return texts(
        "card-next",
        step=step.next_step or step.topic or "—",
        date=day(step.control_on),
        overdue="yes" if step.control_on < today else "no",
    )


def timeline_entry(texts: Texts, i: Interaction, author: str | None, zone: ZoneInfo) -> str:
    form_key = f"form-{i.form}"
    return texts(
        "card-entry",
        when=i.occurred_at.astimezone(zone).strftime("%d.%m %H:%M"),
        form=texts(form_key) if texts.has(form_key) else i.form,
        author=opt(author),
        outcome=opt(texts(f"outcome-{i.outcome}") if i.outcome else None),
        topic=opt(short(i.topic or "", 200)),
        result=opt(i.result),
        next=opt(i.next_step),
    )


def _card_buttons(texts: Texts, view: CounterpartyCard) -> list[list[InlineKeyboardButton]]:
    cp_id = view.counterparty.id
    rows = [
        [
            InlineKeyboardButton(
                text=short(texts("card-button-order", number=str(o.number))),
                callback_data=MyOrderCb(a="open", order=o.order_id).pack(),
            )
        ]
        for o in view.open_orders
        if o.can_open
    ]
    first = []
    if view.can_log:
        first.append(
            InlineKeyboardButton(
                text=texts("button-log-contact"),
                callback_data=ClientCb(action=ClientAction.LOG, cp=cp_id).pack(),
            )
        )
    if view.can_order:
        first.append(
            InlineKeyboardButton(
                text=texts("button-new-order"),
                callback_data=ClientCb(action=ClientAction.ORDER, cp=cp_id).pack(),
            )
        )
    if view.can_order:
        first.append(ask_views.start_button(texts, cp=cp_id))
    if first:
        rows.append(first)
    second = []
    if call_contacts(texts, view):
        second.append(
            InlineKeyboardButton(
                text=texts("button-call"),
                callback_data=ClientCb(action=ClientAction.CALL, cp=cp_id).pack(),
            )
        )
    if view.can_edit:
        second.append(
            InlineKeyboardButton(
                text=texts("button-edit"),
                callback_data=ClientCb(action=ClientAction.EDIT, cp=cp_id).pack(),
            )
        )
    if view.can_merge:
        second.append(
            InlineKeyboardButton(
                text=texts("button-merge"),
                callback_data=ClientCb(action=ClientAction.MERGE, cp=cp_id).pack(),
            )
        )
    if second:
        rows.append(second)
    return rows


def open_button(texts: Texts, cp_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            text=texts("button-open-card"),
            callback_data=ClientCb(action=ClientAction.OPEN, cp=cp_id).pack(),
        )
    ]


# --- outbox views -------------------------------------------------------------------------


def client_merged(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("client-merged", by=params["by"], dropped=params["dropped"], kept=params["kept"]),
        keyboard([open_button(texts, int(params["kept_id"]))]),
    )
