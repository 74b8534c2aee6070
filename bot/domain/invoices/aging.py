"""How overdue an invoice is, and its aging bucket (company.yaml `receivables.aging_buckets`:
not_due, 0-30 = 1..30 days overdue, 31-60, 61-90, 90+ = 91 and more; calendar days; the due
date is taken as written)."""

from __future__ import annotations

from datetime import date

PAID, NOT_DUE = "paid", "not_due"
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, None),
)


def days_overdue(due_on: date, today: date, *, outstanding: bool) -> int:
    if not outstanding:
        return 0
    return max(0, (today - due_on).days)


def bucket(due_on: date, today: date, *, outstanding: bool) -> str:
    if not outstanding:
        return PAID
    days = days_overdue(due_on, today, outstanding=True)
    for name, low, high in BUCKETS:
        if days >= low and (high is None or days <= high):
            return name
    return NOT_DUE
