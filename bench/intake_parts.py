"""Where an update's time goes: the intake benchmark again with parts of the path taken out
one at a time, as CPU time of the event loop thread per update (the thread everything but
SQLite's own work runs in, so the one that limits the rate).

1. the whole path;
2. without the handler's three writes (state, interaction, outbox row);
3. also without the two reads every update makes (the dialogue state, the person);
4. also without the inbox mark: what is left is storing each getUpdates batch in the inbox
   (one INSERT for 100 updates) and aiogram parsing and dispatching the update through our
   middlewares and routers.

Taking parts out is done by replacing them for the run (unittest.mock), in this bench only.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from unittest import mock

from aiogram.fsm.storage.base import StorageKey

from bench.intake import bench_app, check_all_handled, feed_updates, warm_up
from bot.domain.roles import Actor
from bot.middlewares.uow import UnitOfWorkMiddleware
from bot.services.staff import people
from bot.telegram.fsm_storage import SqlStorage
from bot.telegram.intake import IntakeTicket
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    cpu_ms_per_update: float
    rate: float


async def intake_parts(url: str, updates: int) -> list[Part]:
    steps: list[tuple[str, bool, Callable[[ExitStack], None]]] = [
        ("whole path", True, _nothing),
        ("without the handler's 3 writes", False, _nothing),
        ("  and without the 2 reads", False, _no_reads),
        ("  and without the inbox mark", False, _no_mark),
    ]
    parts = []
    with ExitStack() as patches:
        for step, (name, writes, take_out) in enumerate(steps):
            take_out(patches)
            app = bench_app(url, writes=writes)
            await app.prepare()
            first_id = step * (updates + 1)
            try:
                await warm_up(app, first_id)
                elapsed, cpu = await feed_updates(app, updates, batch=100, first_id=first_id)
                await check_all_handled(app, first_id, first_id + updates)
            finally:
                await app.close()
            parts.append(Part(name, cpu / updates * 1000, updates / elapsed))
    return parts


def _nothing(_patches: ExitStack) -> None:
    return None


def _no_reads(patches: ExitStack) -> None:
    async def no_state(_self: SqlStorage, key: StorageKey) -> None:
        return None

    async def no_data(_self: SqlStorage, key: StorageKey) -> dict[str, Any]:
        return {}

    async def stranger(_uow: UnitOfWork, tg_user_id: int, full_name: str) -> people.ActorLookup:
        return people.ActorLookup(Actor(None, tg_user_id, None, full_name=full_name), False)

    patches.enter_context(mock.patch.object(SqlStorage, "get_state", no_state))
    patches.enter_context(mock.patch.object(SqlStorage, "get_data", no_data))
    patches.enter_context(mock.patch.object(people, "resolve_actor", stranger))


def _no_mark(patches: ExitStack) -> None:
    async def skip_it(
        _self: UnitOfWorkMiddleware, _uow: UnitOfWork, _ticket: IntakeTicket
    ) -> None:
        return None  # the ticket is still noted handled: intake marks nothing either

    patches.enter_context(mock.patch.object(UnitOfWorkMiddleware, "_mark_handled", skip_it))
