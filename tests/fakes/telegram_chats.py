"""Chat, forum topic and bot settings methods of the fake Bot API."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakes.telegram_models import JSON, Topic, bad_request, chat_type
from tests.fakes.telegram_state import FakeState, api, int_param

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
    "can_pin_messages",
    "can_manage_topics",
)
_RESTRICTED_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_DEFAULT_ICON_COLOR = 7322096


def _member_fields(status: str) -> JSON:
    """Fields the Bot API always sends for a ChatMember of that status."""
    if status == "creator":
        return {"is_anonymous": False}
    if status == "administrator":
        rights = dict.fromkeys(_ADMIN_RIGHTS, False)
        return {**rights, "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True}
    if status == "restricted":
        return {**dict.fromkeys(_RESTRICTED_RIGHTS, False), "is_member": True, "until_date": 0}
    if status == "kicked":
        return {"until_date": 0}
    return {}


def _scope_key(params: JSON) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


class ChatMethods(FakeState):
    def get_commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands the bot set for that scope (default scope if None) and language."""
        return list(
            self.my_commands.get(_scope_key({"scope": scope, "language_code": language_code}), [])
        )

    @api("getChat")
    def get_chat(self, params: JSON) -> JSON:
        chat_id = self.resolve_chat(params)
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        return {
            **self.chat_object(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {**dict.fromkeys(gifts, True), "gifts_from_channels": True},
        }

    @api("getChatMember")
    def get_chat_member(self, params: JSON) -> JSON:
        chat_id = self.resolve_chat(params)
        user_id = int_param(params, "user_id")
        if user_id == self.bot_id:
            user: JSON = dict(self.bot_user)
        else:
            user = self.users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "User"})
        configured = self.members.get((chat_id, user_id), {})
        status = configured.get("status", self.default_member_status)
        return {"status": status, "user": user, **_member_fields(status), **configured}

    def _forum(self, params: JSON) -> int:
        chat_id = self.resolve_chat(params)
        if chat_id not in self.forums:
            raise bad_request("the chat is not a forum")
        return chat_id

    def _live_topic(self, params: JSON) -> Topic:
        chat_id = self._forum(params)
        topic = self.topics.get((chat_id, int_param(params, "message_thread_id")))
        if topic is None or topic.deleted:
            raise bad_request("TOPIC_ID_INVALID")
        return topic

    @api("createForumTopic")
    def create_forum_topic(self, params: JSON) -> JSON:
        chat_id = self._forum(params)
        name = str(params.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_NAME_INVALID")
        icon_color = int(params.get("icon_color") or _DEFAULT_ICON_COLOR)
        emoji = params.get("icon_custom_emoji_id") or None
        created = {"name": name, "icon_color": icon_color}
        if emoji:
            created["icon_custom_emoji_id"] = emoji
        # The topic id is the id of its "topic created" service message.
        service = self.store_bot_message(chat_id, None, {"forum_topic_created": created})
        thread_id = service["message_id"]
        service_message = self.messages[chat_id][thread_id].data
        service_message["message_thread_id"] = thread_id
        service_message["is_topic_message"] = True
        topic = Topic(chat_id, thread_id, name, icon_color, emoji)
        self.topics[(chat_id, thread_id)] = topic
        return topic.to_api()

    @api("editForumTopic")
    def edit_forum_topic(self, params: JSON) -> bool:
        topic = self._live_topic(params)
        name = params.get("name")
        emoji = params.get("icon_custom_emoji_id")
        if (name is None or name == topic.name) and (
            emoji is None or emoji == topic.icon_custom_emoji_id
        ):
            raise bad_request("TOPIC_NOT_MODIFIED")
        if name is not None:
            if not 1 <= len(name) <= 128:
                raise bad_request("TOPIC_NAME_INVALID")
            topic.name = name
        if emoji is not None:
            topic.icon_custom_emoji_id = emoji or None
        return True

    def _set_closed(self, params: JSON, closed: bool) -> bool:
        topic = self._live_topic(params)
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        return True

    @api("closeForumTopic")
    def close_forum_topic(self, params: JSON) -> bool:
        return self._set_closed(params, closed=True)

    @api("reopenForumTopic")
    def reopen_forum_topic(self, params: JSON) -> bool:
        return self._set_closed(params, closed=False)

    @api("deleteForumTopic")
    def delete_forum_topic(self, params: JSON) -> bool:
        self._live_topic(params).deleted = True
        return True

    @api("setMyCommands")
    def set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH" if commands else "commands is empty")
        for command in commands:
            description = str(command.get("description") or "")
            if not _COMMAND.match(str(command.get("command") or "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.my_commands[_scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    @api("deleteMyCommands")
    def delete_my_commands(self, params: JSON) -> bool:
        self.my_commands.pop(_scope_key(params), None)
        return True

    @api("getMyCommands")
    def get_my_commands(self, params: JSON) -> list[JSON]:
        return list(self.my_commands.get(_scope_key(params), []))

    @api("setChatMenuButton")
    def set_chat_menu_button(self, params: JSON) -> bool:
        chat_id = self.resolve_chat(params) if params.get("chat_id") else None
        if chat_id is not None and chat_type(chat_id) != "private":
            raise bad_request("chat not found")
        self.menu_buttons[chat_id] = params.get("menu_button") or {"type": "default"}
        return True

    @api("getChatMenuButton")
    def get_chat_menu_button(self, params: JSON) -> JSON:
        chat_id = int(params["chat_id"]) if params.get("chat_id") else None
        button: Any = self.menu_buttons.get(chat_id) or self.menu_buttons.get(None)
        return button or {"type": "commands"}

    @api("setMyDescription")
    def set_my_description(self, params: JSON) -> bool:
        return True

    @api("setMyShortDescription")
    def set_my_short_description(self, params: JSON) -> bool:
        return True

    @api("setMyName")
    def set_my_name(self, params: JSON) -> bool:
        return True
