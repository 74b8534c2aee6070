"""Views of staff, invitations and registration."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.domain.roles import Role
from bot.services.staff.people import InviteCreated, Started
from bot.texts import Texts
from bot.views.callbacks import InviteCb, StaffAction, StaffCb
from bot.views.rendered import Rendered, keyboard, role_name
from storage.models import User


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def invite_created(texts: Texts, created: InviteCreated, bot_username: str, zone: ZoneInfo) -> str:
    return texts(
        "invite-created",
        role=role_name(texts, created.role),
        department=created.department_title or "none",
        code=created.code,
        link=invite_link(bot_username, created.code),
        expires=created.expires_at.astimezone(zone).strftime("%d.%m.%Y %H:%M"),
    )


def started(texts: Texts, result: Started) -> str:
    """/start of somebody the bot knows: just registered by an invitation, or back again."""
    assert result.user is not None
    role = role_name(texts, result.user.role)
    if result.registered:
        department = result.department_title or "none"
        return texts("registered", name=result.user.full_name, role=role, department=department)
    return texts("welcome-back", name=result.user.full_name, role=role)


def staff_list(texts: Texts, users: Sequence[User], departments: dict[str, str]) -> Rendered:
    if not users:
        return Rendered(texts("staff-empty"))
    lines = [texts("staff-title", count=len(users))]
    rows = []
    for user in users:
        lines.append(
            texts(
                "staff-line",
                name=user.full_name,
                role=role_name(texts, user.role),
                active="yes" if user.is_active else "no",
                department=departments.get(user.department_id or "", "none"),
            )
        )
        if user.is_active and user.role != Role.ADMIN:
            short = user.full_name[:24]
            rows.append(
                [
                    InlineKeyboardButton(
                        text=texts("staff-button-role", name=short),
                        callback_data=StaffCb(action=StaffAction.ROLE, user_id=user.id).pack(),
                    ),
                    InlineKeyboardButton(
                        text=texts("staff-button-deactivate", name=short),
                        callback_data=StaffCb(action=StaffAction.OFF, user_id=user.id).pack(),
                    ),
                ]
            )
    return Rendered("\n".join(lines), keyboard(rows) if rows else None)


def role_picker(texts: Texts, user: User, roles: Sequence[Role]) -> Rendered:
    buttons = [
        InlineKeyboardButton(
            text=role_name(texts, role),
            callback_data=StaffCb(action=StaffAction.SET, user_id=user.id, role=role.value).pack(),
        )
        for role in roles
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Rendered(texts("staff-pick-role", name=user.full_name), keyboard(rows))


# --- outbox views ------------------------------------------------------------------------


def inviter_told_registered(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "inviter-told-registered", name=params["name"], role=role_name(texts, params["role"])
        )
    )


def user_role_changed(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("user-role-changed", role=role_name(texts, params["role"])))


def user_deactivated(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("user-deactivated"))


def invite_role_picker(texts: Texts, roles: Sequence[Role], usage: str) -> Rendered:
    buttons = [
        InlineKeyboardButton(
            text=role_name(texts, role), callback_data=InviteCb(role=role.value).pack()
        )
        for role in sorted(roles)
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Rendered(usage, keyboard(rows))
