"""A fake Telegram Bot API server for tests and benchmarks.

    t = [0.0]
    async with FakeTelegram("123456:TEST-token", clock=lambda: t[0]) as fake:
        api = TelegramAPIServer.from_base(fake.base_url)
        bot = Bot(fake.token, session=AiohttpSession(api=api))
        fake.push_update(fake.private_message(fake.user(42, "Ann"), "/start"))
        call = await fake.wait_for(lambda c: c.method == "sendMessage")

It serves `POST|GET {base}/bot{token}/{method}` on 127.0.0.1 with form, multipart, JSON or
query parameters, answers like the Bot API and records every request in `fake.calls`.

Modules: telegram_state (state, chat rules), telegram_messages / telegram_chats (methods),
telegram_updates (getUpdates, webhook), telegram_builders (update builders),
telegram_limits (rate limits), telegram_markup (HTML parse_mode), telegram_models (types).

Faults (each one is recorded in `calls` with the status and body it answered):
block/kick/migrate/delete_topic (per chat), fail_next (next n requests answer 5xx),
down/up (every request answers 502 Bad Gateway), delay (seconds before each answer is
sent, the request is processed first), drop_after_accept (processed and recorded, then the
connection is closed without an answer), and the rate limits of FakeLimits.

Long polling, `delay` and webhook retries use real time; rate limits, `Call.at` and
Message.date use `clock`.

Choices worth knowing:
- Builders (fake.user, private_message, group_message, callback, contact_message) return an
  update dict without update_id; `push_update` assigns the id and queues it. Pushed updates
  also teach the fake their chats (`known_chats`), users, messages and forum topics.
- Of two concurrent getUpdates the *later* one gets 409 (real Telegram ends the earlier).
  A long poll whose client disconnected ends at once, so a restarted bot gets no 409.
- `strict_chats = True` makes every chat id not in `known_chats` answer "chat not found"
  (private and group alike).
- Texts with parse_mode=HTML are parsed (plain text + entities, 400 on bad markup), so
  `fake.messages[...]` holds what users see; `texts()`/`Call.params` hold what was sent.
- editMessageText without reply_markup removes the inline keyboard, as in Telegram.
- Webhook: `await deliver_webhook()` delivers on demand; `auto_webhook = True` delivers as
  updates are pushed and retries failures, like Telegram. Webhook replies that carry a
  method are executed and recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from types import TracebackType
from typing import Self

from aiohttp import web

from tests.fakes.telegram_builders import UpdateBuilders, command_entities
from tests.fakes.telegram_chats import ChatMethods
from tests.fakes.telegram_limits import FakeLimits, FakeStats
from tests.fakes.telegram_messages import MessageMethods
from tests.fakes.telegram_models import (
    JSON,
    MESSAGE_METHODS,
    ApiError,
    Call,
    StoredMessage,
    UploadedFile,
    bad_request,
    decode_field,
    error_body,
)
from tests.fakes.telegram_state import METHODS
from tests.fakes.telegram_updates import SECRET_HEADER, UpdateQueue, attach_files

__all__ = [
    "SECRET_HEADER",
    "Call",
    "FakeLimits",
    "FakeStats",
    "FakeTelegram",
    "StoredMessage",
    "UploadedFile",
]


@dataclass
class _Fault:
    remaining: int
    methods: frozenset[str] | None  # lower-case names; None = any method
    status: int = HTTPStatus.BAD_GATEWAY

    def take(self, method: str) -> bool:
        if self.remaining <= 0 or (
            self.methods is not None and method.lower() not in self.methods
        ):
            return False
        self.remaining -= 1
        return True


def _names(methods: Iterable[str] | None) -> frozenset[str] | None:
    if methods is None:
        return None
    if isinstance(methods, str):
        methods = (methods,)
    return frozenset(name.lower() for name in methods)


class FakeTelegram(UpdateQueue, UpdateBuilders, MessageMethods, ChatMethods):
    """The fake Bot API. See the module docstring; state lives in telegram_state.FakeState."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        limits: FakeLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(token, limits=limits, clock=clock)
        self.files: dict[str, bytes] = {}  # documents people sent: getFile and the download
        self.delay = 0.0
        self.base_url = ""
        self._down = False
        self._failures: list[_Fault] = []
        self._drops: list[_Fault] = []
        self._runner: web.AppRunner | None = None
        self._delivery: asyncio.Task[None] | None = None

    # ---- server ----------------------------------------------------------------------------

    async def start(self) -> str:
        """Serve on 127.0.0.1 on a free port; return the base URL "http://127.0.0.1:PORT"."""
        if self._runner is not None:
            raise RuntimeError("already started")
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/documents/{file_id}", self._download)
        self._closing = False
        # handler_cancellation: a long poll whose client went away ends at once (no 409 for
        # the next bot instance), as does a delayed answer nobody waits for.
        runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self._delivery = asyncio.create_task(self._deliver_forever(), name="fake-telegram-webhook")
        return self.base_url

    async def stop(self) -> None:
        """Answer parked long polls with [] and shut the server down."""
        if self._runner is None:
            return
        self._closing = True
        self._wake_pollers()
        runner, self._runner = self._runner, None
        if self._delivery is not None:
            delivery, self._delivery = self._delivery, None
            delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await delivery  # re-raises if the delivery loop crashed
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _download(self, request: web.Request) -> web.StreamResponse:
        data = self.files.get(request.match_info["file_id"])
        if data is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return web.Response(body=data)

    def document_message(
        self, user: JSON, file_name: str, data: bytes, caption: str | None = None
    ) -> JSON:
        """{"message": ...}: `user` sends a file (getFile and the download serve `data`)."""
        file_id = f"doc{len(self.files) + 1}"
        self.files[file_id] = data
        update = self.private_message(user, "")
        message = update["message"]
        message.pop("text", None)
        message.pop("entities", None)
        message["document"] = {"file_id": file_id, "file_unique_id": file_id,
                               "file_name": file_name, "file_size": len(data)}  # fmt: skip
        if caption:
            message["caption"] = caption
            message["caption_entities"] = command_entities(caption)
        return update

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        at = self.clock()
        method = request.match_info["method"]
        forced: tuple[int, JSON] | None
        try:
            params = await _read_params(request)
        except ApiError as error:
            params, forced = {}, (error.status, error.body())
        else:
            forced = self._fault(method, request.match_info["token"])
        if forced is not None:
            name = METHODS.get(method.lower(), (method, None))[0]
            status, body = forced
        else:
            name, status, body = await self.dispatch(method, params)
        drop = status == HTTPStatus.OK and self._take(self._drops, name)
        await self.record(Call(name, params, at, int(status), body, dropped=drop))
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        if drop:
            if request.transport is not None:
                request.transport.close()
            return web.Response()  # never written: the connection is already closed
        return web.json_response(body, status=status)

    def _fault(self, method: str, token: str) -> tuple[int, JSON] | None:
        if self._down:
            return HTTPStatus.BAD_GATEWAY, error_body(HTTPStatus.BAD_GATEWAY)
        for fault in self._failures:
            if fault.take(method):
                return fault.status, error_body(fault.status)
        if token != self.token:
            return HTTPStatus.UNAUTHORIZED, error_body(HTTPStatus.UNAUTHORIZED, "Unauthorized")
        return None

    @staticmethod
    def _take(faults: list[_Fault], method: str) -> bool:
        return any(fault.take(method) for fault in faults)

    # ---- network faults --------------------------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        status: int = HTTPStatus.BAD_GATEWAY,
        *,
        methods: Iterable[str] | None = None,
    ) -> None:
        """The next n requests (of `methods`, or any) answer `status` with ok:false."""
        self._failures.append(_Fault(n, _names(methods), int(status)))

    def down(self) -> None:
        """Every request answers 502 Bad Gateway (JSON, ok:false) until up()."""
        self._down = True

    def up(self) -> None:
        self._down = False

    def drop_after_accept(
        self, n: int = 1, methods: Iterable[str] | None = ("sendMessage",)
    ) -> None:
        """The next n successful requests of `methods` are processed and recorded (dropped=True)
        but the connection is closed without an answer: the client sees a disconnect."""
        self._drops.append(_Fault(n, _names(methods)))

    # ---- recorded calls --------------------------------------------------------------------

    def clear_calls(self) -> None:
        self.calls.clear()

    def sent(self, chat_id: int | None = None, method: str | None = "sendMessage") -> list[Call]:
        """Successful calls of `method` (None: every message-producing method) to chat_id."""
        return [
            call
            for call in self.calls
            if call.ok
            and (call.method == method if method else call.method in MESSAGE_METHODS)
            and (chat_id is None or _same_chat(call.chat_id, chat_id))
        ]

    def texts(self, chat_id: int) -> list[str]:
        """Texts of successful sendMessage calls to chat_id, in order, as sent."""
        return [str(call.text) for call in self.sent(chat_id)]

    def duplicates(self) -> list[tuple[int, str]]:
        """(chat_id, text) pairs that sendMessage delivered successfully more than once."""
        counts = Counter((int(call.chat_id), str(call.text)) for call in self.sent())
        return [pair for pair, count in counts.items() if count > 1]

    async def wait_for(
        self,
        predicate: Callable[[Call], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - the API tests expect
    ) -> Call:
        """The first recorded call (past or future) matching predicate, else TimeoutError."""
        checked = 0
        found: list[Call] = []

        def match() -> bool:
            nonlocal checked
            while checked < len(self.calls):
                call = self.calls[checked]
                checked += 1
                if predicate(call):
                    found.append(call)
                    return True
            return False

        async with self._calls_changed:
            try:
                await asyncio.wait_for(self._calls_changed.wait_for(match), timeout)
            except TimeoutError:
                seen = ", ".join(f"{c.method}:{c.status}" for c in self.calls[-10:])
                raise TimeoutError(
                    f"no matching call within {timeout}s; last calls: [{seen}]"
                ) from None
        return found[0]


def _same_chat(value: object, chat_id: int) -> bool:
    try:
        return int(str(value)) == chat_id
    except ValueError:
        return False


async def _read_params(request: web.Request) -> JSON:
    """Query string plus form/multipart/JSON body, decoded as aiogram encodes them."""
    params: JSON = {key: decode_field(key, value) for key, value in request.query.items()}
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected")
        params.update(body)
        return params
    fields: JSON = {}
    files: dict[str, UploadedFile] = {}
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            data = value.file.read()
            files[key] = UploadedFile(value.filename, value.content_type, data)
        else:
            text = value if isinstance(value, str) else bytes(value).decode()
            fields[key] = decode_field(key, text)
    params.update(attach_files(fields, files))
    return params
