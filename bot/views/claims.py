"""Claims: the filing dialogue, the card (one view for every copy), what the client is told,
the lists, and the deadlines' reminders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton

from bot.domain.claims.rules import (
    OPEN_STATUSES,
    STAFF_CHANNELS,
    SUPPLIER,
    ClaimStatus,
    Resolution,
)
from bot.domain.company import ClaimsConfig
from bot.services.claims.filing import OrderChoice
from bot.services.claims.listing import ClientOverview, OpenClaimLine
from bot.texts import Texts
from bot.views.callbacks import ClaimAction, ClaimCb, ClaimFileAction, ClaimFileCb
from bot.views.rendered import Rendered, button, cancel_row, keyboard

MAX_CARD = 3900
View = Callable[[Texts, dict[str, Any]], Rendered]


def _when(value: str | datetime, zone: str | ZoneInfo) -> str:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(ZoneInfo(str(zone))).strftime("%d.%m.%Y %H:%M")


def _status(texts: Texts, status: str) -> str:
    key = f"claim-status-{status}"
    return texts(key) if texts.has(key) else status


def _order_status(texts: Texts, status: str) -> str:
    key = f"my-order-status-{status}"
    return texts(key) if texts.has(key) else status


def _remedy(texts: Texts, remedy: str | None) -> str:
    if not remedy:
        return ""
    key = f"claim-remedy-{remedy}"
    return texts(key) if texts.has(key) else remedy


def _file(a: ClaimFileAction, arg: str = "") -> str:
    return ClaimFileCb(a=a, arg=arg).pack()


def _claim(a: ClaimAction, claim_id: int, arg: str = "") -> str:
    return ClaimCb(a=a, claim=claim_id, arg=arg).pack()


# --- filing -------------------------------------------------------------------------------


def pick_target(texts: Texts, orders: Sequence[OrderChoice]) -> Rendered:
    rows = [
        [
            button(
                texts(
                    "claim-order-line",
                    number=o.number,
                    date=o.created_on.strftime("%d.%m.%Y"),
                    status=_order_status(texts, o.status),
                ),
                _file(ClaimFileAction.ORDER, str(o.order_id)),
            )
        ]
        for o in orders
    ]
    rows.append([button(texts("claim-button-other"), _file(ClaimFileAction.OTHER))])
    rows.append(cancel_row(texts))
    key = "claim-pick-target" if orders else "claim-pick-target-no-orders"
    return Rendered(texts(key), keyboard(rows))


def pick_kind(texts: Texts, config: ClaimsConfig) -> Rendered:
    rows = [[button(c.label, _file(ClaimFileAction.KIND, c.id))] for c in config.categories]
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-pick-kind"), keyboard(rows))


def pick_channel(texts: Texts) -> Rendered:
    rows = [
        [button(texts(f"claim-channel-{c.value}"), _file(ClaimFileAction.CHANNEL, c.value))]
        for c in STAFF_CHANNELS
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-staff-pick-channel"), keyboard(rows))


def ask_description(texts: Texts, *, client: bool) -> Rendered:
    rows = []
    if client:
        rows.append([button(texts("claim-button-to-request"), _file(ClaimFileAction.TO_REQUEST))])
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-ask-description"), keyboard(rows))


def ask_files(texts: Texts, count: int | None = None) -> Rendered:
    text = texts("claim-ask-files") if count is None else texts("claim-file-added", count=count)
    rows = [[button(texts("claim-button-done"), _file(ClaimFileAction.DONE))], cancel_row(texts)]
    return Rendered(text, keyboard(rows))


def confirm(
    texts: Texts,
    config: ClaimsConfig,
    order_number: int | None,
    kind: str,
    description: str,
    files: int,
    *,
    client: bool,
) -> Rendered:
    target = (
        texts("claim-target-order", number=order_number)
        if order_number is not None
        else texts("claim-target-other")
    )
    text = texts(
        "claim-confirm",
        target=target,
        kind=config.category(kind).label,
        description=description,
        files=files,
    )
    rows = [[button(texts("claim-button-confirm"), _file(ClaimFileAction.CONFIRM))]]
    if client:
        rows.append([button(texts("claim-button-to-request"), _file(ClaimFileAction.TO_REQUEST))])
    rows.append(cancel_row(texts))
    return Rendered(text, keyboard(rows))


def filed(
    texts: Texts,
    number: str,
    department: str,
    accept_by: datetime,
    decide_by: datetime,
    zone: ZoneInfo,
) -> Rendered:
    return Rendered(
        texts(
            "claim-filed",
            number=number,
            department=department,
            accept_by=_when(accept_by, zone),
            decide_by=_when(decide_by, zone),
        )
    )


# --- the card -----------------------------------------------------------------------------


def _history_line(texts: Texts, row: dict[str, Any], zone: str) -> str:
    kind = str(row["kind"])
    text = str(row.get("text") or "")
    if kind == "registered":
        key = f"claim-channel-{text}"
        text = texts(key) if texts.has(key) else text
    line = texts(f"claim-event-{kind}", text=text) if texts.has(f"claim-event-{kind}") else kind
    who = f" — {row['who']}" if row.get("who") else ""
    return f"{_when(str(row['at']), zone)} {line}{who}"


def card_text(texts: Texts, p: dict[str, Any]) -> str:
    target = (
        texts("claim-target-order", number=p["order"])
        if p.get("order") is not None
        else texts("claim-target-other")
    )
    kind = str(p["category"])
    label_key = f"claim-kind-{kind}"
    lines = [
        texts(
            "claim-card",
            number=p["number"],
            client=p["client"],
            target=target,
            kind=texts(label_key) if texts.has(label_key) else kind,
            department=p["department"],
            status=_status(texts, str(p["status"])),
            channel=texts(f"claim-channel-{p['channel']}"),
            description=p["description"],
        )
    ]
    if p.get("files"):
        lines.append(texts("claim-card-files", files=p["files"], sets=p["sets"]))
    if p.get("question"):
        lines.append(texts("claim-card-question", question=p["question"]))
    if p.get("resolution"):
        remedy = _remedy(texts, p.get("remedy"))
        lines.append(
            texts(
                "claim-card-decision",
                resolution=_status(texts, str(p["resolution"])),
                remedy=f": {remedy}" if remedy else "",
                comment=p.get("comment") or "",
            )
        )
        if p.get("culprit"):
            lines.append(texts("claim-card-culprit", culprit=culprit_name(texts, p["culprit"])))
    if p.get("rating"):
        lines.append(texts("claim-card-rating", rating=p["rating"]))
    history = [_history_line(texts, row, str(p["zone"])) for row in p.get("history", [])]
    if history:
        lines.append(texts("claim-card-history") + "\n" + "\n".join(history))
    text = "\n".join(lines)
    return text if len(text) <= MAX_CARD else text[: MAX_CARD - 1] + "…"


def culprit_name(texts: Texts, culprit: str) -> str:
    return texts("claim-culprit-supplier") if culprit == SUPPLIER else culprit


def card_buttons(texts: Texts, claim_id: int, status: str) -> list[list[InlineKeyboardButton]]:
    rows: list[list[InlineKeyboardButton]] = []
    if status == ClaimStatus.REGISTERED:
        rows.append([button(texts("claim-button-accept"), _claim(ClaimAction.ACCEPT, claim_id))])
    if status in OPEN_STATUSES:
        rows.append(
            [
                button(texts("claim-button-ask"), _claim(ClaimAction.ASK, claim_id)),
                button(texts("claim-button-decide"), _claim(ClaimAction.DECIDE, claim_id)),
            ]
        )
    if status in {ClaimStatus.SATISFIED, ClaimStatus.PARTLY_SATISFIED, ClaimStatus.REJECTED}:
        rows.append([button(texts("claim-button-close"), _claim(ClaimAction.CLOSE, claim_id))])
    return rows


def claim_card(texts: Texts, p: dict[str, Any]) -> Rendered:
    rows = card_buttons(texts, int(p["claim_id"]), str(p["status"]))
    return Rendered(card_text(texts, p), keyboard(rows) if rows else None)


def claim_card_for_viewer(texts: Texts, p: dict[str, Any]) -> Rendered:
    if p.get("viewer_is_client"):
        return Rendered(card_text(texts, p))
    return claim_card(texts, p)


def pick_resolution(texts: Texts, claim_id: int, number: str) -> Rendered:
    rows = [
        [button(_status(texts, r.value), _claim(ClaimAction.DECIDE, claim_id, r.value))]
        for r in Resolution
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-pick-resolution", number=number), keyboard(rows))


def pick_remedy(
    texts: Texts, config: ClaimsConfig, claim_id: int, number: str, resolution: str
) -> Rendered:
    rows = [
        [button(_remedy(texts, r), _claim(ClaimAction.REMEDY, claim_id, f"{resolution}/{r}"))]
        for r in config.remedies
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-pick-remedy", number=number), keyboard(rows))


def pick_culprit(
    texts: Texts,
    departments: Sequence[tuple[str, str]],
    claim_id: int,
    number: str,
    prefix: str,
) -> Rendered:
    choices = [*departments, (SUPPLIER, texts("claim-culprit-supplier"))]
    rows = [
        [button(title, _claim(ClaimAction.CULPRIT, claim_id, f"{prefix}/{dep}"))]
        for dep, title in choices
    ]
    rows.append(cancel_row(texts))
    return Rendered(texts("claim-pick-culprit", number=number), keyboard(rows))


def ask_text(texts: Texts, key: str, number: str) -> Rendered:
    return Rendered(texts(key, number=number), keyboard([cancel_row(texts)]))


def claim_attachment(texts: Texts, p: dict[str, Any]) -> Rendered:
    name = f" · {p['name']}" if p.get("name") else ""
    return Rendered(texts("claim-attachment", number=p["number"], set=p["set"], name=name))


# --- the client ---------------------------------------------------------------------------


def claim_client_registered(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            "claim-client-registered",
            number=p["number"],
            department=p["department"],
            accept_by=_when(p["accept_by"], p["zone"]),
        )
    )


def claim_client_accepted(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("claim-client-accepted", number=p["number"], department=p["department"]))


def claim_client_question(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(texts("claim-client-question", number=p["number"], question=p["question"]))


def claim_client_question_reminder(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts("claim-client-question-reminder", number=p["number"], question=p["question"])
    )


def claim_client_decided(texts: Texts, p: dict[str, Any]) -> Rendered:
    return Rendered(
        texts(
            f"claim-client-decided-{p['resolution']}",
            number=p["number"],
            remedy=_remedy(texts, p.get("remedy")),
            comment=p.get("comment") or "",
        )
    )


def claim_client_closed(texts: Texts, p: dict[str, Any]) -> Rendered:
    claim_id = int(p["claim_id"])
    row = [button(f"{n} ⭐", _claim(ClaimAction.RATE, claim_id, str(n))) for n in range(1, 6)]
    return Rendered(texts("claim-client-closed", number=p["number"]), keyboard([row]))


CLIENT_VIEWS: dict[str, View] = {
    "claim_client_registered": claim_client_registered,
    "claim_client_accepted": claim_client_accepted,
    "claim_client_question": claim_client_question,
    "claim_client_question_reminder": claim_client_question_reminder,
    "claim_client_decided": claim_client_decided,
    "claim_client_closed": claim_client_closed,
}


def claim_client_unreachable(texts: Texts, p: dict[str, Any]) -> Rendered:
    inner = CLIENT_VIEWS[str(p["view"])](texts, dict(p["params"])).text
    return Rendered(
        texts("claim-client-unreachable", client=p["client"], number=p["number"], text=inner)
    )


# --- lists --------------------------------------------------------------------------------


def client_overview(texts: Texts, o: ClientOverview, zone: ZoneInfo) -> Rendered:
    lines = [texts("claim-my-header", client=o.client), texts("claim-my-orders")]
    if not o.orders:
        lines.append(texts("claim-my-no-orders"))
    for order in o.orders:
        lines.append(
            texts(
                "claim-my-order",
                number=order.number,
                date=order.created_at.astimezone(zone).strftime("%d.%m.%Y"),
                status=_order_status(texts, order.status),
            )
        )
    lines.append("")
    lines.append(texts("claim-my-claims"))
    if not o.claims:
        lines.append(texts("claim-my-no-claims"))
    rows = []
    for claim in o.claims:
        lines.append(
            texts(
                "claim-my-claim",
                number=claim.number,
                date=claim.created_at.astimezone(zone).strftime("%d.%m.%Y"),
                status=_status(texts, claim.status),
            )
        )
        rows.append([button(claim.number, _claim(ClaimAction.OPEN, claim.claim_id))])
    return Rendered("\n".join(lines), keyboard(rows) if rows else None)


def open_claims(texts: Texts, found: Sequence[OpenClaimLine], now: datetime) -> Rendered:
    if not found:
        return Rendered(texts("claim-list-empty"))
    lines = [texts("claim-list-header", count=len(found))]
    rows = []
    for line in found:
        lines.append(
            texts(
                "claim-list-line",
                overdue=texts("claim-list-overdue") + " " if line.overdue else "",
                number=line.number,
                client=line.client,
                department=line.department,
                status=_status(texts, line.status),
                age=(now - line.created_at).days,
                waiting=" " + texts("claim-list-waiting") if line.waiting_client else "",
            )
        )
        rows.append(
            [
                button(
                    texts("claim-button-open", number=line.number, client=line.client),
                    _claim(ClaimAction.OPEN, line.claim_id),
                )
            ]
        )
    return Rendered("\n".join(lines), keyboard(rows))


# --- reminders ----------------------------------------------------------------------------


def _reminder(key: str) -> View:
    def view(texts: Texts, p: dict[str, Any]) -> Rendered:
        return Rendered(
            texts(
                key,
                number=p["number"],
                client=p["client"],
                department=p.get("department", ""),
                question=p.get("question", ""),
            )
        )

    return view


reminder_claim_not_accepted = _reminder("reminder-claim-not-accepted")
reminder_claim_not_decided = _reminder("reminder-claim-not-decided")
reminder_claim_unanswered = _reminder("reminder-claim-unanswered")

VIEWS: dict[str, View] = {
    "claim_card": claim_card,
    "claim_attachment": claim_attachment,
    "claim_client_unreachable": claim_client_unreachable,
    "reminder_claim_not_accepted": reminder_claim_not_accepted,
    "reminder_claim_not_decided": reminder_claim_not_decided,
    "reminder_claim_unanswered": reminder_claim_unanswered,
    **CLIENT_VIEWS,
}
