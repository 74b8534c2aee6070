"""How the sender claims, paces and gives up: one set of knobs, shared by its parts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class SenderOptions:
    batch: int = 400
    per_chat: int = 20
    lease: timedelta = timedelta(seconds=60)
    max_in_flight: int = 16
    max_attempts: int = 15
    max_backoff: float = 60.0
    poll_interval: float = 1.0
    request_timeout: float = 30.0
    # Retryable errors stop only after max_attempts *and* either other messages got through
    # meanwhile (the fault is this message's) or it has been failing this long.
    give_up_after: float = 3600.0
