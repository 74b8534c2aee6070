"""Clients of the fake Bot API for tests: an aiogram Bot and a raw aiohttp caller."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from tests.fakes.telegram_api import FakeTelegram


class PlainHttpSession(AiohttpSession):
    """AiohttpSession without the 250 ms pause on close (it only matters for TLS)."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class RawApi:
    """Bot API calls over plain aiohttp, for what aiogram hides (statuses, odd encodings)."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str) -> None:
        self.session = session
        self.base_url = base_url
        self.token = token

    async def call(
        self, method: str, *, token: str | None = None, json: Any = None, **params: Any
    ) -> tuple[int, dict[str, Any]]:
        url = f"{self.base_url}/bot{token or self.token}/{method}"
        data = {key: str(value) for key, value in params.items()} if params else None
        async with self.session.post(url, data=data, json=json) as response:
            return response.status, await response.json()


def make_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    api = TelegramAPIServer.from_base(fake.base_url)
    return Bot(token or fake.token, session=PlainHttpSession(api=api))
