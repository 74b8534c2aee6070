"""Views of changing a counterparty card: the fields, their questions and pickers, merging."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton

from bot.domain.counterparties.edits import TYPED_FIELDS, CardField
from bot.domain.counterparties.fields import Category
from bot.texts import Texts
from bot.views.callbacks import ClientAction, ClientCb, MergeCb
from bot.views.clients import category_name, label_of, short
from bot.views.rendered import Rendered, cancel_row, keyboard
from storage.models import Counterparty, User


def edit_menu(texts: Texts, cp: Counterparty, can_reassign: bool) -> Rendered:
    fields = [*TYPED_FIELDS, CardField.CATEGORY] + ([CardField.MANAGER] if can_reassign else [])
    buttons = [
        InlineKeyboardButton(
            text=texts(f"edit-field-{f.value}"),
            callback_data=ClientCb(action=ClientAction.FIELD, cp=cp.id, arg=f.value).pack(),
        )
        for f in fields
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append(cancel_row(texts))
    return Rendered(texts("edit-pick-field", name=cp.name), keyboard(rows))


CLEARABLE = frozenset(
    {CardField.INN, CardField.KPP, CardField.CITY, CardField.ADDRESS, CardField.NOTES}
)


def edit_prompt(texts: Texts, field: CardField) -> Rendered:
    if field is CardField.PERSON:
        return Rendered(texts("edit-ask-person"), keyboard([cancel_row(texts)]))
    text = texts(
        "edit-ask-value",
        field=texts(f"edit-field-{field.value}"),
        clearable="yes" if field in CLEARABLE else "no",
    )
    return Rendered(text, keyboard([cancel_row(texts)]))


def category_picker(texts: Texts, cp: Counterparty) -> Rendered:
    rows = [
        [
            InlineKeyboardButton(
                text=category_name(texts, c.value),
                callback_data=ClientCb(action=ClientAction.CATEGORY, cp=cp.id, arg=c.value).pack(),
            )
        ]
        for c in Category
    ]
    return Rendered(texts("edit-pick-category", name=cp.name), keyboard(rows))


def manager_picker(texts: Texts, cp: Counterparty, staff: Sequence[User]) -> Rendered:
    rows = [
        [
            InlineKeyboardButton(
                text=short(u.full_name),
                callback_data=ClientCb(
                    action=ClientAction.MANAGER, cp=cp.id, arg=str(u.id)
                ).pack(),
            )
        ]
        for u in staff
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=texts("edit-no-manager"),
                callback_data=ClientCb(action=ClientAction.MANAGER, cp=cp.id, arg="0").pack(),
            )
        ]
    )
    return Rendered(texts("edit-pick-manager", name=cp.name), keyboard(rows))


# --- merging ------------------------------------------------------------------------------


def merge_ask(texts: Texts, cp: Counterparty) -> Rendered:
    return Rendered(texts("merge-ask-query", name=cp.name), keyboard([cancel_row(texts)]))


def merge_targets(texts: Texts, source: int, found: Sequence[Counterparty]) -> Rendered:
    others = [cp for cp in found if cp.id != source]
    if not others:
        return Rendered(texts("find-nothing", query="…"))
    rows = [
        [
            InlineKeyboardButton(
                text=short(label_of(cp)), callback_data=MergeCb(keep=source, drop=cp.id).pack()
            )
        ]
        for cp in others
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("find-title", count=len(others)), keyboard(rows))


def merge_confirm(texts: Texts, first: Counterparty, second: Counterparty) -> Rendered:
    rows = [
        [
            InlineKeyboardButton(
                text=short(texts("button-keep", name=keep.name)),
                callback_data=MergeCb(keep=keep.id, drop=drop.id, confirm=True).pack(),
            )
        ]
        for keep, drop in ((first, second), (second, first))
    ]
    rows.append(cancel_row(texts))
    text = texts("merge-confirm", first=label_of(first), second=label_of(second))
    return Rendered(text, keyboard(rows))
