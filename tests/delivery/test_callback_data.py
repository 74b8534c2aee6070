"""No keyboard can produce callback data over Telegram's 64 bytes.

Every factory in ALL_FACTORIES is packed with the largest plausible value of each field:
ids near 2**63, the longest member of the enum a field carries, and for the few free-form
fields the longest value their producers can put there (listed below, with where it comes
from). A new field must be added here, or this test fails and says which one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData

from bot.domain.counterparties.edits import CardField
from bot.domain.departments import DEPARTMENT_CODE_RE
from bot.domain.interactions import Form
from bot.domain.interactions import Outcome as InteractionOutcome
from bot.domain.orders.dialogue import Choice
from bot.domain.orders.parsed import DeliveryKind, WorkKind
from bot.domain.roles import Role
from bot.domain.tasks.flow import Step
from bot.services.reminders.kinds import MAX_ACTION
from bot.services.reminders.policy_settings import PolicyField
from bot.views.callbacks import (
    ALL_FACTORIES,
    ApprovalAction,
    ClientAction,
    ClientCb,
    MyOrderAction,
    MyOrderCb,
    NewClientAction,
    NewClientCb,
    OrderApprovalCb,
    OrderCb,
    OrderScreen,
    OutboxAction,
    OutboxCb,
    RegistrationAction,
    RegistrationCb,
    StaffAction,
    StaffCb,
)
from reminders.policies import MAX_KEY

MAX_ID = 2**63 - 1
MAX_CALLBACK_BYTES = 64


def longest(*choices: type[StrEnum] | str) -> str:
    values = [v for c in choices for v in ([c] if isinstance(c, str) else [m.value for m in c])]
    return max(values, key=lambda v: len(v.encode()))


DEPARTMENT_CODE = "d" * 32  # the longest code DEPARTMENT_CODE_RE admits
SKU = "S" * 32  # bot.domain.catalog _SKU_RE: up to 32 characters

# (factory, field) -> the longest value producers put in a free-form str field
FREE_FORM: dict[tuple[str, str], str] = {
    ("StaffCb", "role"): longest(Role),
    ("InviteCb", "role"): longest(Role),
    ("ClientCb", "arg"): longest(CardField, str(MAX_ID)),  # a field, category or user id
    ("LogCb", "form"): longest(Form),
    ("LogCb", "outcome"): longest(InteractionOutcome),
    ("ControlDateCb", "on"): longest("2026-12-31", "none", "type"),
    ("OrderCb", "a"): longest(Choice, OrderScreen),  # either enum
    ("OrderCb", "d"): "f" * 6,  # handlers.orders: secrets.token_hex(3)
    ("OrderCb", "v"): longest(SKU, str(MAX_ID), "2026-12-31"),
    ("OrderApprovalCb", "a"): longest("ok", "edit", "no"),
    ("TaskCb", "step"): longest(Step),
    ("MyOrderCb", "a"): longest(
        "open", "comment", "change", "pos", "cancel", "cancel_yes", "hand_over", "list"
    ),
    ("RouteCb", "kind"): longest(WorkKind, DeliveryKind),
    ("RouteCb", "dept"): longest(DEPARTMENT_CODE, "-", "*"),
    ("ReminderCb", "a"): "a" * MAX_ACTION,  # reminders.kinds: a kind's action id
    ("PolicyCb", "k"): "k" * MAX_KEY,  # reminders.policies: policy.step
    ("PolicyCb", "f"): longest(PolicyField),
    ("AskDeptCb", "v"): DEPARTMENT_CODE,  # a department id
    ("PolicyCb", "v"): longest("-600", "4800", "1", "99"),  # 1/0, an offset, a choice,
}
# int fields that are not ids: their largest plausible value
SMALL_INTS: dict[tuple[str, str], int] = {
    ("OrderCb", "p"): 999,  # a position's index in one order
}


def largest(factory: type[CallbackData]) -> CallbackData:
    values: dict[str, Any] = {}
    for name, field in factory.model_fields.items():
        key = (factory.__name__, name)
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, StrEnum):
            values[name] = longest(kind)
        elif kind is bool:
            values[name] = True
        elif kind is int:
            values[name] = SMALL_INTS.get(key, MAX_ID)
        elif key in FREE_FORM:
            values[name] = FREE_FORM[key]
        else:
            pytest.fail(f"{factory.__name__}.{name}: add its longest plausible value here")
    return factory(**values)


@pytest.mark.parametrize("factory", ALL_FACTORIES, ids=lambda f: f.__name__)
def test_callback_data_fits_telegram_limit_with_largest_values(
    factory: type[CallbackData],
) -> None:
    packed = largest(factory).pack()
    assert len(packed.encode()) <= MAX_CALLBACK_BYTES, packed
    assert factory.unpack(packed) == largest(factory)


def test_department_code_used_above_is_the_longest_allowed() -> None:
    assert DEPARTMENT_CODE_RE.match(DEPARTMENT_CODE)
    assert not DEPARTMENT_CODE_RE.match(DEPARTMENT_CODE + "d")


@pytest.mark.parametrize(
    ("packed", "expected"),
    [
        ("k1:open:5:", ClientCb(action=ClientAction.OPEN, cp=5)),
        ("k1:mgr:5:17", ClientCb(action=ClientAction.MANAGER, cp=5, arg="17")),
        ("s1:off:3:", StaffCb(action=StaffAction.OFF, user_id=3)),
        ("o1:retry", OutboxCb(action=OutboxAction.RETRY)),
        ("n1:skip:0", NewClientCb(action=NewClientAction.SKIP)),
        ("r1:decline:4:0", RegistrationCb(action=RegistrationAction.DECLINE, request=4)),
        ("od1:new_client:ab12cd:-1:sure", OrderCb(a=Choice.NEW_CLIENT, d="ab12cd", v="sure")),
        ("od1:x:ab12cd:-1:", OrderCb(a=OrderScreen.CANCEL, d="ab12cd")),
        ("od1:ok:ab12cd:-1:", OrderCb(a=OrderScreen.CONFIRM, d="ab12cd")),
        ("oa1:no:12", OrderApprovalCb(a=ApprovalAction.DECLINE, order=12)),
        ("mo1:cancel_yes:12:0", MyOrderCb(a=MyOrderAction.CANCEL_CONFIRMED, order=12)),
    ],
)
def test_buttons_sent_before_actions_were_enums_still_unpack(
    packed: str, expected: CallbackData
) -> None:
    assert type(expected).unpack(packed) == expected
    assert expected.pack() == packed
