"""Views of the client portal: the share-phone offer, registration requests, relayed requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.types import (
    InlineKeyboardButton,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.services.client_portal.registration import Registration, RegistrationOutcome
from bot.services.client_portal.requests import RequestFiled
from bot.texts import Texts
from bot.views.callbacks import ForgetCb, RegistrationAction, RegistrationCb, RequestCb
from bot.views.clients import open_button, opt, short
from bot.views.rendered import Rendered, cancel_row, keyboard
from storage.models import Counterparty


def share_phone_keyboard(texts: Texts) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=texts("button-share-phone"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def stranger_offer(texts: Texts) -> tuple[str, ReplyKeyboardMarkup]:
    return texts("stranger-hello") + "\n\n" + texts("portal-offer"), share_phone_keyboard(texts)


def registration_answer(texts: Texts, result: Registration) -> tuple[str, ReplyKeyboardRemove]:
    if result.outcome is RegistrationOutcome.LINKED:
        text = texts(
            "portal-linked", counterparty=result.counterparty or "", manager=opt(result.manager)
        )
    elif result.outcome is RegistrationOutcome.PENDING:
        text = texts("portal-pending")
    else:
        text = texts("portal-already-pending")
    return text, ReplyKeyboardRemove()


def link_query_prompt(texts: Texts, request_id: int) -> Rendered:
    text = texts("registration-ask-query", id=str(request_id))
    return Rendered(text, keyboard([cancel_row(texts)]))


def link_candidates(
    texts: Texts, request_id: int, name: str, found: Sequence[Counterparty]
) -> Rendered:
    if not found:
        return Rendered(texts("find-nothing", query="…"))
    rows = [
        [
            InlineKeyboardButton(
                text=short(cp.name + (f" ({cp.city})" if cp.city else "")),
                callback_data=RegistrationCb(
                    action=RegistrationAction.PICK, request=request_id, cp=cp.id
                ).pack(),
            )
        ]
        for cp in found
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("registration-pick", id=str(request_id), name=name), keyboard(rows))


def request_filed(texts: Texts, filed: RequestFiled) -> str:
    rid = str(filed.request_id)
    if filed.assignee is None:
        return texts("request-received-nobody", id=rid)
    key = "request-received-manager" if filed.is_manager else "request-received-head"
    return texts(key, id=rid, name=filed.assignee)


def forget_confirm(texts: Texts) -> Rendered:
    rows = [
        [InlineKeyboardButton(text=texts("button-forget"), callback_data=ForgetCb().pack())],
        cancel_row(texts),
    ]
    return Rendered(texts("forget-confirm"), keyboard(rows))


def answer_prompt(texts: Texts, request_id: int) -> Rendered:
    return Rendered(texts("request-ask-answer", id=str(request_id)), keyboard([cancel_row(texts)]))


# --- outbox views -------------------------------------------------------------------------


def registration_request(texts: Texts, params: dict[str, Any]) -> Rendered:
    """The request with its buttons, or (with an outcome) how it was decided, without them."""
    rid = int(params["request_id"])
    if params.get("outcome"):
        return Rendered(
            texts(
                "registration-request-decided",
                id=str(rid),
                name=params["name"],
                username=opt(params.get("username")),
                phone=params["phone"],
                outcome=params["outcome"],
                counterparty=params.get("counterparty") or "",
                by=opt(params.get("by")),
            )
        )
    text = texts(
        "registration-request",
        id=str(rid),
        name=params["name"],
        username=opt(params.get("username")),
        phone=params["phone"],
        candidates=int(params.get("candidates", 0)),
    )
    rows = [
        [
            InlineKeyboardButton(
                text=texts("button-registration-link"),
                callback_data=RegistrationCb(action=RegistrationAction.LINK, request=rid).pack(),
            ),
            InlineKeyboardButton(
                text=texts("button-registration-new"),
                callback_data=RegistrationCb(action=RegistrationAction.NEW, request=rid).pack(),
            ),
        ],
        [
            InlineKeyboardButton(
                text=texts("button-registration-decline"),
                callback_data=RegistrationCb(
                    action=RegistrationAction.DECLINE, request=rid
                ).pack(),
            )
        ],
    ]
    return Rendered(text, keyboard(rows))


def client_registration_linked(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "client-registration-linked",
            counterparty=params["counterparty"],
            manager=opt(params.get("manager")),
        )
    )


def client_registration_declined(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(texts("client-registration-declined"))


def manager_client_registered(texts: Texts, params: dict[str, Any]) -> Rendered:
    text = texts(
        "manager-client-registered",
        name=params["name"],
        counterparty=params["counterparty"],
        assigned=params.get("assigned", "yes"),
    )
    return Rendered(text, keyboard([open_button(texts, int(params["counterparty_id"]))]))


def manager_client_forgot(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "manager-client-forgot", person=params["person"], counterparty=params["counterparty"]
        )
    )


def manager_client_unreachable(texts: Texts, params: dict[str, Any]) -> Rendered:
    text = texts(
        "manager-client-unreachable",
        person=params["person"],
        counterparty=params["counterparty"],
        assigned=params.get("assigned", "yes"),
    )
    return Rendered(text, keyboard([open_button(texts, int(params["counterparty_id"]))]))


def client_request_relay(texts: Texts, params: dict[str, Any]) -> Rendered:
    body = params.get("text") or ""
    if params.get("kind", "text") != "text":
        marker = texts("client-request-relay-file", kind=params["kind"])
        body = f"{marker} {body}".strip()
    rid = int(params["request_id"])
    text = texts(
        "client-request-relay",
        id=str(rid),
        counterparty=params["counterparty"],
        inn=opt(params.get("inn")),
        city=opt(params.get("city")),
        person=params["person"],
        position=opt(params.get("position")),
        phone=opt(params.get("phone")),
        text=body,
        taken=opt(params.get("taken")),
    )
    answer = InlineKeyboardButton(
        text=texts("button-answer"), callback_data=RequestCb(request=rid).pack()
    )
    row = [*open_button(texts, int(params["counterparty_id"]))]
    if not params.get("taken"):  # taken by another: the copy keeps only the card
        row.insert(0, answer)
    return Rendered(text, keyboard([row]))


def client_request_answer(texts: Texts, params: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "client-request-answer",
            id=str(params["request_id"]),
            manager=params["manager"],
            text=params.get("text") or "",
        ).rstrip()
    )
