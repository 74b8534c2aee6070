"""The view of a reply (bot/services/outbox.py `reply`): the text and buttons the handler
rendered when it answered, as written in the outbox row."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.texts import Texts
from bot.views.rendered import Rendered


def reply(_texts: Texts, params: dict[str, Any]) -> Rendered:
    markup = params.get("markup")
    return Rendered(
        str(params.get("text", "")),
        InlineKeyboardMarkup.model_validate(markup) if markup else None,
    )
