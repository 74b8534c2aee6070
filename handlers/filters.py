"""Filters shared by the feature routers. They route updates; they never grant permission
(the services decide who may do what)."""

from __future__ import annotations

from aiogram import F

from bot.domain.roles import Actor, Role

# typed text that is not a command: an answer to a dialogue's question
PLAIN_TEXT = F.text & ~F.text.startswith("/")
# any message that is not a command (a photo or a document passes too)
NOT_A_COMMAND = ~F.text.startswith("/")
# what a person may send as content: text, a photo, a document
CONTENT = F.text | F.photo | F.document
GROUPS = F.chat.type.in_({"group", "supergroup"})
PRIVATE = F.chat.type == "private"

ORDER_WRITERS = frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN})


def is_client(_: object, actor: Actor | None = None) -> bool:
    """Routes a registered client's messages to the client portal."""
    return actor is not None and actor.role is Role.CLIENT


def writes_orders(_: object, actor: Actor | None = None) -> bool:
    """Routes a staff member's free text to the orders (the service still checks the role)."""
    return actor is not None and actor.role in ORDER_WRITERS
