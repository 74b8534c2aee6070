"""Views of departments and their chats."""

from __future__ import annotations

from typing import Any

from bot.services.staff.departments import ChatBindings
from bot.texts import Texts
from bot.views.rendered import Rendered, role_name


def chats(texts: Texts, result: ChatBindings) -> str:
    if not result.bindings:
        lines = [texts("chats-empty")]
    else:
        lines = [texts("chats-title")]
        for department, chat in result.bindings:
            lines.append(
                texts(
                    "chats-line",
                    department=department.title,
                    title=chat.title,
                    topic="yes" if chat.thread_id else "no",
                    thread=chat.thread_id or 0,
                    active="yes" if chat.is_active else "no",
                )
            )
    if result.unbound:
        lines.append(
            texts(
                "chats-missing",
                departments=", ".join(f"{d.title} ({d.id})" for d in result.unbound),
            )
        )
    return "\n".join(lines)


def admin_binding_lost(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("admin-bot-removed", **params))


def admin_chat_unreachable(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("admin-chat-unreachable", **params))


def admin_user_unreachable(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("admin-user-unreachable", name=params["name"], role=role_name(texts, params["role"]))
    )
