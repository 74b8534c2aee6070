"""Run modes: long polling or a webhook server. Both go through the durable intake."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

import structlog
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from bot.app import App

log = structlog.get_logger()

POLL_TIMEOUT = 25
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class AnotherInstanceRunning(RuntimeError):
    """Telegram says another process polls with this token (409 Conflict)."""


async def run_polling(app: App, stop: asyncio.Event) -> None:
    """Long polling with our own offsets: an update is confirmed to Telegram (the next
    getUpdates' offset) only after it is stored in the inbox."""
    bot, intake = app.bot, app.intake
    await bot.delete_webhook(drop_pending_updates=False)
    await intake.recover()
    allowed = app.dp.resolve_used_update_types()
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
            await _pause(app, float(exc.retry_after), stop)
            continue
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            failures += 1
            log.warning("get_updates_failed", error=str(exc), failures=failures)
            await _pause(app, min(30.0, 2.0**failures), stop)
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
            await _pause(app, min(30.0, 2.0**failures), stop)
            continue
        offset = updates[-1].update_id + 1
        intake.handle_later(fresh)
    await intake.wait_idle()


async def _pause(app: App, seconds: float, stop: asyncio.Event) -> None:
    """Wait `seconds` on the app's clock, or less if asked to stop."""
    sleeping = asyncio.ensure_future(app.clock.sleep(seconds))
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({sleeping, stopped}, return_when=asyncio.FIRST_COMPLETED)
    sleeping.cancel()
    stopped.cancel()


def webhook_app(app: App) -> web.Application:
    settings = app.settings
    assert settings.webhook_url is not None
    path = "/" + settings.webhook_url.split("://", 1)[1].partition("/")[2]
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None

    async def receive(request: web.Request) -> web.Response:
        if secret is not None and request.headers.get(SECRET_HEADER) != secret:
            return web.json_response({"ok": False}, status=401)
        try:
            payload: Any = await request.json()
        except json.JSONDecodeError:
            return web.json_response({"ok": False}, status=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            return web.json_response({"ok": False}, status=400)
        fresh = await app.intake.store([payload])  # stored before Telegram hears 200
        app.intake.handle_later(fresh)
        app.intake.housekeeping()
        return web.json_response({"ok": True})

    async def healthz(_request: web.Request) -> web.Response:
        return await health_response(app)

    web_app = web.Application()
    web_app.router.add_post(path, receive)
    web_app.router.add_get("/healthz", healthz)
    return web_app


async def health_response(app: App) -> web.Response:
    try:
        async with app.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (OSError, SQLAlchemyError) as exc:  # the database is unreachable or failing
        log.warning("health_check_failed", error=str(exc))
        return web.json_response({"ok": False, "database": "unreachable"}, status=503)
    return web.json_response({"ok": True, "database": "ok"})


async def run_webhook(app: App, stop: asyncio.Event) -> None:
    settings = app.settings
    runner = web.AppRunner(webhook_app(app))
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    await app.intake.recover()
    await app.bot.set_webhook(
        url=settings.webhook_url or "",
        secret_token=settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else None,
        allowed_updates=app.dp.resolve_used_update_types(),
    )
    log.info("webhook_listening", host=settings.webhook_host, port=settings.webhook_port)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await app.intake.wait_idle()
