"""Telegram's flood limits as a pacing model the sender obeys, so Telegram need not say 429.

Messages (sends and edits) count; a private chat is a token bucket, a group a sliding
window, and all chats share one global sliding window. `time_scale` shrinks every window
(benchmarks and the fake Telegram use the same scale).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20
    time_scale: float = 1.0
    # Requests reach Telegram a little after we count them; keep this much in reserve.
    margin_seconds: float = 0.03

    @property
    def global_window(self) -> float:
        return 1.0 / self.time_scale + self.margin_seconds / self.time_scale

    @property
    def group_window(self) -> float:
        return 60.0 / self.time_scale + self.margin_seconds / self.time_scale

    @property
    def private_rate(self) -> float:
        return self.private_per_second * self.time_scale


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


@dataclass(slots=True)
class Pacer:
    limits: TelegramLimits
    _global: deque[float] = field(default_factory=deque)
    _groups: dict[int, deque[float]] = field(default_factory=dict)
    _private: dict[int, _Bucket] = field(default_factory=dict)
    _paused_until: dict[int, float] = field(default_factory=dict)
    _global_paused_until: float = 0.0

    def wait_time(self, chat_id: int, now: float) -> float:
        """Seconds until one more message to `chat_id` is within the limits (0: now)."""
        waits = [self._global_paused_until - now, self._paused_until.get(chat_id, 0.0) - now]
        window = self._global
        _expire(window, now - self.limits.global_window)
        if len(window) >= self.limits.global_per_second:
            waits.append(window[0] + self.limits.global_window - now)
        if chat_id < 0:
            group = self._groups.get(chat_id)
            if group is not None:
                _expire(group, now - self.limits.group_window)
                if len(group) >= self.limits.group_per_minute:
                    waits.append(group[0] + self.limits.group_window - now)
        else:
            bucket = self._refill(chat_id, now)
            if bucket.tokens < 1.0:
                waits.append((1.0 - bucket.tokens) / self.limits.private_rate)
        return max(0.0, *waits)

    def record(self, chat_id: int, now: float) -> None:
        self._global.append(now)
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            self._refill(chat_id, now).tokens -= 1.0

    def pause(self, chat_id: int | None, until: float) -> None:
        if chat_id is None:
            self._global_paused_until = max(self._global_paused_until, until)
        else:
            self._paused_until[chat_id] = max(self._paused_until.get(chat_id, 0.0), until)

    def global_load(self, now: float) -> int:
        _expire(self._global, now - self.limits.global_window)
        return len(self._global)

    def _refill(self, chat_id: int, now: float) -> _Bucket:
        bucket = self._private.get(chat_id)
        burst = float(self.limits.private_burst)
        if bucket is None:
            bucket = self._private[chat_id] = _Bucket(burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * self.limits.private_rate)
        bucket.at = now
        return bucket


def _expire(window: deque[float], before: float) -> None:
    while window and window[0] <= before:
        window.popleft()
