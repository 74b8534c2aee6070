"""What features do when a delivery teaches the sender something: a forum topic was opened,
reopened or has a name to reopen with, a group became a supergroup, a chat or a person can
no longer be reached.

The sender names no feature. The composition root registers each feature's service
functions here (bot/app.py `delivery_hooks`), as bot/views/registry.py registers views by
name; the sender only tells the registry. Every hook is a use case: it gets a unit of work
of its own and commits it. Hooks of one event run in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

import structlog

from bot.clock import Clock
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = structlog.get_logger()

# A `create_topic` row was delivered: (its view's params, chat, thread or None when the bot
# may not manage topics there, the topic's name, ...). Registered by the row's view.
TopicOpened = Callable[
    [Mapping[str, Any], int, int | None, str, UnitOfWork, Clock], Awaitable[object]
]
# The name to reopen a deleted topic with: (chat, thread, ...) -> None when not its topic.
TopicNamer = Callable[[int, int, UnitOfWork], Awaitable[str | None]]
# A deleted topic was opened again: (chat, old thread, new thread, ...).
TopicMoved = Callable[[int, int, int, UnitOfWork], Awaitable[object]]
# A group became a supergroup: (old chat, new chat, ...).
ChatMigrated = Callable[[int, int, UnitOfWork], Awaitable[object]]
# The bot may no longer post to a group: (chat, Telegram's reason, ...).
ChatLost = Callable[[int, str, UnitOfWork, Clock], Awaitable[object]]
# A person blocked the bot: (tg_user_id, ...).
UserUnreachable = Callable[[int, UnitOfWork, Clock], Awaitable[object]]
# A card (a message with a card key, not an edit) reached its chat for the first time:
# (card key, chat, thread, when it was marked sent, ...). Registered by the key's prefix.
CardPosted = Callable[[str, int, int | None, datetime, UnitOfWork], Awaitable[object]]


class DeliveryHooks:
    def __init__(self, make_uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.on_topic_opened: dict[str, TopicOpened] = {}
        self.topic_namers: list[TopicNamer] = []
        self.on_topic_moved: list[TopicMoved] = []
        self.on_chat_migrated: list[ChatMigrated] = []
        self.on_chat_lost: list[ChatLost] = []
        self.on_user_unreachable: list[UserUnreachable] = []
        self.on_card_posted: dict[str, CardPosted] = {}  # by card key prefix ("task:")

    def hears_card(self, card_key: str) -> bool:
        return any(card_key.startswith(prefix) for prefix in self.on_card_posted)

    async def card_posted(
        self, card_key: str, chat: int, thread: int | None, at: datetime
    ) -> None:
        for prefix, hook in self.on_card_posted.items():
            if card_key.startswith(prefix):
                async with self.make_uow() as uow:
                    await hook(card_key, chat, thread, at, uow)

    async def topic_opened(
        self, view: str, params: Mapping[str, Any], chat: int, thread: int | None, name: str
    ) -> None:
        hook = self.on_topic_opened.get(view)
        if hook is None:
            log.warning("topic_opened_unheard", view=view, chat=chat, thread=thread)
            return
        async with self.make_uow() as uow:
            await hook(params, chat, thread, name, uow, self.clock)

    async def topic_name(self, chat: int, thread: int) -> str | None:
        for namer in self.topic_namers:
            async with self.make_uow() as uow:
                name = await namer(chat, thread, uow)
            if name is not None:
                return name
        return None

    async def topic_moved(self, chat: int, old: int, new: int) -> None:
        for hook in self.on_topic_moved:
            async with self.make_uow() as uow:
                await hook(chat, old, new, uow)

    async def chat_migrated(self, old: int, new: int) -> None:
        for hook in self.on_chat_migrated:
            async with self.make_uow() as uow:
                await hook(old, new, uow)

    async def chat_lost(self, chat: int, reason: str) -> None:
        for hook in self.on_chat_lost:
            async with self.make_uow() as uow:
                await hook(chat, reason, uow, self.clock)

    async def user_unreachable(self, tg_user_id: int) -> None:
        for hook in self.on_user_unreachable:
            async with self.make_uow() as uow:
                await hook(tg_user_id, uow, self.clock)
