"""An in-process bot wired to the fake Bot API through a real aiohttp session.

Sender and intake run as in production; only the clock is a test clock (shared with the
fake's rate limits), and a view `plain` renders the text it is given, so each message
can be told apart.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardButton
from sqlalchemy import select

from bot.app import App, build_app
from bot.config import Settings
from bot.domain.roles import Role
from bot.services import outbox
from bot.services.outbox import Priority
from bot.telegram.sender import SenderOptions
from bot.telegram.sender.limits import TelegramLimits
from bot.texts import Texts
from bot.views.rendered import Rendered, keyboard
from storage.models import DepartmentChat, OutboxMessage, User
from storage.uow import UnitOfWork
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.telegram_client import PlainHttpSession

TOKEN = "123456:TEST-token-0123456789abcdef"
ADMIN_ID = 900001
T = TypeVar("T")


def plain_view(texts: Texts, params: dict[str, Any]) -> Rendered:
    """The test view: the text as given, with buttons (label = callback data) if any."""
    buttons = [InlineKeyboardButton(text=b, callback_data=b) for b in params.get("buttons", [])]
    return Rendered(params["text"], keyboard([buttons]) if buttons else None)


class ScriptedClock(FakeClock):
    """A FakeClock that runs callbacks once it passes given moments (seconds from start)."""

    def __init__(self) -> None:
        super().__init__()
        self._script: list[tuple[float, Callable[[], None]]] = []

    def at(self, seconds: float, action: Callable[[], None]) -> None:
        self._script.append((seconds, action))
        self._script.sort(key=lambda item: item[0])

    def advance(self, delta: Any) -> None:
        super().advance(delta)
        while self._script and self._script[0][0] <= self.monotonic():
            _, action = self._script.pop(0)
            action()


@dataclass
class DeliveryApp:
    app: App
    fake: FakeTelegram
    clock: FakeClock
    row_ids: list[int] = field(default_factory=list)

    @classmethod
    async def start(
        cls,
        database_url: str,
        fake: FakeTelegram,
        clock: FakeClock,
        *,
        limits: TelegramLimits | None = None,
        options: SenderOptions | None = None,
        **settings: Any,
    ) -> DeliveryApp:
        values: dict[str, Any] = {
            "bot_token": TOKEN,
            "database_url": database_url,
            "admin_ids": str(ADMIN_ID),
            "telegram_api_url": fake.base_url,
            "_env_file": None,
        } | settings
        session = PlainHttpSession(api=TelegramAPIServer.from_base(fake.base_url))
        app = build_app(
            Settings(**values),
            clock=clock,
            bot_session=session,
            limits=limits,
            sender_options=options,
        )
        await app.prepare()
        return cls(app, fake, clock)

    @property
    def sender(self) -> Any:
        return self.app.sender

    async def close(self) -> None:
        await self.app.close()

    async def enqueue(
        self,
        chat_id: int,
        text: str,
        *,
        priority: Priority = Priority.NOTICE,
        card_key: str | None = None,
        edit: bool = False,
        thread_id: int | None = None,
        buttons: tuple[str, ...] = (),
    ) -> int:
        params = {"text": text, "buttons": list(buttons)}
        async with self.app.make_uow() as uow:
            if edit:
                assert card_key is not None
                await outbox.edit_card(
                    uow,
                    card_key=card_key,
                    chat_id=chat_id,
                    view="plain",
                    params=params,
                    at=self.clock.now(),
                    thread_id=thread_id,
                    priority=priority,
                )
            else:
                await outbox.send(
                    uow,
                    chat_id=chat_id,
                    view="plain",
                    params=params,
                    at=self.clock.now(),
                    thread_id=thread_id,
                    priority=priority,
                    card_key=card_key,
                )
            await uow.commit()
        rows = await self.rows()
        self.row_ids.append(rows[-1].id)
        return rows[-1].id

    async def enqueue_many(
        self, messages: list[tuple[int, str]], priority: Priority = Priority.NOTICE
    ) -> None:
        """Many messages in one transaction, as a digest would be written."""
        async with self.app.make_uow() as uow:
            for chat_id, text in messages:
                await outbox.send(
                    uow,
                    chat_id=chat_id,
                    view="plain",
                    params={"text": text},
                    at=self.clock.now(),
                    priority=priority,
                )
            await uow.commit()

    async def read(self, fn: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        async with self.app.make_uow() as uow:
            return await fn(uow)

    async def rows(self) -> list[OutboxMessage]:
        async def query(uow: UnitOfWork) -> list[OutboxMessage]:
            found = await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            return list(found.all())

        return await self.read(query)

    async def add_user(self, tg_user_id: int, role: Role = Role.MANAGER) -> User:
        async with self.app.make_uow() as uow:
            user = User(
                tg_user_id=tg_user_id,
                full_name=f"User {tg_user_id}",
                role=role.value,
                department_id="sales",
                is_active=True,
                is_reachable=True,
                created_at=self.clock.now(),
                updated_at=self.clock.now(),
            )
            uow.users.add(user)
            await uow.commit()
            return user

    async def user(self, tg_user_id: int) -> User:
        user = await self.read(lambda uow: uow.users.by_tg_id(tg_user_id))
        assert user is not None
        return user

    async def bind(
        self, department: str, chat_id: int, *, thread_id: int | None = None, title: str = "Чат"
    ) -> None:
        async with self.app.make_uow() as uow:
            admin = await uow.users.by_tg_id(ADMIN_ID)
            assert admin is not None
            uow.department_chats.add(
                DepartmentChat(
                    department_id=department,
                    tg_chat_id=chat_id,
                    thread_id=thread_id,
                    title=title,
                    is_forum=thread_id is not None,
                    is_active=True,
                    bound_by_id=admin.id,
                    bound_at=self.clock.now(),
                )
            )
            await uow.commit()

    async def bindings(self) -> list[DepartmentChat]:
        async def query(uow: UnitOfWork) -> list[DepartmentChat]:
            found = await uow.session.scalars(select(DepartmentChat).order_by(DepartmentChat.id))
            return list(found.all())

        return await self.read(query)

    def sent_texts(self, chat_id: int) -> list[str]:
        return self.fake.texts(chat_id)
