"""The rows a sender holds, one queue per chat, each in id order.

The loop takes from the heads; settling an outcome puts a row back (a retry, a 429), moves a
chat's queue (a group became a supergroup), retargets a topic or drops a chat it cannot reach.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from storage.models import OutboxMessage


class ChatQueues:
    def __init__(self) -> None:
        self._queues: dict[int, deque[OutboxMessage]] = {}

    def __bool__(self) -> bool:
        return bool(self._queues)

    def __contains__(self, chat: int) -> bool:
        return chat in self._queues

    def items(self) -> Iterator[tuple[int, deque[OutboxMessage]]]:
        return iter(list(self._queues.items()))

    def head(self, chat: int) -> OutboxMessage:
        return self._queues[chat][0]

    def rows(self) -> list[OutboxMessage]:
        return [row for queue in self._queues.values() for row in queue]

    def size(self, chat: int) -> int:
        queue = self._queues.get(chat)
        return len(queue) if queue else 0

    def __len__(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    def add(self, row: OutboxMessage) -> list[OutboxMessage]:
        """Queue a newly claimed row; an edit supersedes the edits of its card still queued
        (only the newest state of a card is sent). Returns the superseded rows."""
        queue = self._queues.setdefault(row.tg_chat_id, deque())
        stale = []
        if row.method == "edit" and row.card_key:
            stale = [q for q in queue if q.method == "edit" and q.card_key == row.card_key]
            for old in stale:
                queue.remove(old)
        _insert_in_order(queue, row)
        return stale

    def put_back(self, row: OutboxMessage) -> None:
        """A row to try again goes back before the chat's later rows."""
        _insert_in_order(self._queues.setdefault(row.tg_chat_id, deque()), row)

    def pop(self, chat: int) -> OutboxMessage:
        queue = self._queues[chat]
        row = queue.popleft()
        if not queue:
            del self._queues[chat]
        return row

    def drop(self, chat: int) -> list[OutboxMessage]:
        return list(self._queues.pop(chat, ()))

    def move(self, old: int, new: int) -> None:
        """A group became a supergroup: its queue follows it."""
        for row in self.drop(old):
            row.tg_chat_id = new
            self.put_back(row)

    def retarget_topic(self, chat: int, old: int, new: int) -> None:
        for row in self._queues.get(chat, ()):
            if row.thread_id == old:
                row.thread_id = new

    def clear(self) -> list[OutboxMessage]:
        rows = self.rows()
        self._queues.clear()
        return rows


def _insert_in_order(queue: deque[OutboxMessage], row: OutboxMessage) -> None:
    if not queue or queue[-1].id < row.id:
        queue.append(row)
        return
    for index, queued in enumerate(queue):
        if queued.id > row.id:
            queue.insert(index, row)
            return
        if queued.id == row.id:
            return
    queue.append(row)
