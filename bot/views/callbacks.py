"""Callback data factories. Every packed value stays within Telegram's 64 bytes.

An action is a `StrEnum` member packed as its value: a value no member has (a button of an
older release) does not unpack, and the press reaches the «кнопка устарела» fallback.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.domain.asks.rules import AskAction
from bot.domain.orders.dialogue import Choice
from bot.domain.tasks.flow import Step


class CancelCb(CallbackData, prefix="c1"):
    pass


class StaffAction(StrEnum):
    ROLE = "role"  # pick a role for the person
    SET = "set"  # apply the role picked
    OFF = "off"  # deactivate the person


class StaffCb(CallbackData, prefix="s1"):
    action: StaffAction
    user_id: int
    role: str = ""


class OutboxAction(StrEnum):
    RETRY = "retry"


class OutboxCb(CallbackData, prefix="o1"):
    action: OutboxAction


class InviteCb(CallbackData, prefix="i1"):
    role: str


# --- clients feature -----------------------------------------------------------------------


class ClientAction(StrEnum):
    """A counterparty card's buttons (and the screens they open)."""

    OPEN = "open"  # show the card
    LOG = "log"  # log a contact
    ORDER = "order"  # a new order for this client
    CALL = "call"  # the card's numbers as Telegram contacts
    EDIT = "edit"  # the fields to change
    FIELD = "field"  # change the field `arg`
    CATEGORY = "cat"  # set the category `arg`
    MANAGER = "mgr"  # set the responsible manager (`arg`: user id, "0": nobody)
    MERGE = "merge"  # merge with another card


class ClientCb(CallbackData, prefix="k1"):
    action: ClientAction
    cp: int
    arg: str = ""  # the field, category code or manager's user id


class LogCb(CallbackData, prefix="l1"):
    cp: int
    form: str
    outcome: str = ""  # empty: pick the outcome next


class ControlDateCb(CallbackData, prefix="l2"):
    on: str  # an ISO date, "none" (no control date) or "type" (type one)


class NewClientAction(StrEnum):
    NEW = "new"  # confirmed it is new
    PICK = "pick"  # it is the candidate `cp`
    SKIP = "skip"  # leave the optional question unanswered


class NewClientCb(CallbackData, prefix="n1"):
    action: NewClientAction
    cp: int = 0


class MergeCb(CallbackData, prefix="m1"):
    keep: int
    drop: int
    confirm: bool = False  # False: show both cards and ask which one stays


class RegistrationAction(StrEnum):
    LINK = "link"  # search for the applicant's counterparty
    NEW = "new"  # create the applicant's counterparty
    DECLINE = "decline"
    PICK = "pick"  # link the applicant to `cp`


class RegistrationCb(CallbackData, prefix="r1"):
    action: RegistrationAction
    request: int
    cp: int = 0


class RequestCb(CallbackData, prefix="q1"):
    request: int


class ForgetCb(CallbackData, prefix="f1"):
    pass


# --- orders feature: intake ----------------------------------------------------------------


class OrderScreen(StrEnum):
    """Buttons of the order dialogue the handler answers itself; the others are the
    dialogue's `Choice`s. Values are in buttons already sent: keep them."""

    CONFIRM = "ok"
    CANCEL = "x"
    EDIT = "edit"  # the edit menu
    POSITION = "pos"  # one position's menu


class OrderCb(CallbackData, prefix="od1"):
    """A button of the order dialogue; `d` is the draft it belongs to (older drafts' buttons
    are refused)."""

    a: Choice | OrderScreen
    d: str
    p: int = -1  # the position (0-based), -1: none / a new one
    v: str = ""  # the option: an index, an SKU, an id, an ISO date, a preset code


class ApprovalAction(StrEnum):
    CONFIRM = "ok"
    EDIT = "edit"  # complete it in the order dialogue
    DECLINE = "no"


class OrderApprovalCb(CallbackData, prefix="oa1"):
    a: ApprovalAction
    order: int


# --- orders feature: department tasks, the manager's side, routing --------------------------


