"""The request's life, who may act on it, which department the words suggest, how an
answer is read (text, price in rubles, term in working days) and what a proposal costs."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.roles import Actor, Role

MAX_QUESTION = 2000
MAX_ANSWER = 2000
MAX_REASON = 500
DEFAULT_MAX_FILES = 10
DEFAULT_MARKUP_PERCENT = 0
MAX_TERM_DAYS = 365
MAX_PRICE_KOPECKS = 10**12


class AskStatus(StrEnum):
    NEW = "new"  # posted (or waiting for a chat), nobody took it
    TAKEN = "taken"
    CLARIFYING = "clarifying"  # the department asked the manager
    ANSWERED = "answered"
    REFUSED = "refused"  # «Нельзя», with the reason
    CLOSED = "closed"  # the manager closed it


class AskAction(StrEnum):
    """What somebody does to a request (department side, then the manager's side)."""

    TAKE = "take"
    ANSWER = "answer"
    CLARIFY = "clarify"  # the department asks the manager
    REFUSE = "refuse"
    REPLY = "reply"  # the manager answers the department's question
    MORE = "more"  # the manager asks again after the answer («Уточнить»)
    CLOSE = "close"  # «Спасибо, закрыть»
    OFFER = "offer"  # «Сделать КП»
    ORDER = "order"  # «Оформить заказ»


DEPARTMENT_SIDE = frozenset(
    {AskAction.TAKE, AskAction.ANSWER, AskAction.CLARIFY, AskAction.REFUSE}
)
WAITING = frozenset({AskStatus.NEW, AskStatus.TAKEN, AskStatus.CLARIFYING})
OPEN = WAITING | {AskStatus.ANSWERED, AskStatus.REFUSED}

# action -> the statuses it may be done in
_ALLOWED: Mapping[AskAction, frozenset[AskStatus]] = {
    AskAction.TAKE: frozenset({AskStatus.NEW}),
    AskAction.ANSWER: frozenset(WAITING),
    AskAction.CLARIFY: frozenset({AskStatus.NEW, AskStatus.TAKEN}),
    AskAction.REFUSE: frozenset(WAITING),
    AskAction.REPLY: frozenset({AskStatus.CLARIFYING}),
    AskAction.MORE: frozenset({AskStatus.ANSWERED, AskStatus.REFUSED}),
    AskAction.CLOSE: frozenset({AskStatus.ANSWERED, AskStatus.REFUSED}),
    AskAction.OFFER: frozenset({AskStatus.ANSWERED, AskStatus.CLOSED}),
    AskAction.ORDER: frozenset({AskStatus.ANSWERED, AskStatus.CLOSED}),
}


def check_transition(action: AskAction, status: str) -> None:
    if AskStatus(status) not in _ALLOWED[action]:
        raise InvalidTransition("ask-wrong-state", status=status, action=action.value)


def next_status(action: AskAction, status: str, *, was_taken: bool) -> AskStatus:
    """The status after `action` (checked first)."""
    check_transition(action, status)
    if action is AskAction.TAKE:
        return AskStatus.TAKEN
    if action is AskAction.ANSWER:
        return AskStatus.ANSWERED
    if action is AskAction.CLARIFY:
        return AskStatus.CLARIFYING
    if action is AskAction.REFUSE:
        return AskStatus.REFUSED
    if action in (AskAction.REPLY, AskAction.MORE):
        return AskStatus.TAKEN if was_taken else AskStatus.NEW
    if action is AskAction.CLOSE:
        return AskStatus.CLOSED
    return AskStatus(status)  # OFFER, ORDER change nothing


# --- who may act ----------------------------------------------------------------------------

OVERSEERS = frozenset({Role.HEAD, Role.ADMIN})
ASKERS = frozenset({Role.MANAGER, Role.HEAD, Role.ADMIN})


def require_asker(actor: Actor) -> None:
    if actor.role not in ASKERS:
        raise Forbidden("ask-forbidden")


def require_department(actor: Actor, department_id: str) -> None:
    """Only the request's department (and heads, admins) work on its card."""
    if actor.role in OVERSEERS:
        return
    if actor.role is None or department_id not in actor.department_ids:
        raise Forbidden("ask-not-your-department")


def require_manager(actor: Actor, manager_id: int) -> None:
    """The manager's buttons are the manager's (and the heads', admins')."""
    if actor.role in OVERSEERS:
        return
    if actor.user_id is None or actor.user_id != manager_id:
        raise Forbidden("ask-not-your-request")


# --- the question --------------------------------------------------------------------------


def check_question(text: str) -> str:
    question = text.strip()
    if not question:
        raise InvalidInput("ask-empty-question")
    if len(question) > MAX_QUESTION:
        raise InvalidInput("ask-question-too-long", limit=str(MAX_QUESTION))
    return question


def check_files(count: int, limit: int) -> None:
    if count > limit:
        raise InvalidInput("ask-too-many-files", count=str(count), limit=str(limit))


# --- which department ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AskRule:
    department_id: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AskSettings:
    """company.yaml `requests:`."""

    rules: tuple[AskRule, ...] = ()
    markup_percent: int = DEFAULT_MARKUP_PERCENT
    max_files: int = DEFAULT_MAX_FILES

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> AskSettings:
        rules = tuple(
            AskRule(str(r["department"]), tuple(_norm(str(w)) for w in r.get("words") or ()))
            for r in section.get("routing") or ()
            if isinstance(r, Mapping) and r.get("department")
        )
        return cls(
            rules=rules,
            markup_percent=int(section.get("markup_percent") or DEFAULT_MARKUP_PERCENT),
            max_files=int(section.get("max_files") or DEFAULT_MAX_FILES),
        )


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def suggest_department(text: str, rules: Sequence[AskRule], known: Sequence[str]) -> str | None:
    """The department whose words the text has most of (a tie: the first rule); None when
    no word is found. A word matches the start of a word of the text (a stem)."""
    norm = _norm(text)
    best, best_score = None, 0
    for rule in rules:
        if rule.department_id not in known:
            continue
        score = sum(1 for w in rule.words if w and re.search(rf"(?<!\w){re.escape(w)}", norm))
        if score > best_score:
            best, best_score = rule.department_id, score
    return best


# --- the answer ----------------------------------------------------------------------------

_PRICE = re.compile(
    r"(?<![\w.,])(\d[\d  ]*(?:[.,]\d{1,2})?)\s*(?:₽|руб\w*\.?|р\.|р\b)", re.IGNORECASE
)
_PRICE_WORD = re.compile(r"(?:цена|стоимость|стоит)\D{0,12}?(\d[\d  ]*(?:[.,]\d{1,2})?)", re.I)
_TERM = re.compile(
    r"(\d{1,3})\s*(?:-|–)?\s*(?:раб\w*\.?\s*)?(?:дн\w*|день|дня)(?!\w)", re.IGNORECASE
)
_TERM_WORD = re.compile(r"срок\D{0,12}?(\d{1,3})(?!\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AnswerText:
    text: str
    price_kopecks: int | None = None
    term_days: int | None = None

    @property
    def has_offer(self) -> bool:
        return self.price_kopecks is not None or self.term_days is not None


def parse_answer(text: str) -> AnswerText:
    """The department's answer: the text as written, and the price in rubles («1 250,50 ₽»,
    «цена 1500») and the term in working days («7 раб. дней», «срок 5») found in it."""
    answer = text.strip()
    if not answer:
        raise InvalidInput("ask-empty-answer")
    if len(answer) > MAX_ANSWER:
        raise InvalidInput("ask-answer-too-long", limit=str(MAX_ANSWER))
    match = _PRICE.search(answer) or _PRICE_WORD.search(answer)
    price = _kopecks(match.group(1)) if match else None
    term_match = _TERM.search(answer) or _TERM_WORD.search(answer)
    term = int(term_match.group(1)) if term_match else None
    if term is not None and not 0 < term <= MAX_TERM_DAYS:
        term = None
    return AnswerText(answer, price, term)


def _kopecks(raw: str) -> int | None:
    digits = re.sub(r"\s", "", raw).replace(",", ".")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    kopecks = int((value * 100).to_integral_value(ROUND_HALF_UP))
    return kopecks if 0 < kopecks < MAX_PRICE_KOPECKS else None


def check_reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise InvalidInput("ask-empty-reason")
    return reason[:MAX_REASON]


def with_markup(price_kopecks: int, markup_percent: int) -> int:
    """The client's price: the department's (purchase) price plus the markup, to a kopeck."""
    value = Decimal(price_kopecks) * (100 + markup_percent) / 100
    return int(value.to_integral_value(ROUND_HALF_UP))


def rubles(kopecks: int) -> str:
    """«1 250,50» (no currency sign)."""
    whole, part = divmod(kopecks, 100)
    return f"{whole:,}".replace(",", " ") + f",{part:02d}"
