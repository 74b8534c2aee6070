"""Telegram's flood limits as a pacing model the sender obeys, so Telegram need not say 429.

Messages (sends and edits) count; a private chat is a token bucket, a group a sliding
window, and all chats share one global sliding window. `time_scale` shrinks every window
(benchmarks and the fake Telegram use the same scale).

Telegram counts a message when the request *arrives*, which is some time after we start it
and before its answer is back. So a message takes its place in the windows when it starts
(`start`), and its time in them is the moment its answer came back (`finish`): the latest it
can have arrived. A new message is started no earlier than that time plus the window, so
however long requests travel, Telegram never sees more than the limit in any window.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TelegramLimits:
    global_per_second: int = 30
    private_per_second: float = 1.0
    private_burst: int = 3
    group_per_minute: int = 20
    time_scale: float = 1.0
    # Kept in reserve on top of each window (unscaled seconds).
    margin_seconds: float = 0.01

    @property
    def global_window(self) -> float:
        return (1.0 + self.margin_seconds) / self.time_scale

    @property
    def group_window(self) -> float:
        return (60.0 + self.margin_seconds) / self.time_scale

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
    # Processes sending with the same token at the same time; each keeps to its share of
    # the global limit (see Sender: counted from the outbox leases at every claim).
    senders: int = 1
    _global: deque[float] = field(default_factory=deque)  # finish times, sorted
    _in_flight: int = 0
    _groups: dict[int, deque[float]] = field(default_factory=dict)
    _private: dict[int, _Bucket] = field(default_factory=dict)
    _paused_until: dict[int, float] = field(default_factory=dict)
    _global_paused_until: float = 0.0

    @property
    def global_limit(self) -> int:
        return max(1, self.limits.global_per_second // max(1, self.senders))

    def wait_time(self, chat_id: int, now: float) -> float:
        """Seconds until one more message to `chat_id` is within the limits (0: now).

        `math.inf` means only messages still in flight hold the global window: wait for one
        of them to finish.
        """
        waits = [self._global_paused_until - now, self.chat_wait_time(chat_id, now)]
        _expire(self._global, now - self.limits.global_window)
        used = len(self._global) + self._in_flight
        if used >= self.global_limit:
            index = used - self.global_limit
            if index < len(self._global):
                waits.append(self._global[index] + self.limits.global_window - now)
            else:
                waits.append(math.inf)
        return max(0.0, *waits)

    def chat_wait_time(self, chat_id: int, now: float) -> float:
        """Like wait_time, but only what this chat's own limits and pauses impose."""
        waits = [self._paused_until.get(chat_id, 0.0) - now]
        if chat_id < 0:
            group = self._groups.get(chat_id)
            if group is not None:
                _expire(group, now - self.limits.group_window)
                if len(group) >= self.limits.group_per_minute:
                    first = group[len(group) - self.limits.group_per_minute]
                    waits.append(first + self.limits.group_window - now)
        else:
            bucket = self._refill(chat_id, now)
            if bucket.tokens < 1.0:
                waits.append((1.0 - bucket.tokens) / self.limits.private_rate)
        return max(0.0, *waits)

    def backlog_seconds(self, chat_id: int, messages: int) -> float:
        """How long `messages` to this chat take under its own limit alone (unscaled)."""
        if chat_id < 0:
            return messages * 60.0 / self.limits.group_per_minute
        return messages / self.limits.private_per_second

    def start(self, chat_id: int) -> None:
        """A message to `chat_id` is on its way (it holds a place in the global window)."""
        self._in_flight += 1

    def finish(self, chat_id: int, at: float, *, counted: bool = True) -> None:
        """Its answer came back at `at`; `counted=False` when Telegram refused it (429)."""
        self._in_flight = max(0, self._in_flight - 1)
        if counted:
            self.record(chat_id, at)

    def record(self, chat_id: int, at: float) -> None:
        """Count a message Telegram took at `at` (also: one sent by another process)."""
        bisect.insort(self._global, at)
        if chat_id < 0:
            group = self._groups.setdefault(chat_id, deque())
            if group and group[-1] > at:
                items = sorted([*group, at])
                group.clear()
                group.extend(items)
            else:
                group.append(at)
        else:
            self._refill(chat_id, at).tokens -= 1.0

    def knows(self, chat_id: int) -> bool:
        return chat_id in self._groups or chat_id in self._private

    @property
    def global_paused_until(self) -> float:
        return self._global_paused_until

    def pause(self, chat_id: int | None, until: float) -> None:
        if chat_id is None:
            self._global_paused_until = max(self._global_paused_until, until)
        else:
            self._paused_until[chat_id] = max(self._paused_until.get(chat_id, 0.0), until)

    def global_load(self, now: float) -> int:
        _expire(self._global, now - self.limits.global_window)
        return len(self._global) + self._in_flight

    def forget_idle(self, now: float) -> None:
        """Drop state of chats whose windows are empty (keeps memory flat over weeks)."""
        for chat, group in list(self._groups.items()):
            _expire(group, now - self.limits.group_window)
            if not group:
                del self._groups[chat]
        full = float(self.limits.private_burst)
        for chat in list(self._private):
            if self._refill(chat, now).tokens >= full:
                del self._private[chat]
        for chat, until in list(self._paused_until.items()):
            if until <= now:
                del self._paused_until[chat]

    def _refill(self, chat_id: int, now: float) -> _Bucket:
        bucket = self._private.get(chat_id)
        burst = float(self.limits.private_burst)
        if bucket is None:
            bucket = self._private[chat_id] = _Bucket(burst, now)
        if now > bucket.at:
            bucket.tokens = min(
                burst, bucket.tokens + (now - bucket.at) * self.limits.private_rate
            )
            bucket.at = now
        return bucket


def _expire(window: deque[float], before: float) -> None:
    while window and window[0] <= before:
        window.popleft()