class TaskCb(CallbackData, prefix="tk1"):
    """A step button on a department's task card; `v` is the card's version (a press on an
    outdated card is refused)."""

    task: int
    step: Step  # a button's step (a system step is refused by the service)
    v: int


class MyOrderAction(StrEnum):
    OPEN = "open"
    COMMENT = "comment"
    ATTACH = "attach"
    CHANGE = "change"  # pick a position to change
    POSITION = "pos"  # change this one (`pos`)
    CANCEL = "cancel"  # asks to confirm
    CANCEL_CONFIRMED = "cancel_yes"
    HAND_OVER = "hand_over"
    LIST = "list"


class MyOrderCb(CallbackData, prefix="mo1"):
    a: MyOrderAction
    order: int
    pos: int = 0  # the position's id (for "pos")


class RouteCb(CallbackData, prefix="rt1"):
    kind: str  # a work or delivery kind; "" shows the whole table
    dept: str = ""  # "" pick, a department id, "-" no task, "*" back to the default


# --- reminders ---------------------------------------------------------------------------


class ReminderCb(CallbackData, prefix="rm1"):
    id: int  # the reminder
    a: str  # done | hour | morning | the kind's own action (at most 12 characters)


class PolicyCb(CallbackData, prefix="pl1"):
    k: str = ""  # policy.step (at most 40 characters); "" the whole table
    f: str = ""  # services.reminders.policy_settings.PolicyField; "" show the step
    v: str = ""  # the new value: "1"/"0", an offset, a recipient (at most 12 characters)


# --- managers' requests to departments ----------------------------------------------------


class AskStartCb(CallbackData, prefix="an1"):
    """«Запрос в отдел» on a client's card (cp) or an order's card (order)."""

    cp: int = 0
    order: int = 0


class AskDeptCb(CallbackData, prefix="ad1"):
    """The department picked in the /ask dialogue: send the request there."""

    v: str  # a department id


class AskCb(CallbackData, prefix="as1"):
    """A button on a request's card (the department) or on its answer (the manager)."""

    a: AskAction
    r: int  # the request


ALL_FACTORIES: tuple[type[CallbackData], ...] = (
    CancelCb,
    StaffCb,
    OutboxCb,
    InviteCb,
    ClientCb,
    LogCb,
    ControlDateCb,
    NewClientCb,
    MergeCb,
    RegistrationCb,
    RequestCb,
    ForgetCb,
    OrderCb,
    OrderApprovalCb,
    TaskCb,
    MyOrderCb,
    RouteCb,
    ReminderCb,
    PolicyCb,
    AskStartCb,
    AskDeptCb,
    AskCb,
)


# --- claims feature ------------------------------------------------------------------------


class ClaimFileAction(StrEnum):
    """The filing dialogue's buttons (the claim does not exist yet: no id is bound)."""

    ORDER = "order"  # arg: the order id
    OTHER = "other"  # «другое»: no order
    KIND = "kind"  # arg: the category id
    DONE = "done"  # no (more) files
    CONFIRM = "ok"
    TO_REQUEST = "req"  # not a claim: send it to the manager as an ordinary request
    CHANNEL = "ch"  # staff: arg: how the client reached us
    CLIENT = "cl"  # staff: arg: the counterparty id


class ClaimFileCb(CallbackData, prefix="k1"):
    a: ClaimFileAction
    arg: str = ""


class ClaimAction(StrEnum):
    """A claim's buttons: the card's (staff), the client's (rating), the lists'."""

    OPEN = "open"
    ACCEPT = "acc"
    ASK = "ask"
    DECIDE = "dec"  # arg: resolution (empty: pick it)
    REMEDY = "rem"  # arg: "<resolution>/<remedy>"
    CULPRIT = "cul"  # arg: "<resolution>/<remedy>/<culprit>"
    CLOSE = "close"
    RATE = "rate"  # arg: 1..5


class ClaimCb(CallbackData, prefix="k2"):
    a: ClaimAction
    claim: int
    arg: str = ""
