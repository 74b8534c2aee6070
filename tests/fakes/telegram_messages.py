"""Message methods of the fake Bot API: send, edit, delete, copy, forward, callbacks."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from tests.fakes.telegram_models import (
    JSON,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    UploadedFile,
    bad_request,
)
from tests.fakes.telegram_state import FakeState, api, int_param, normalize_markup

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


_CONTENT_KEYS = ("text", "entities", "document", "photo", "caption", "caption_entities")


def _content(source: JSON) -> JSON:
    """What a copy or a forward repeats of the source message."""
    return {key: source[key] for key in _CONTENT_KEYS if key in source}


def _checked_text(text: str, *, limit: int = MAX_TEXT_LENGTH) -> str:
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > limit:
        raise bad_request("message is too long")
    return text


class MessageMethods(FakeState):
    def _prepare_send(self, params: JSON) -> tuple[int, int | None, JSON]:
        """Checks shared by every send*: chat, topic, reply target, keyboard."""
        chat_id = self.resolve_chat(params)
        thread_id = self.check_thread(chat_id, params)
        markup = normalize_markup(params.get("reply_markup"))
        fields: JSON = {
            "reply_to_message": self.reply_target(chat_id, params),
            # a Message carries only an inline keyboard; reply keyboards are not echoed back
            "reply_markup": markup if markup and "inline_keyboard" in markup else None,
        }
        return chat_id, thread_id, fields

    def _caption(self, params: JSON) -> JSON:
        caption, entities = self.formatted(params, "caption", "caption_entities")
        if len(caption) > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        return {"caption": caption or None, "caption_entities": entities}

    def _file(self, value: Any, kind: str) -> JSON:
        """Document/PhotoSize info for an upload, a known file_id or a URL."""
        if value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            digest = hashlib.sha1(value.data, usedforsecurity=False).hexdigest()
            prefix = "BQACAgIAAxkBAAI" if kind == "document" else "AgACAgIAAxkBAAI"
            info: JSON = {
                "file_id": f"{prefix}{digest[:24]}",
                "file_unique_id": f"AgAD{digest[:12]}",
                "file_size": len(value.data),
            }
            if kind == "document":
                info["file_name"] = value.filename
                info["mime_type"] = value.content_type or "application/octet-stream"
            self.files[info["file_id"]] = info
            return dict(info)
        file_id = str(value)
        if file_id in self.files:
            return dict(self.files[file_id])
        info = {"file_id": file_id, "file_unique_id": f"AgAD{file_id[-12:]}", "file_size": 1024}
        if kind == "document":
            info["file_name"] = file_id.rsplit("/", 1)[-1] if "://" in file_id else "file"
            info["mime_type"] = "application/octet-stream"
        self.files[file_id] = info
        return dict(info)

    @api("getFile")
    def get_file(self, params: JSON) -> JSON:
        file_id = str(params.get("file_id", ""))
        data = getattr(self, "files", {}).get(file_id)
        if data is None:
            raise bad_request("invalid file_id")
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(data),
                "file_path": f"documents/{file_id}"}  # fmt: skip

    @api("getMe")
    def get_me(self, params: JSON) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }

    @api("logOut")
    def log_out(self, params: JSON) -> bool:
        return True

    @api("close")
    def close(self, params: JSON) -> bool:
        return True

    @api("sendMessage")
    def send_message(self, params: JSON) -> JSON:
        chat_id, thread_id, fields = self._prepare_send(params)
        text, entities = self.formatted(params, "text", "entities")
        _checked_text(text)
        self.take_rate(chat_id)
        return self.store_bot_message(
            chat_id, thread_id, {**fields, "text": text, "entities": entities}
        )

    @api("sendDocument")
    def send_document(self, params: JSON) -> JSON:
        chat_id, thread_id, fields = self._prepare_send(params)
        document = self._file(params.get("document"), "document")
        caption = self._caption(params)
        self.take_rate(chat_id)
        return self.store_bot_message(
            chat_id, thread_id, {**fields, "document": document, **caption}
        )

    @api("sendPhoto")
    def send_photo(self, params: JSON) -> JSON:
        chat_id, thread_id, fields = self._prepare_send(params)
        photo = self._file(params.get("photo"), "photo")
        caption = self._caption(params)
        self.take_rate(chat_id)
        sizes = [
            {**photo, "file_id": f"{photo['file_id']}-s", "width": 90, "height": 67},
            {**photo, "width": 1280, "height": 960},
        ]
        return self.store_bot_message(chat_id, thread_id, {**fields, "photo": sizes, **caption})

    def _source(self, params: JSON, action: str) -> JSON:
        from_chat_id = self.resolve_chat(params, "from_chat_id")
        source = self.find_message(from_chat_id, int_param(params, "message_id"))
        if source is None:
            raise bad_request(f"message to {action} not found")
        return copy.deepcopy(source.data)

    @api("copyMessage")
    def copy_message(self, params: JSON) -> JSON:
        source = self._source(params, "copy")
        chat_id, thread_id, fields = self._prepare_send(params)
        content = _content(source)
        if "caption" in params:
            content.update(self._caption(params))
        self.take_rate(chat_id)
        message = self.store_bot_message(chat_id, thread_id, {**fields, **content})
        return {"message_id": message["message_id"]}

    @api("forwardMessage")
    def forward_message(self, params: JSON) -> JSON:
        source = self._source(params, "forward")
        chat_id, thread_id, _ = self._prepare_send(params)
        content = _content(source)
        origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
        self.take_rate(chat_id)
        return self.store_bot_message(
            chat_id,
            thread_id,
            {**content, "forward_origin": origin, "forward_date": source["date"]},
        )

    def _editable(self, params: JSON) -> tuple[int, Any]:
        if params.get("inline_message_id"):
            raise bad_request("message to edit not found")
        chat_id = self.resolve_chat(params)
        message = self.find_message(chat_id, int_param(params, "message_id"))
        if message is None:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat_id, message

    def _apply_edit(self, chat_id: int, message: Any, changes: JSON) -> JSON:
        current = {key: message.data.get(key) for key in changes}
        if current == changes:
            raise bad_request(NOT_MODIFIED)
        self.take_rate(chat_id)
        for key, value in changes.items():
            if value in (None, []):
                message.data.pop(key, None)
            else:
                message.data[key] = value
        message.data["edit_date"] = self.now_date()
        message.edits += 1
        return copy.deepcopy(message.data)

    @api("editMessageText")
    def edit_message_text(self, params: JSON) -> JSON:
        chat_id, message = self._editable(params)
        text, entities = self.formatted(params, "text", "entities")
        _checked_text(text)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        changes = {
            "text": text,
            "entities": entities or None,
            "reply_markup": normalize_markup(params.get("reply_markup")),
        }
        return self._apply_edit(chat_id, message, changes)

    @api("editMessageCaption")
    def edit_message_caption(self, params: JSON) -> JSON:
        chat_id, message = self._editable(params)
        if message.text is not None:
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(params)
        changes = {
            "caption": caption["caption"],
            "caption_entities": caption["caption_entities"] or None,
            "reply_markup": normalize_markup(params.get("reply_markup")),
        }
        return self._apply_edit(chat_id, message, changes)

    @api("editMessageReplyMarkup")
    def edit_message_reply_markup(self, params: JSON) -> JSON:
        chat_id, message = self._editable(params)
        changes = {"reply_markup": normalize_markup(params.get("reply_markup"))}
        return self._apply_edit(chat_id, message, changes)

    @api("deleteMessage")
    def delete_message(self, params: JSON) -> bool:
        chat_id = self.resolve_chat(params)
        message = self.find_message(chat_id, int_param(params, "message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        message.deleted = True
        return True

    @api("answerCallbackQuery")
    def answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self.callback_queries or query_id in self.callback_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = dict(params)
        return True

    @api("sendChatAction")
    def send_chat_action(self, params: JSON) -> bool:
        chat_id = self.resolve_chat(params)
        self.check_thread(chat_id, params)
        if not params.get("action"):
            raise bad_request("wrong parameter action in request")
        return True

    @api("pinChatMessage")
    def pin_chat_message(self, params: JSON) -> bool:
        chat_id = self.resolve_chat(params)
        if self.find_message(chat_id, int_param(params, "message_id")) is None:
            raise bad_request("message to pin not found")
        return True

    @api("unpinChatMessage")
    def unpin_chat_message(self, params: JSON) -> bool:
        self.resolve_chat(params)
        return True
