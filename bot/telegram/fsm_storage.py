"""FSM storage: SQL by default (survives a restart), aiogram's Redis storage with REDIS_URL.

While an update is handled, the SQL storage reads and writes dialogue state in that update's
own unit of work (`within`): the state change commits or rolls back with everything else the
update did, and costs no session of its own. Outside an update it uses a short session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey

from bot.clock import Clock
from bot.config import Settings
from storage.uow import UnitOfWork, UnitOfWorkFactory

_update_uow: ContextVar[UnitOfWork | None] = ContextVar("update_uow", default=None)


@contextmanager
def within(uow: UnitOfWork) -> Iterator[None]:
    """Dialogue state read or written inside this block belongs to `uow`'s transaction."""
    token = _update_uow.set(uow)
    try:
        yield
    finally:
        _update_uow.reset(token)


class SqlStorage(BaseStorage):
    def __init__(self, make_uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.keys = DefaultKeyBuilder(with_destiny=True, with_bot_id=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._put(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._uow() as uow:
            record = await uow.fsm.get(self.keys.build(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._put(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._uow() as uow:
            record = await uow.fsm.get(self.keys.build(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        return None

    async def _put(self, key: StorageKey, **values: Any) -> None:
        async with self._uow(write=True) as uow:
            await uow.fsm.put(self.keys.build(key), at=self.clock.now(), **values)

    @asynccontextmanager
    async def _uow(self, *, write: bool = False) -> AsyncIterator[UnitOfWork]:
        current = _update_uow.get()
        if current is not None:
            yield current  # the update's transaction commits it
            return
        async with self.make_uow() as uow:
            yield uow
            if write:
                await uow.commit()


def make_fsm_storage(settings: Settings, make_uow: UnitOfWorkFactory, clock: Clock) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage  # noqa: PLC0415 - optional extra

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        )
    return SqlStorage(make_uow, clock)
