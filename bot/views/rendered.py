"""What a view produces: text plus an optional inline keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import Texts
from bot.views.callbacks import CancelCb


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    reply_markup: InlineKeyboardMarkup | None = None


def keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)


def button(text: str, data: str, *, limit: int = 60) -> InlineKeyboardButton:
    """A button whose label (a title, a client's name) is cut to `limit` characters."""
    return InlineKeyboardButton(text=text[:limit], callback_data=data)


def cancel_row(texts: Texts) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=texts("button-cancel"), callback_data=CancelCb().pack())]


def role_name(texts: Texts, role: str | None) -> str:
    return texts(f"role-{role}") if role and texts.has(f"role-{role}") else str(role or "—")
