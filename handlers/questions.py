"""Shared by the routers whose dialogues ask a question and read the typed answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram.fsm.context import FSMContext

from bot.domain.errors import DomainError, InvalidInput


@asynccontextmanager
async def question_kept_on_typo(state: FSMContext) -> AsyncIterator[None]:
    """A typo (InvalidInput) keeps the question open to be answered again; any other refusal
    (the card or order changed meanwhile) ends it."""
    try:
        yield
    except InvalidInput:
        raise
    except DomainError:
        await state.clear()
        raise
