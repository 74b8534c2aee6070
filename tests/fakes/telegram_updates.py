"""Incoming updates of the fake Bot API: queue, getUpdates long polling and webhook delivery."""

from __future__ import annotations

import asyncio
import re
from http import HTTPStatus
from typing import Any

import aiohttp

from tests.fakes.telegram_models import (
    JSON,
    ApiError,
    Call,
    StoredMessage,
    UploadedFile,
    bad_request,
    decode_field,
)
from tests.fakes.telegram_state import FakeState, api

CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_SET_WEBHOOK = "Conflict: terminated by setWebhook request"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Update types Telegram leaves out unless allowed_updates names them.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def update_type(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue(FakeState):
    # ---- test side -------------------------------------------------------------------------

    def push_update(self, update: JSON) -> int:
        """Assign the next update_id (from 1), remember chats/messages in it, queue it."""
        update_id = self._next_update_id
        self._next_update_id += 1
        update["update_id"] = update_id
        self._register(update)
        self.updates.append(update)
        self._wake_pollers()
        return update_id

    @property
    def pending_updates(self) -> list[JSON]:
        return list(self.updates)

    @property
    def is_polling(self) -> bool:
        """A getUpdates long poll is parked, waiting for updates."""
        return self._poll_parked.is_set()

    async def wait_until_polling(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once a getUpdates long poll is waiting (the bot is up); else TimeoutError."""
        await asyncio.wait_for(self._poll_parked.wait(), timeout)

    def _wake_pollers(self) -> None:
        self._updates_pulse.set()
        self._updates_pulse = asyncio.Event()

    def _register(self, update: JSON) -> None:
        for key in _MESSAGE_KEYS:
            if key in update:
                self._register_message(update[key], edited=key.startswith("edited"))
        query = update.get("callback_query")
        if query is not None:
            self.callback_queries[str(query["id"])] = query
            self.users[query["from"]["id"]] = query["from"]
            if query.get("message"):
                self._register_chat(query["message"]["chat"])
        for key in ("my_chat_member", "chat_member", "chat_join_request"):
            if key in update:
                self._register_chat(update[key]["chat"])

    def _register_chat(self, chat: JSON) -> None:
        chat_id = chat["id"]
        self.known_chats.add(chat_id)
        self.chats[chat_id] = {**self.chats.get(chat_id, {}), **chat}
        if chat.get("is_forum"):
            self.forums.add(chat_id)

    def _register_message(self, message: JSON, *, edited: bool) -> None:
        chat_id = message["chat"]["id"]
        message_id = message["message_id"]
        self._register_chat(message["chat"])
        if "from" in message:
            self.users[message["from"]["id"]] = message["from"]
        if message.get("message_thread_id") and chat_id in self.forums:
            self._topic(chat_id, message["message_thread_id"])
        self._last_message_id[chat_id] = max(self._last_message_id.get(chat_id, 0), message_id)
        stored = self.messages[chat_id].get(message_id)
        if stored is not None and edited:
            stored.data = message
            stored.edits += 1
        elif stored is None:
            self.messages[chat_id][message_id] = StoredMessage(chat_id, message_id, message, False)

    def _deliverable(self, allowed: list[str] | None, limit: int) -> list[JSON]:
        """First `limit` queued updates of allowed types; disallowed ones are dropped."""

        def wanted(update: JSON) -> bool:
            kind = update_type(update)
            return kind in allowed if allowed else kind not in _OPT_IN_TYPES

        self.updates = [update for update in self.updates if wanted(update)]
        return self.updates[:limit]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self.confirmed_offset = offset
        elif offset < 0:
            self.updates = self.updates[offset:]

    # ---- Bot API ---------------------------------------------------------------------------

    @api("getUpdates")
    async def get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(HTTPStatus.CONFLICT, CONFLICT_WEBHOOK)
        if self._polling:
            raise ApiError(HTTPStatus.CONFLICT, CONFLICT_OTHER_POLL)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"]) or None
        self._confirm(int(params.get("offset") or 0))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._polling = True
        try:
            while True:
                batch = self._deliverable(self.allowed_updates, limit)
                remaining = deadline - loop.time()
                if batch or remaining <= 0 or self._closing:
                    return batch
                pulse = self._updates_pulse
                self._poll_parked.set()
                try:
                    await asyncio.wait_for(pulse.wait(), remaining)
                except TimeoutError:
                    return self._deliverable(self.allowed_updates, limit)
                if self.webhook_url:
                    raise ApiError(HTTPStatus.CONFLICT, CONFLICT_SET_WEBHOOK)
        finally:
            self._polling = False
            self._poll_parked.clear()

    @api("setWebhook")
    def set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token") or None
        if secret is not None and not _SECRET.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook_url = url
        self.webhook_secret = str(secret) if secret and url else None
        if params.get("allowed_updates") is not None:
            self.webhook_allowed_updates = list(params["allowed_updates"]) or None
        self.webhook_max_connections = int(params.get("max_connections") or 40)
        self.webhook_last_error = None
        self._wake_pollers()
        return True

    @api("deleteWebhook")
    def delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self.updates.clear()
        self.webhook_url = ""
        self.webhook_secret = None
        self.webhook_last_error = None
        return True

    @api("getWebhookInfo")
    def get_webhook_info(self, params: JSON) -> JSON:
        info: JSON = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
            if self.webhook_allowed_updates:
                info["allowed_updates"] = list(self.webhook_allowed_updates)
        if self.webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = self.webhook_last_error
        return info

    # ---- webhook delivery ------------------------------------------------------------------

    async def deliver_webhook(self, timeout: float = 10.0) -> list[int]:  # noqa: ASYNC109
        """POST every queued update to the webhook, in order; return the HTTP statuses.

        A non-2xx answer (or 0: connection failed) keeps the update queued, like Telegram's
        retries. A method in the answer body (JSON {"method": ...} or aiogram's multipart
        form) is executed and recorded in `calls`, as Telegram does.
        """
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        async with self._delivery_lock:
            headers = {SECRET_HEADER: self.webhook_secret} if self.webhook_secret else {}
            statuses: list[int] = []
            client_timeout = aiohttp.ClientTimeout(total=timeout)
            async with aiohttp.ClientSession(timeout=client_timeout) as session:
                for update in self._deliverable(self.webhook_allowed_updates, len(self.updates)):
                    status = await self._post_update(session, update, headers)
                    statuses.append(status)
                    if 200 <= status < 300 and update in self.updates:
                        self.updates.remove(update)
            return statuses

    @property
    def auto_webhook(self) -> bool:
        """While True and a webhook is set, queued updates are delivered as soon as they are
        pushed, and failed ones retried every `webhook_retry_interval` seconds (real time)."""
        return self._auto_webhook

    @auto_webhook.setter
    def auto_webhook(self, enabled: bool) -> None:
        self._auto_webhook = enabled
        self._wake_pollers()

    async def _deliver_forever(self) -> None:
        """Background task of a started fake: Telegram-like webhook delivery (auto_webhook)."""
        while not self._closing:
            pulse = self._updates_pulse
            if self._auto_webhook and self.webhook_url and self.updates:
                statuses = await self.deliver_webhook()
                if any(not 200 <= status < 300 for status in statuses):
                    await asyncio.sleep(self.webhook_retry_interval)
                continue
            await pulse.wait()

    async def _post_update(
        self, session: aiohttp.ClientSession, update: JSON, headers: dict[str, str]
    ) -> int:
        try:
            async with session.post(self.webhook_url, json=update, headers=headers) as response:
                if not 200 <= response.status < 300:
                    self.webhook_last_error = (
                        self.now_date(),
                        f"Wrong response from the webhook: {response.status} {response.reason}",
                    )
                    return response.status
                reply = await _read_reply(response)
        except (aiohttp.ClientError, TimeoutError) as error:
            self.webhook_last_error = (self.now_date(), f"Connection failed: {error!r}")
            return 0
        if reply is not None:
            method, params = reply
            at = self.clock()
            name, status, body = await self.dispatch(method, params)
            await self.record(Call(name, params, at, int(status), body))
        return response.status


async def _read_reply(response: aiohttp.ClientResponse) -> tuple[str, JSON] | None:
    """The method a webhook answered with, if any."""
    if response.content_type == "application/json":
        body: Any = await response.json()
        if isinstance(body, dict) and body.get("method"):
            params = {key: value for key, value in body.items() if key != "method"}
            return str(body["method"]), params
        return None
    if not response.content_type.startswith("multipart/"):
        return None
    reader = aiohttp.MultipartReader(response.headers, response.content)
    fields: JSON = {}
    files: dict[str, UploadedFile] = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
            continue
        if part.filename:
            data = bytes(await part.read(decode=True))
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files[part.name] = UploadedFile(part.filename, content_type, data)
        else:
            fields[part.name] = decode_field(part.name, await part.text())
    method = fields.pop("method", None)
    if not method:
        return None
    return str(method), attach_files(fields, files)


def attach_files(fields: JSON, files: dict[str, UploadedFile]) -> JSON:
    """Replace "attach://name" references by their uploads; other uploads keep their name."""
    for key, value in list(fields.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.pop(value.removeprefix("attach://"), None)
            if upload is not None:
                fields[key] = upload
    fields.update(files)
    return fields
