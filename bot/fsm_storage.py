"""FSM storage: SQL by default (survives a restart), aiogram's Redis storage with REDIS_URL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey

from bot.clock import Clock
from bot.config import Settings
from storage.uow import UnitOfWorkFactory


class SqlStorage(BaseStorage):
    def __init__(self, make_uow: UnitOfWorkFactory, clock: Clock) -> None:
        self.make_uow = make_uow
        self.clock = clock
        self.keys = DefaultKeyBuilder(with_destiny=True, with_bot_id=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._put(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.make_uow() as uow:
            record = await uow.fsm.get(self.keys.build(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._put(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.make_uow() as uow:
            record = await uow.fsm.get(self.keys.build(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        return None

    async def _put(self, key: StorageKey, **values: Any) -> None:
        async with self.make_uow() as uow:
            await uow.fsm.put(self.keys.build(key), at=self.clock.now(), **values)
            await uow.commit()


def make_fsm_storage(settings: Settings, make_uow: UnitOfWorkFactory, clock: Clock) -> BaseStorage:
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage  # noqa: PLC0415 - optional extra

        return RedisStorage.from_url(
            settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        )
    return SqlStorage(make_uow, clock)
