"""The order dialogue: questions with their buttons, the preview, the edit menus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from aiogram.types import InlineKeyboardButton

from bot.domain.catalog import CatalogItem
from bot.domain.company import CompanyConfig
from bot.domain.orders.dialogue import Choice
from bot.domain.orders.draft import Draft, Field, Problem, next_ask, unknown_models
from bot.domain.orders.parsed import Delivery, ParsedPosition, Payment
from bot.domain.orders.rules import MAX_QTY
from bot.domain.orders.steps import Step
from bot.texts import Texts
from bot.views.callbacks import OrderCb, OrderScreen
from bot.views.rendered import Rendered, keyboard

BUTTON_TEXT = 40
PAYMENT_PRESETS = ("pre100", "pre50", "fact", "d7", "d14", "d30", "none")
DELIVERY_KINDS = ("pickup", "own_driver", "none")


def short(text: str, limit: int = BUTTON_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _button(
    texts: Texts,
    label: str,
    draft: Draft,
    action: Choice | OrderScreen,
    p: int = -1,
    v: str = "",
) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=short(label), callback_data=OrderCb(a=action, d=draft.id, p=p, v=v).pack()
    )


def _rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def _footer(texts: Texts, draft: Draft) -> list[InlineKeyboardButton]:
    return [
        _button(texts, texts("order-button-preview"), draft, Choice.PREVIEW),
        _button(texts, texts("button-cancel"), draft, OrderScreen.CANCEL),
    ]


# --- problems and values ------------------------------------------------------------------


def problem_text(texts: Texts, problem: Problem) -> str:
    params: dict[str, Any] = {}
    for key, value in problem.params.items():
        if isinstance(value, list | tuple):
            params[key] = ", ".join(str(v) for v in value) or "none"
        elif key == "position" and isinstance(value, int):
            params[key] = value + 1
        elif key == "deadline" and isinstance(value, str):
            params[key] = _day(date.fromisoformat(value))
        else:
            params[key] = value
    if problem.key == "error-order-qty":
        params.setdefault("limit", MAX_QTY)
    return texts(problem.key, **params) if texts.has(problem.key) else texts("error-generic")


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def item_label(p: ParsedPosition) -> str:
    return ", ".join(v for v in (p.model, p.colour, p.size, p.height) if v)


def position_line(texts: Texts, n: int, p: dict[str, Any]) -> str:
    details = [p.get("colour"), p.get("size")]
    height = p.get("height")
    details.append(texts("order-height-value", height=height) if height else None)
    shown = "".join(f" · {d}" for d in details if d)
    qty = p.get("qty")
    return texts(
        "order-position-line",
        n=n,
        model=p["model"],
        sku=p.get("sku") or "none",
        details=shown,
        qty=str(qty) if qty is not None else texts("order-unset"),
        unit=p.get("unit") or "",
        work=", ".join(texts(f"order-work-{w}") for w in p.get("work", ())) or "none",
    )


def delivery_text(texts: Texts, kind: str | None, carrier: str | None, address: str | None) -> str:
    parts = [texts(f"order-delivery-{kind or 'none'}")]
    parts += [v for v in (carrier, address) if v]
    return ", ".join(parts)


def payment_text(texts: Texts, payment: dict[str, Any] | None) -> str:
    if not payment:
        return texts("order-payment-none")
    return texts(
        f"order-payment-{payment['kind']}",
        days=payment.get("days") or 0,
        percent=payment.get("percent") or 100,
    )


def _delivery_of(d: Delivery | None) -> tuple[str | None, str | None, str | None]:
    if d is None:
        return None, None, None
    address = ", ".join(v for v in (d.city, d.address) if v) or None
    return d.kind.value, d.carrier, address


def _payment_of(p: Payment | None) -> dict[str, Any] | None:
    return p.to_dict() if p else None


# --- the preview --------------------------------------------------------------------------


def preview(texts: Texts, step: Step, company: CompanyConfig) -> Rendered:
    draft = step.draft
    order = draft.order
    title = "order-preview-title-client" if draft.for_client else "order-preview-title"
    lines = [texts(title), _client_line(texts, draft)]
    labels = {c.id: c.label for c in company.price_categories}
    if not draft.for_client or order.price_category:
        price = labels.get(order.price_category or "", texts("order-unset"))
        lines.append(texts("order-preview-price", price=price))
    lines.append(
        texts("order-preview-positions" if order.positions else "order-preview-no-positions")
    )
    unknown = dict(unknown_models(draft))
    for i, p in enumerate(order.positions):
        lines.append(position_line(texts, i + 1, p.to_dict()))
        found = unknown.get(i)
        if found is not None:
            names = ", ".join(s.model for s in found.suggestions) or "none"
            lines.append(
                "   ⚠️ " + texts("error-order-unknown-model", text=found.text, suggestions=names)
            )
        logo = draft.problem(f"positions[{i}].logo")
        if logo is not None:
            lines.append("   ⚠️ " + problem_text(texts, logo))
    kind, carrier, address = _delivery_of(order.delivery)
    lines.append(
        texts("order-preview-delivery", delivery=delivery_text(texts, kind, carrier, address))
    )
    if order.deadline:
        lines.append(texts("order-preview-deadline", deadline=_day(order.deadline)))
    else:
        lines.append(texts("order-preview-no-deadline"))
    if order.urgent:
        lines.append(texts("order-preview-urgent"))
    lines.append(
        texts("order-preview-payment", payment=payment_text(texts, _payment_of(order.payment)))
    )
    complete = next_ask(draft) is None
    if not complete:
        lines.append(texts("order-preview-missing"))
    elif draft.duplicate is not None:
        lines.append(texts("order-preview-duplicate", number=draft.duplicate))
    return Rendered("\n".join(lines), keyboard(_preview_rows(texts, draft, complete)))


def _client_line(texts: Texts, draft: Draft) -> str:
    if draft.new_client is not None:
        return texts(
            "order-preview-client-new",
            client=draft.new_client.name,
            inn=draft.new_client.inn or "none",
        )
    if draft.client_name:
        return texts("order-preview-client", client=draft.client_name)
    return texts("order-preview-client-none")


def _preview_rows(texts: Texts, draft: Draft, complete: bool) -> list[list[InlineKeyboardButton]]:
    if not complete:
        first = _button(texts, texts("order-button-fill"), draft, Choice.NEXT)
    elif draft.for_client:
        first = _button(texts, texts("order-button-submit"), draft, OrderScreen.CONFIRM)
    elif draft.duplicate is not None:
        first = _button(texts, texts("order-button-confirm-again"), draft, OrderScreen.CONFIRM)
    else:
        first = _button(texts, texts("order-button-confirm"), draft, OrderScreen.CONFIRM)
    return [
        [first],
        [
            _button(texts, texts("order-button-edit"), draft, OrderScreen.EDIT),
            _button(texts, texts("button-cancel"), draft, OrderScreen.CANCEL),
        ],
    ]


def first_screen(texts: Texts, step: Step, company: CompanyConfig) -> Rendered:
    """What an order text shows first: its first question or preview, or that it said
    nothing order-like."""
    if not step.is_recognised:
        return nothing_found(texts, step.draft)
    return step_view(texts, step, company)


def nothing_found(texts: Texts, draft: Draft) -> Rendered:
    return Rendered(
        texts("order-nothing-found"),
        keyboard(
            [
                [_button(texts, texts("order-button-manual"), draft, Choice.NEXT)],
                [_button(texts, texts("button-cancel"), draft, OrderScreen.CANCEL)],
            ]
        ),
    )


# --- edit menus ---------------------------------------------------------------------------


def edit_menu(texts: Texts, step: Step) -> Rendered:
    draft = step.draft
    rows: list[list[InlineKeyboardButton]] = []
    if not draft.for_client:
        first = [_button(texts, texts("order-button-price"), draft, Choice.ASK, v=Field.PRICE)]
        if draft.pending_order_id is None:
            first.insert(
                0, _button(texts, texts("order-button-client"), draft, Choice.ASK, v=Field.CLIENT)
            )
        rows.append(first)
    for i, p in enumerate(draft.order.positions):
        rows.append(
            [_button(texts, f"{i + 1}. {item_label(p)}", draft, OrderScreen.POSITION, p=i)]
        )
    rows.append([_button(texts, texts("order-button-add"), draft, Choice.ASK, v=Field.POSITIONS)])
    rows.append(
        [
            _button(texts, texts("order-button-delivery"), draft, Choice.ASK, v=Field.DELIVERY),
            _button(texts, texts("order-button-address"), draft, Choice.ASK, v=Field.ADDRESS),
        ]
    )
    urgent = "yes" if draft.order.urgent else "no"
    rows.append(
        [
            _button(texts, texts("order-button-deadline"), draft, Choice.ASK, v=Field.DEADLINE),
            _button(texts, texts("order-button-payment"), draft, Choice.ASK, v=Field.PAYMENT),
            _button(texts, texts("order-button-urgent", urgent=urgent), draft, Choice.URGENT),
        ]
    )
    rows.append(_footer(texts, draft))
    return Rendered(texts("order-q-edit"), keyboard(rows))


def position_menu(texts: Texts, step: Step, index: int) -> Rendered:
    draft = step.draft
    p = draft.order.positions[index]
    item = step.catalog.get(p.sku) if p.sku else None
    buttons = [_button(texts, texts("order-button-model"), draft, Choice.ASK, index, Field.MODEL)]
    if item is not None:
        for field, values in (
            (Field.COLOUR, item.colours),
            (Field.SIZE, item.sizes),
            (Field.HEIGHT, item.heights),
        ):
            if values:
                label = texts(f"order-button-{field.value}")
                buttons.append(_button(texts, label, draft, Choice.ASK, index, field))
    buttons.append(_button(texts, texts("order-button-qty"), draft, Choice.ASK, index, Field.QTY))
    rows = _rows(buttons, 3)
    rows.append([_button(texts, texts("order-button-remove"), draft, Choice.REMOVE, index)])
    rows.append(_footer(texts, draft))
    text = texts("order-q-position", n=index + 1, item=item_label(p))
    return Rendered(text, keyboard(rows))


# --- questions ----------------------------------------------------------------------------


def step_view(texts: Texts, step: Step, company: CompanyConfig) -> Rendered:
    ask = step.ask
    if ask is None:
        return preview(texts, step, company)
    draft = step.draft
    note = problem_text(texts, ask.problem) + "\n" if ask.problem is not None else ""
    text, rows = _question(texts, step, company)
    rows.append(_footer(texts, draft))
    return Rendered(note + text, keyboard(rows))


def _question(
    texts: Texts, step: Step, company: CompanyConfig
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    ask, draft = step.ask, step.draft
    assert ask is not None
    index = ask.position if ask.position is not None else -1
    if ask.field is Field.CLIENT:
        return _client_question(texts, step)
    if ask.field is Field.PRICE:
        buttons = [
            _button(texts, c.label, draft, Choice.PRICE, v=c.id) for c in company.price_categories
        ]
        return texts("order-q-price"), _rows(buttons, 2)
    if ask.field in (Field.MODEL, Field.POSITIONS):
        buttons = [_button(texts, m.model, draft, Choice.MODEL, index, m.sku) for m in step.models]
        if ask.field is Field.POSITIONS:
            key = "order-q-positions-found" if step.models else "order-q-positions"
            return texts(key), _rows(buttons, 1)
        p = draft.order.positions[index]
        return texts("order-q-model", n=index + 1, model=p.model), _rows(buttons, 1)
    if ask.field in (Field.COLOUR, Field.SIZE, Field.HEIGHT):
        return _variant_question(texts, step, ask.field, index)
    if ask.field is Field.QTY:
        p = draft.order.positions[index]
        return texts("order-q-qty", n=index + 1, item=item_label(p), unit=p.unit), []
    if ask.field is Field.DEADLINE:
        return texts("order-q-deadline"), _deadline_rows(texts, draft, step.today)
    if ask.field is Field.DELIVERY:
        return texts("order-q-delivery"), _delivery_rows(texts, draft, company)
    if ask.field is Field.PAYMENT:
        buttons = [
            _button(texts, texts(f"order-payment-{code}"), draft, Choice.PAYMENT, v=code)
            for code in PAYMENT_PRESETS
        ]
        return texts("order-q-payment"), _rows(buttons, 2)
    if ask.field is Field.ADDRESS:
        return texts("order-q-address"), []
    return texts("order-ask-text"), []


def _client_question(texts: Texts, step: Step) -> tuple[str, list[list[InlineKeyboardButton]]]:
    draft = step.draft
    rows = []
    for c in step.clients:
        label = f"{c.name} · {c.inn}" if c.inn else c.name
        rows.append([_button(texts, label, draft, Choice.CLIENT, v=str(c.counterparty_id))])
    if step.new_client:
        key = "order-button-new-client-sure" if step.look_alikes else "order-button-new-client"
        value = "sure" if step.look_alikes else ""
        label = texts(key, name=short(step.new_client, 24))
        rows.append([_button(texts, label, draft, Choice.NEW_CLIENT, v=value)])
    if step.look_alikes:
        key = "order-q-client-look-alikes"
    else:
        key = "order-q-client" if step.clients else "order-q-client-none"
    return texts(key), rows


def _variant_question(
    texts: Texts, step: Step, field: Field, index: int
) -> tuple[str, list[list[InlineKeyboardButton]]]:
    draft = step.draft
    p = draft.order.positions[index]
    item: CatalogItem | None = step.catalog.get(p.sku) if p.sku else None
    values: tuple[str, ...] = ()
    if item is not None:
        values = {Field.COLOUR: item.colours, Field.SIZE: item.sizes, Field.HEIGHT: item.heights}[
            field
        ]
    buttons = [
        _button(texts, v, draft, Choice(field.value), index, str(i)) for i, v in enumerate(values)
    ]
    width = 1 if field is Field.COLOUR else 4
    text = texts(f"order-q-{field.value}", n=index + 1, item=item_label(p))
    return text, _rows(buttons, width)


def _deadline_rows(texts: Texts, draft: Draft, today: date) -> list[list[InlineKeyboardButton]]:
    rows = []
    for key, days in (("order-day-tomorrow", 1), ("order-day-3", 3), ("order-day-7", 7)):
        day = today + timedelta(days=days)
        label = texts("order-button-day", label=texts(key), date=day.strftime("%d.%m"))
        rows.append(_button(texts, label, draft, Choice.DEADLINE, v=day.isoformat()))
    rows.append(
        _button(texts, texts("order-button-no-deadline"), draft, Choice.DEADLINE, v="none")
    )
    return _rows(rows, 2)


def _delivery_rows(
    texts: Texts, draft: Draft, company: CompanyConfig
) -> list[list[InlineKeyboardButton]]:
    buttons = [
        _button(texts, texts(f"order-delivery-{kind}"), draft, Choice.DELIVERY, v=kind)
        for kind in DELIVERY_KINDS
    ]
    buttons += [
        _button(
            texts, texts("order-button-carrier", carrier=t.name), draft, Choice.CARRIER, v=str(i)
        )
        for i, t in enumerate(company.transport_companies)
    ]
    return _rows(buttons, 2)
