"""Callback data factories. Every packed value stays within Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class CancelCb(CallbackData, prefix="c1"):
    pass


class StaffCb(CallbackData, prefix="s1"):
    action: str  # "role" (pick a role), "set" (apply it), "off" (deactivate)
    user_id: int
    role: str = ""


class OutboxCb(CallbackData, prefix="o1"):
    action: str  # "retry"


class InviteCb(CallbackData, prefix="i1"):
    role: str


ALL_FACTORIES: tuple[type[CallbackData], ...] = (CancelCb, StaffCb, OutboxCb, InviteCb)
