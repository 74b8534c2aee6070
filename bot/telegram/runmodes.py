"""Run modes: long polling or a webhook server. Both go through the durable intake.

A run mode gets what it works with and nothing else (`Receiving`, built by the app).
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.telegram.intake import Intake, update_problem

log = structlog.get_logger()

POLL_TIMEOUT = 25
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class AnotherInstanceRunning(RuntimeError):
    """Telegram says another process polls with this token (409 Conflict)."""


@dataclass(frozen=True, slots=True)
class Webhook:
    url: str
    secret: str | None
    host: str
    port: int

    @property
    def path(self) -> str:
        return "/" + self.url.split("://", 1)[1].partition("/")[2]


@dataclass(frozen=True, slots=True)
class Receiving:
    """What a run mode needs: the bot, where updates go, the clock, and the database's pulse."""

    bot: Bot
    intake: Intake
    clock: Clock
    update_types: Sequence[str]  # what the routers handle: Telegram sends only these
    ping_database: Callable[[], Awaitable[None]]  # raises when it does not answer
    webhook: Webhook | None = None


async def run_polling(receiving: Receiving, stop: asyncio.Event) -> None:
    """Long polling with our own offsets: an update is confirmed to Telegram (the next
    getUpdates' offset) only after it is stored in the inbox."""
    bot, intake = receiving.bot, receiving.intake
    await bot.delete_webhook(drop_pending_updates=False)
    await intake.recover()
    allowed = list(receiving.update_types)
    offset: int | None = None
    failures = 0
    while not stop.is_set():
        intake.housekeeping()
        poll = asyncio.ensure_future(
            bot(
                GetUpdates(offset=offset, timeout=POLL_TIMEOUT, allowed_updates=allowed),
                request_timeout=POLL_TIMEOUT + 10,
            )
        )
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not poll.done():
            poll.cancel()  # nothing is lost: unconfirmed updates come again next time
            break
        try:
            updates = poll.result()
        except TelegramConflictError as exc:
            raise AnotherInstanceRunning(exc.message) from None
        except TelegramRetryAfter as exc:
            log.warning("get_updates_throttled", retry_after=exc.retry_after)
            await _pause(receiving, float(exc.retry_after), stop)
            continue
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            failures += 1
            log.warning("get_updates_failed", error=str(exc), failures=failures)
            await _pause(receiving, min(30.0, 2.0**failures), stop)
            continue
        failures = 0
        if not updates:
            continue
        payloads = [u.model_dump(mode="json", exclude_none=True) for u in updates]
        try:
            fresh = await intake.store(payloads)  # stored before the next call confirms them
        except (OSError, SQLAlchemyError) as exc:  # not stored: not confirmed, they come again
            failures += 1
            log.warning("inbox_store_failed", error=str(exc), failures=failures)
            await _pause(receiving, min(30.0, 2.0**failures), stop)
            continue
        offset = updates[-1].update_id + 1
        intake.handle_later(fresh)
    await intake.wait_idle()


async def _pause(receiving: Receiving, seconds: float, stop: asyncio.Event) -> None:
    """Wait `seconds` on the clock, or less if asked to stop."""
    sleeping = asyncio.ensure_future(receiving.clock.sleep(seconds))
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({sleeping, stopped}, return_when=asyncio.FIRST_COMPLETED)
    sleeping.cancel()
    stopped.cancel()


def webhook_app(receiving: Receiving) -> web.Application:
    assert receiving.webhook is not None
    secret = receiving.webhook.secret

    async def receive(request: web.Request) -> web.Response:
        if secret is None or not _same(request.headers.get(SECRET_HEADER, ""), secret):
            return web.json_response({"ok": False}, status=401)
        try:
            payload: Any = json.loads((await request.read()).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            return web.json_response({"ok": False}, status=400)
        problem = update_problem(payload)
        if problem is not None:  # stored, it would fail every start
            log.warning("webhook_update_refused", problem=problem)
            return web.json_response({"ok": False}, status=400)
        fresh = await receiving.intake.store([payload])  # stored before Telegram hears 200
        receiving.intake.handle_later(fresh)
        receiving.intake.housekeeping()
        return web.json_response({"ok": True})

    async def healthz(_request: web.Request) -> web.Response:
        return await health_response(receiving)

    web_app = web.Application()
    web_app.router.add_post(receiving.webhook.path, receive)
    web_app.router.add_get("/healthz", healthz)
    return web_app


def _same(given: str, secret: str) -> bool:
    """In constant time: how much of a guess matched must not show in the answer's timing."""
    return hmac.compare_digest(given.encode(), secret.encode())


async def health_response(receiving: Receiving) -> web.Response:
    try:
        await receiving.ping_database()
    except (OSError, SQLAlchemyError) as exc:  # the database is unreachable or failing
        log.warning("health_check_failed", error=str(exc))
        return web.json_response({"ok": False, "database": "unreachable"}, status=503)
    return web.json_response({"ok": True, "database": "ok"})


async def run_webhook(receiving: Receiving, stop: asyncio.Event) -> None:
    hook = receiving.webhook
    assert hook is not None
    runner = web.AppRunner(webhook_app(receiving))
    await runner.setup()
    site = web.TCPSite(runner, hook.host, hook.port)
    await site.start()
    await receiving.intake.recover()
    await receiving.bot.set_webhook(
        url=hook.url, secret_token=hook.secret, allowed_updates=list(receiving.update_types)
    )
    log.info("webhook_listening", host=hook.host, port=hook.port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await receiving.intake.wait_idle()
