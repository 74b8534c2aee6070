"""Telegram's broadcast limits, simulated on the fake's clock.

Rules (only message-producing methods count, see telegram_models.MESSAGE_METHODS; a request
counts once it is accepted, rejected requests do not use up the limit):

- global: at most `global_per_second` accepted in any sliding window of 1 s;
- private chat (chat_id > 0): token bucket per chat, refilled at `private_per_second`,
  holding at most `private_burst` tokens (starts full);
- group or supergroup: at most `group_per_minute` accepted in any sliding window of 60 s.

`time_scale` keeps every count and shrinks every window by that factor so that benchmarks
run fast: time_scale=10 means 30 per 0.1 s globally, private chats refill 10 tokens/s
(burst still 3) and groups allow 20 per 6 s.

A 429 answer carries `parameters.retry_after`: the wait until the limit frees, in seconds
of the fake's clock (so already scaled), rounded up to an int and at least 1; with
time_scale=10 a group that is full for another 5.2 s says 6, not 52. Since the int cannot go
below 1 s, `parameters.retry_after_exact` carries the exact wait as a float (same unit) for
senders that want to wait precisely; aiogram keeps it in the response's parameters.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field

from tests.fakes.telegram_models import chat_type


@dataclass
class FakeLimits:
    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20
    enabled: bool = True
    time_scale: float = 1.0

    @staticmethod
    def retry_after(wait: float) -> int:
        """retry_after as the API says it: clock seconds (scaled), rounded up, at least 1."""
        return max(1, math.ceil(wait - 1e-9))


@dataclass
class FakeStats:
    """Counters of message-producing requests (see FakeLimits for which ones count)."""

    accepted: int = 0
    rejected_429: int = 0
    per_chat: Counter[int] = field(default_factory=Counter)  # accepted per chat
    rejected_per_chat: Counter[int] = field(default_factory=Counter)
    accepted_at: list[tuple[float, int]] = field(default_factory=list)  # (clock, chat_id)

    def record_accepted(self, chat_id: int, at: float) -> None:
        self.accepted += 1
        self.per_chat[chat_id] += 1
        self.accepted_at.append((at, chat_id))

    def record_rejected(self, chat_id: int) -> None:
        self.rejected_429 += 1
        self.rejected_per_chat[chat_id] += 1

    def max_rate_observed(self, window: float = 1.0, chat_id: int | None = None) -> int:
        """Most requests accepted within any window of `window` clock seconds."""
        times = sorted(t for t, chat in self.accepted_at if chat_id is None or chat == chat_id)
        best = start = 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best


class RateLimiter:
    def __init__(self) -> None:
        self._global: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, updated_at)

    def acquire(self, limits: FakeLimits, chat_id: int | None, now: float) -> float | None:
        """Take one slot for a message to chat_id; if over a limit, return the wait instead."""
        if not limits.enabled:
            return None
        scale = limits.time_scale
        waits = [self._window_wait(self._global, limits.global_per_second, 1.0 / scale, now)]
        tokens = 0.0
        kind = chat_type(chat_id) if chat_id is not None else None
        if kind == "private" and chat_id is not None:
            rate = limits.private_per_second * scale
            tokens, updated = self._buckets.get(chat_id, (float(limits.private_burst), now))
            tokens = min(float(limits.private_burst), tokens + (now - updated) * rate)
            waits.append((1.0 - tokens) / rate if tokens < 1.0 else 0.0)
        elif kind is not None and chat_id is not None:
            group = self._groups.setdefault(chat_id, deque())
            waits.append(self._window_wait(group, limits.group_per_minute, 60.0 / scale, now))
        wait = max(waits)
        if wait > 0:
            return wait
        self._global.append(now)
        if kind == "private" and chat_id is not None:
            self._buckets[chat_id] = (tokens - 1.0, now)
        elif kind is not None and chat_id is not None:
            self._groups[chat_id].append(now)
        return None

    @staticmethod
    def _window_wait(accepted: deque[float], limit: int, window: float, now: float) -> float:
        while accepted and accepted[0] <= now - window:
            accepted.popleft()
        if len(accepted) < limit:
            return 0.0
        return accepted[len(accepted) - limit] + window - now
