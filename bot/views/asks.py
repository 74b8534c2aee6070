"""Managers' requests to departments: the /ask dialogue, the department's card, the
manager's answer with its buttons, the commercial proposal, the lists."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.domain.asks.rules import AskAction, rubles
from bot.texts import Texts
from bot.views.callbacks import AskCb, AskDeptCb, AskStartCb
from bot.views.rendered import Rendered, button, cancel_row, keyboard

MAX_LINE_QUESTION = 80


def opt(value: object) -> str:
    text = str(value) if value not in (None, "", 0) else ""
    return text or "none"


def price(kopecks: int) -> str:
    return rubles(kopecks) if kopecks else "none"


# --- the dialogue ----------------------------------------------------------------------


def start_button(texts: Texts, *, cp: int = 0, order: int = 0) -> InlineKeyboardButton:
    """«Запрос в отдел» on a client's card or an order's card."""
    data = AskStartCb(cp=cp, order=order).pack()
    return button(texts("ask-button-start"), data)


def prompt(texts: Texts, client: str, order: int) -> Rendered:
    return Rendered(
        texts("ask-prompt", client=opt(client), order=order), keyboard([cancel_row(texts)])
    )


def departments(
    texts: Texts,
    question: str,
    suggested: str | None,
    choices: Sequence[tuple[str, str]],
    files: int,
    limit: int,
) -> Rendered:
    titles = dict(choices)
    rows = []
    for dept_id, title in choices:
        label = texts("ask-department-suggested", title=title) if dept_id == suggested else title
        rows.append([button(label, AskDeptCb(v=dept_id).pack())])
    rows.append(cancel_row(texts))
    text = texts(
        "ask-departments",
        question=question[:300],
        suggested=titles.get(suggested or "", "none"),
        files=files,
        limit=limit,
    )
    return Rendered(text, keyboard(rows))


def file_added(texts: Texts, count: int) -> Rendered:
    return Rendered(texts("ask-file-added", count=count))


def submitted(texts: Texts, number: int, department: str, is_posted: bool) -> Rendered:
    key = "ask-submitted" if is_posted else "ask-submitted-waiting"
    return Rendered(texts(key, number=number, department=department))


def input_prompt(texts: Texts, action: AskAction, number: int) -> Rendered:
    return Rendered(
        texts(f"ask-input-{action.value}", number=number), keyboard([cancel_row(texts)])
    )


def done(texts: Texts, action: AskAction, number: int) -> str:
    return texts(f"ask-done-{action.value}", number=number)


# --- the card and the messages the sender renders ----------------------------------------


def _local(value: str, tz: str) -> str:
    return datetime.fromisoformat(value).astimezone(ZoneInfo(tz)).strftime("%d.%m %H:%M")


def ask_card(texts: Texts, p: dict[str, Any]) -> Rendered:
    lines = [texts("ask-card-title", number=p["number"], department=p["department"])]
    if p["manager"]:
        lines.append(texts("ask-card-manager", manager=p["manager"]))
    if p["client"]:
        lines.append(texts("ask-card-client", client=p["client"]))
    if p["order"]:
        lines.append(texts("ask-card-order", order=p["order"]))
    lines.append(texts("ask-card-question", question=p["question"]))
    if p["files"]:
        lines.append(texts("ask-card-files", count=p["files"]))
    lines.append(texts("ask-card-status", status=p["status"], who=p["taken_by"] or "—"))
    if p["answer"]:
        lines.append(texts("ask-card-answer", answer=p["answer"]))
    if p["price"]:
        lines.append(texts("ask-card-price", price=rubles(int(p["price"]))))
    if p["term"]:
        lines.append(texts("ask-card-term", term=int(p["term"])))
    if p["history"]:
        lines.append(texts("ask-card-history"))
        for e in p["history"]:
            lines.append(
                texts(
                    "ask-card-history-line",
                    at=_local(e["at"], p["tz"]),
                    who=opt(e["who"]),
                    event=e["event"],
                    note=opt(e["note"][:120]),
                )
            )
    buttons = [
        button(texts(f"ask-button-{a}"), AskCb(a=AskAction(a), r=p["id"]).pack())
        for a in p["buttons"]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Rendered("\n".join(lines), keyboard(rows) if rows else None)


def ask_file(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("ask-file-caption", number=p["number"]))


def _for_other(texts: Texts, p: dict[str, Any], text: str) -> str:
    return f"{texts('ask-for-other')}\n{text}" if p.get("for_other") else text


def ask_posted(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("ask-posted", number=p["number"], department=p["department"]))


def ask_taken(texts: Texts, p: dict[str, Any]) -> Rendered:
    text = texts("ask-taken", number=p["number"], department=p["department"], who=p["who"])
    return Rendered(_for_other(texts, p, text))


def ask_answer(texts: Texts, p: dict[str, Any]) -> Rendered:
    text = texts(
        "ask-answer",
        refused="yes" if p["refused"] else "no",
        number=p["number"],
        department=p["department"],
        question=p["question"],
        who=p["who"] or "—",
        answer=p["answer"],
        price=price(int(p["price"])),
        term=int(p["term"]),
    )
    request_id = int(p["id"])
    rows = [
        [
            button(texts("ask-button-close"), AskCb(a=AskAction.CLOSE, r=request_id).pack()),
            button(texts("ask-button-more"), AskCb(a=AskAction.MORE, r=request_id).pack()),
        ]
    ]
    if p["has_offer"]:
        rows.append(
            [
                button(texts("ask-button-offer"), AskCb(a=AskAction.OFFER, r=request_id).pack()),
                button(texts("ask-button-order"), AskCb(a=AskAction.ORDER, r=request_id).pack()),
            ]
        )
    return Rendered(_for_other(texts, p, text), keyboard(rows))


def ask_clarify(texts: Texts, p: dict[str, Any]) -> Rendered:
    text = texts(
        "ask-clarify",
        number=p["number"],
        department=p["department"],
        who=p["who"] or "—",
        text=p["text"],
        question=p["question"],
    )
    reply = AskCb(a=AskAction.REPLY, r=int(p["id"])).pack()
    return Rendered(
        _for_other(texts, p, text), keyboard([[button(texts("ask-button-reply"), reply)]])
    )


def ask_manager_says(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "ask-manager-says",
            event=p["event"],
            number=p["number"],
            who=p["who"] or "—",
            text=p["text"],
        )
    )


def reminder_ask(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "reminder-ask",
            step=p["step"],
            number=p["number"],
            department=p["department"],
            question=p["question"],
        )
    )


# --- the proposal, the lists --------------------------------------------------------------


def offer(
    texts: Texts,
    *,
    number: int,
    client: str,
    item: str,
    price_kopecks: int,
    base_kopecks: int,
    markup_percent: int,
    term_days: int,
) -> list[Rendered]:
    """The proposal as a message of its own (to copy or forward), then a note for the manager."""
    body = texts(
        "ask-offer", client=opt(client), item=item, price=price(price_kopecks), term=term_days
    )
    note = texts("ask-offer-note", number=number, base=price(base_kopecks), markup=markup_percent)
    return [Rendered(body.strip()), Rendered(note)]


def _age(texts: Texts, created_at: datetime, now: datetime) -> str:
    minutes = max(0, int((now - created_at).total_seconds() // 60))
    if minutes < 60:  # noqa: PLR2004
        return texts("ask-age-minutes", n=minutes)
    if minutes < 24 * 60:
        return texts("ask-age-hours", n=minutes // 60)
    return texts("ask-age-days", n=minutes // (24 * 60))


def ask_list(texts: Texts, title_key: str, lines: Sequence[Any], now: datetime) -> Rendered:
    if not lines:
        return Rendered(texts("ask-list-empty"))
    out = [texts(title_key)]
    for line in lines:
        question = " ".join(line.question.split())
        out.append(
            texts(
                "ask-list-line",
                number=line.number,
                department=line.department,
                status=line.status,
                age=_age(texts, line.created_at, now),
                question=question[:MAX_LINE_QUESTION],
            )
        )
    return Rendered("\n".join(out))
