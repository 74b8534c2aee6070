"""One error handler: domain errors are answered with their text, anything else is logged
with its traceback and answered politely; the bot carries on."""

from __future__ import annotations

import structlog
from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent

from bot.domain.errors import DomainError, TryAgain
from bot.texts import Texts

log = structlog.get_logger()


async def on_domain_error(event: ErrorEvent, texts: Texts) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    log.info("domain_error", key=error.key, update_id=event.update.update_id)
    await _tell(
        event, texts(error.key, **error.params) if texts.has(error.key) else texts("error-generic")
    )


async def on_busy(event: ErrorEvent) -> None:
    """Not ours to answer: the intake handles the whole update again."""
    raise event.exception


async def on_unexpected_error(event: ErrorEvent, texts: Texts) -> None:
    log.error("handler_failed", update_id=event.update.update_id, exc_info=event.exception)
    try:
        await _tell(event, texts("error-unexpected"))
    except TelegramAPIError as exc:
        log.warning("error_reply_failed", error=str(exc))


async def _tell(event: ErrorEvent, text: str) -> None:
    update = event.update
    if update.callback_query is not None:
        await update.callback_query.answer(text[:200], show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)


def build_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_busy, ExceptionTypeFilter(TryAgain))
    router.errors.register(on_domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(on_unexpected_error)
    return router
