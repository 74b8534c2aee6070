"""Views of departments and their chats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.services.staff.departments import ChatBindings, ChatBound
from bot.texts import Texts
from bot.views.rendered import Rendered, cancel_row, keyboard, role_name
from storage.models import Department


def bound(texts: Texts, result: ChatBound, *, has_topic: bool) -> str:
    """/bind done: the chat (or topic) now gets the department's cards."""
    title = result.department.title
    if result.already:
        return texts("bind-already", department=title)
    text = texts("bind-done", department=title, topic="yes" if has_topic else "no")
    if result.previous_title:
        text += "\n" + texts("bind-moved", department=title, previous=result.previous_title)
    return text


def unbound(texts: Texts, titles: Sequence[str]) -> str:
    if titles:
        return texts("unbind-done", department=", ".join(titles))
    return texts("unbind-nothing")


def ask_code(texts: Texts) -> Rendered:
    return Rendered(texts("department-ask-code"), keyboard([cancel_row(texts)]))


def ask_title(texts: Texts, code: str) -> Rendered:
    return Rendered(texts("department-ask-title", department=code), keyboard([cancel_row(texts)]))


def created(texts: Texts, department: Department) -> str:
    return texts("department-created", title=department.title, department=department.id)


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
