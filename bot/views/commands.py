"""Command menus per role (setMyCommands) and the /help text built from them."""

from __future__ import annotations

from aiogram.types import BotCommand

from bot.domain.roles import Role
from bot.texts import Texts

BASE = ("start", "help", "cancel")
BY_ROLE: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: (
        "claims",
        "invite",
        "staff",
        "chats",
        "department",
        "outbox",
        "find",
        "today",
        "newclient",
        "import",
        "export",
        "order",
        "catalog",
        "stock",
        "my",
        "routing",
        "ask",
        "requests",
    ),
    Role.HEAD: (
        "claims",
        "claim",
        "invite",
        "staff",
        "find",
        "today",
        "newclient",
        "import",
        "export",
        "order",
        "my",
        "ask",
        "requests",
    ),
    Role.MANAGER: ("find", "today", "newclient", "order", "my", "ask", "claim", "claims"),
    Role.ACCOUNTANT: ("find",),
    Role.LAWYER: ("find",),
    Role.CLIENT: ("claim", "my", "order", "forget"),
    Role.WAREHOUSE: ("stock", "requests", "claims"),
    Role.SUPPLY: ("requests", "claims"),
    Role.WORKSHOP: ("requests", "claims"),
    Role.DRIVER: ("requests", "claims"),
}
GROUP = ("help", "bind", "unbind", "chats")


def private_commands(texts: Texts, role: str | None) -> list[BotCommand]:
    names = BASE + (BY_ROLE.get(Role(role), ()) if role else ())
    return [BotCommand(command=name, description=texts(f"cmd-{name}")) for name in names]


def group_commands(texts: Texts) -> list[BotCommand]:
    return [BotCommand(command=name, description=texts(f"cmd-{name}")) for name in GROUP]


def help_text(texts: Texts, role: str | None) -> str:
    if role is None:
        return texts("help-stranger")
    lines = [texts("help-header", role=texts(f"role-{role}"))]
    lines += [f"/{c.command} — {c.description}" for c in private_commands(texts, role)]
    return "\n".join(lines)
