"""The reminder kinds of this bot: one line per feature (see kinds.py for the API).

A feature that makes reminders adds its `register` here; the engine itself names none.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.services.asks import sla as asks_sla
from bot.services.claims import deadlines as claim_deadlines
from bot.services.reminders import follow_up
from bot.services.reminders.kinds import ReminderKinds

Register = Callable[[ReminderKinds], None]

FEATURES: tuple[Register, ...] = (
    follow_up.register,  # follow_up_after_delivery
    claim_deadlines.register,  # claims.*: accept, decide, answer a question
    asks_sla.register,  # dept_requests (managers' requests to departments)
)


def build_kinds(*extra: Register) -> ReminderKinds:
    """Every feature's kinds (and `extra` ones, e.g. a test's or a benchmark's)."""
    kinds = ReminderKinds()
    for register in (*FEATURES, *extra):
        register(kinds)
    return kinds
