"""Builders of realistic incoming updates for the fake Bot API.

Each builder returns an update dict *without* `update_id` and does not queue it: pass it to
`fake.push_update(update)`, which assigns the id and queues it. Message ids are taken from the
chat's counter when the builder runs, so user and bot messages share one sequence per chat.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from tests.fakes.telegram_models import JSON, Call, StoredMessage, chat_type
from tests.fakes.telegram_state import FakeState

_callback_ids = itertools.count(1)


def command_entities(text: str) -> list[JSON]:
    """A bot_command entity for a text starting with '/', as Telegram adds it."""
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0] if text.strip() else text
    return [{"type": "bot_command", "offset": 0, "length": len(command)}]


class UpdateBuilders(FakeState):
    def user(
        self,
        id: int,
        first_name: str = "Test",
        username: str | None = None,
        *,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        user: JSON = {"id": id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                user[key] = value
        return user

    def _message(self, user: JSON, chat: JSON, **fields: Any) -> JSON:
        message: JSON = {
            "message_id": self._alloc_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": self.now_date(),
        }
        message.update({key: value for key, value in fields.items() if value is not None})
        return message

    def _private_chat(self, user: JSON) -> JSON:
        chat: JSON = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        return chat

    def private_message(self, user: JSON, text: str, **extra: Any) -> JSON:
        """{"message": ...} from user in their private chat; extra fields go into the message."""
        message = self._message(
            user, self._private_chat(user), text=text, entities=command_entities(text) or None
        )
        message.update(extra)
        return {"message": message}

    def group_message(
        self,
        user: JSON,
        chat_id: int,
        text: str,
        *,
        title: str = "Test group",
        thread_id: int | None = None,
        is_forum: bool = False,
    ) -> JSON:
        """{"message": ...} in a group or supergroup (type from chat_id).

        is_forum=True calls make_forum(chat_id); thread_id puts the message in that topic.
        """
        if chat_id > 0:
            raise ValueError("group chat ids are negative")
        if is_forum:
            self.make_forum(chat_id)
        chat: JSON = {"id": chat_id, "type": chat_type(chat_id), "title": title}
        if chat_id in self.forums:
            chat["is_forum"] = True
        message = self._message(
            user,
            chat,
            message_thread_id=thread_id,
            is_topic_message=True if thread_id is not None and chat_id in self.forums else None,
            text=text,
            entities=command_entities(text) or None,
        )
        return {"message": message}

    def contact_message(self, user: JSON, phone: str, *, contact_user_id: int | None) -> JSON:
        """The user shares a contact (their own when contact_user_id == user["id"])."""
        contact: JSON = {"phone_number": phone, "first_name": user["first_name"]}
        if "last_name" in user:
            contact["last_name"] = user["last_name"]
        if contact_user_id is not None:
            contact["user_id"] = contact_user_id
        return {"message": self._message(user, self._private_chat(user), contact=contact)}

    def callback(self, user: JSON, message: JSON | StoredMessage | Call, data: str) -> JSON:
        """A button press on `message`: a Message dict, a StoredMessage, or the Call that sent it.

        The update carries the message as it is *now* in the fake (after edits).
        """
        if isinstance(message, Call):
            given: JSON = message.result
        elif isinstance(message, StoredMessage):
            given = message.data
        else:
            given = message
        stored = self.messages.get(given["chat"]["id"], {}).get(given["message_id"])
        current = copy.deepcopy(stored.data if stored is not None else given)
        query: JSON = {
            "id": str(4_000_000_000_000_000 + next(_callback_ids)),
            "from": user,
            "message": current,
            "chat_instance": str(abs(current["chat"]["id"]) * 7919 % 10**18),
            "data": data,
        }
        return {"callback_query": query}
