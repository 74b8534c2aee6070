"""Builders of Telegram updates (as the JSON Telegram sends) for in-process tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

DATE = 1_795_000_000


@dataclass(frozen=True)
class Person:
    tg_user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": self.tg_user_id,
            "is_bot": False,
            "first_name": self.first_name,
        }
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        return user


@dataclass(frozen=True)
class Group:
    chat_id: int
    title: str
    is_forum: bool = False

    def as_chat(self) -> dict[str, Any]:
        kind = "supergroup" if self.chat_id < -1_000_000_000_000 else "group"
        chat: dict[str, Any] = {"id": self.chat_id, "type": kind, "title": self.title}
        if self.is_forum:
            chat["is_forum"] = True
        return chat


class Updates:
    """Makes updates with increasing update_id and per-chat message ids."""

    def __init__(self) -> None:
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1000)))

    def _update(self, **body: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **body}

    def message(
        self,
        who: Person,
        text: str | None = None,
        *,
        group: Group | None = None,
        thread_id: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        chat = (
            group.as_chat()
            if group
            else {"id": who.tg_user_id, "type": "private", "first_name": who.first_name}
        )
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": DATE,
            "chat": chat,
            "from": who.as_user(),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                ]
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        return self._update(message=message)

    def edited(self, who: Person, text: str) -> dict[str, Any]:
        update = self.message(who, text)
        message = update.pop("message")
        message["edit_date"] = DATE + 5
        return {**update, "edited_message": message}

    def sticker(self, who: Person) -> dict[str, Any]:
        sticker = {
            "file_id": "stk",
            "file_unique_id": "stk",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.message(who, None, sticker=sticker)

    def contact(self, who: Person, phone: str, *, user_id: int | None) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone, "first_name": who.first_name}
        if user_id is not None:
            contact["user_id"] = user_id
        return self.message(who, None, contact=contact)

    def from_channel(self, group: Group, text: str) -> dict[str, Any]:
        update = self.message(Person(136817688, "Channel"), text, group=group)
        update["message"]["sender_chat"] = {"id": -1009999, "type": "channel", "title": "Канал"}
        return update

    def press(
        self,
        who: Person,
        data: str,
        *,
        chat_id: int | None = None,
        message_id: int = 1,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        chat_id = chat_id if chat_id is not None else who.tg_user_id
        chat: dict[str, Any] = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": DATE,
            "chat": chat,
            "text": "card",
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
        return self._update(
            callback_query={
                "id": str(next(self._update_ids)),
                "from": who.as_user(),
                "chat_instance": "ci",
                "message": message,
                "data": data,
            }
        )

    def bot_membership(self, group: Group, status: str, *, by: Person) -> dict[str, Any]:
        bot_user = {"id": 123456, "is_bot": True, "first_name": "Ops Bot"}
        return self._update(
            my_chat_member={
                "chat": group.as_chat(),
                "from": by.as_user(),
                "date": DATE,
                "old_chat_member": {"status": "member", "user": bot_user},
                "new_chat_member": {"status": status, "user": bot_user}
                | ({"until_date": 0} if status == "kicked" else {}),
            }
        )

    def migrated(self, old: Group, new_chat_id: int, *, by: Person) -> dict[str, Any]:
        return self.message(by, None, group=old, migrate_to_chat_id=new_chat_id)
