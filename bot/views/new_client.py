"""Views of /newclient: its questions and the duplicate check's candidates."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.counterparties.directory import Match
from bot.texts import Texts
from bot.views.callbacks import NewClientAction, NewClientCb
from bot.views.clients import opt, short
from bot.views.rendered import Rendered, cancel_row, keyboard


def ask_name(texts: Texts) -> Rendered:
    return Rendered(texts("new-ask-name"), keyboard([cancel_row(texts)]))


def ask(texts: Texts, question: str, skip: str = "button-skip") -> Rendered:
    """An optional question: it can be skipped."""
    return Rendered(texts(question), _skip_keyboard(texts, skip))


def candidates(texts: Texts, matches: Sequence[Match], *, can_confirm: bool) -> Rendered:
    lines = [texts("new-candidates")]
    for m in matches:
        reasons = ", ".join(texts(f"match-{r}") for r in m.reasons if texts.has(f"match-{r}"))
        cp = m.counterparty
        lines.append(
            texts(
                "new-candidate", name=cp.name, inn=opt(cp.inn), city=opt(cp.city), reasons=reasons
            )
        )
    rows = [
        [
            InlineKeyboardButton(
                text=short(texts("button-candidate", name=m.counterparty.name)),
                callback_data=NewClientCb(
                    action=NewClientAction.PICK, cp=m.counterparty.id
                ).pack(),
            )
        ]
        for m in matches
    ]
    if can_confirm:
        rows.append(
            [
                InlineKeyboardButton(
                    text=texts("button-create-new"),
                    callback_data=NewClientCb(action=NewClientAction.NEW).pack(),
                )
            ]
        )
    else:
        lines.append(texts("new-same-inn"))
    rows.append(cancel_row(texts))
    return Rendered("\n".join(lines), keyboard(rows))


def _skip_keyboard(texts: Texts, key: str) -> InlineKeyboardMarkup:
    skip = InlineKeyboardButton(
        text=texts(key), callback_data=NewClientCb(action=NewClientAction.SKIP).pack()
    )
    return keyboard([[skip], cancel_row(texts)])
