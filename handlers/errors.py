"""One error handler: domain errors are answered with their text, anything else is logged
with its traceback and answered politely; the bot carries on.

The update's own work, its replies included, was rolled back: the answer is written in a unit
of work of its own (`reply.apart`) and goes through the outbox like every reply; a press is
answered with an alert at once (cut to 200 characters, never raising)."""

from __future__ import annotations

from typing import Any

import structlog
from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.domain.errors import DomainError, TryAgain
from bot.telegram.replies import Replies, answer_callback
from bot.texts import Texts

log = structlog.get_logger()


async def on_domain_error(event: ErrorEvent, texts: Texts, **data: Any) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    log.info("domain_error", key=error.key, update_id=event.update.update_id)
    text = texts(error.key, **error.params) if texts.has(error.key) else texts("error-generic")
    await _tell(event, data.get("reply"), text)


async def on_busy(event: ErrorEvent) -> None:
    """Not ours to answer: the intake handles the whole update again."""
    raise event.exception


async def on_unexpected_error(event: ErrorEvent, texts: Texts, **data: Any) -> None:
    log.error("handler_failed", update_id=event.update.update_id, exc_info=event.exception)
    try:
        await _tell(event, data.get("reply"), texts("error-unexpected"))
    except Exception:  # the database is down too: nothing more to do than say so in the log
        log.exception("error_reply_failed", update_id=event.update.update_id)


async def _tell(event: ErrorEvent, reply: Replies | None, text: str) -> None:
    update = event.update
    if update.callback_query is not None:
        await answer_callback(update.callback_query, text, show_alert=True)
    elif update.message is not None and reply is not None:
        await reply.apart(text)


def build_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_busy, ExceptionTypeFilter(TryAgain))
    router.errors.register(on_domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(on_unexpected_error)
    return router
