"""The /outbox report."""

from __future__ import annotations

from collections import Counter

from aiogram.types import InlineKeyboardButton

from bot.services.staff.outbox_report import OutboxReport
from bot.texts import Texts
from bot.views.callbacks import OutboxAction, OutboxCb
from bot.views.rendered import Rendered, keyboard

MAX_REASONS = 10


def outbox_report(texts: Texts, report: OutboxReport) -> Rendered:
    age = (
        int((report.now - report.oldest_pending_at).total_seconds())
        if report.oldest_pending_at
        else 0
    )
    lines = [texts("outbox-pending", count=report.pending, age=age)]
    if not report.failures:
        lines.append(texts("outbox-no-failures"))
        return Rendered("\n".join(lines))
    lines.append(texts("outbox-failures", count=len(report.failures)))
    reasons = Counter((f.error or "?")[:120] for f in report.failures)
    lines += [f"• {reason} — {count}" for reason, count in reasons.most_common(MAX_REASONS)]
    button = InlineKeyboardButton(
        text=texts("outbox-retry-button"), callback_data=OutboxCb(action=OutboxAction.RETRY).pack()
    )
    return Rendered("\n".join(lines), keyboard([[button]]))
