"""An in-process bot: real dispatcher, real database, a recording Telegram session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from bot.app import App, build_app
from bot.config import Settings
from bot.domain.counterparties.phones import normalize_phone
from bot.domain.roles import Role
from bot.services.counterparties.directory import NewCounterparty, add_counterparty
from storage.models import ContactPerson, User
from storage.uow import UnitOfWork
from tests.builders import Group, Person, Updates
from tests.fakes.clock import FakeClock
from tests.fakes.recording_session import RecordingSession

T = TypeVar("T")


class People:
    admin: Person = Person(900001, "Анна", "Админова", "admin_anna")
    head: Person = Person(900002, "Алина", "Кравцова", "head_alina")
    manager: Person = Person(900003, "Ирина", "Лебедева", "mgr_irina")
    storekeeper: Person = Person(900004, "Полина", "Рыжова", "store_polina")
    supplier: Person = Person(900005, "Елизавета", "Ветрова")
    driver: Person = Person(900006, "Антон", "Кочетов")
    stranger: Person = Person(900099, "Пётр", "Незнакомов")


class Chats:
    warehouse: Group = Group(-1001000000001, "Заявки на склад")
    supply: Group = Group(-1001000000002, "Нестандартные позиции")
    forum: Group = Group(-1001000000003, "Цех", is_forum=True)
    small: Group = Group(-4000001, "Доставка")


class TestApp:
    __test__ = False  # not a test class for pytest

    def __init__(self, app: App, session: RecordingSession, clock: FakeClock) -> None:
        self.app = app
        self.telegram = session
        self.clock = clock
        self.updates = Updates()
        self.people = People()
        self.chats = Chats()

    @classmethod
    async def start(
        cls, database_url: str, clock: FakeClock, *, daily: bool = False, **settings: Any
    ) -> TestApp:
        """`daily`: the daily rhythm's messages (08:30, 09:00, 17:45) are on; off by default,
        as if switched off with /policies, so they do not mix into every test's chats."""
        session = RecordingSession()
        values: dict[str, Any] = {
            "bot_token": "123456:TEST-token-0123456789abcdef",
            "database_url": database_url,
            "admin_ids": str(People.admin.tg_user_id),
            "_env_file": None,
        } | settings
        app = build_app(Settings(**values), clock=clock, bot_session=session)
        await app.prepare()
        if not daily:
            async with app.make_uow() as uow:
                for policy in await uow.reminders.policies():
                    if policy.key.startswith("daily."):
                        policy.overrides = {**(policy.overrides or {}), "enabled": False}
                await uow.commit()
        return cls(app, session, clock)

    async def close(self) -> None:
        await self.app.close()

    async def feed(self, update: dict[str, Any]) -> None:
        """Through the durable intake, as the run modes do; then the sender delivers what
        the update wrote to the outbox (its replies too)."""
        fresh = await self.app.intake.store([update])
        await self.app.intake.handle_batch(fresh)
        await self.app.sender.drain()

    async def say(self, who: Person, text: str, **kwargs: Any) -> None:
        await self.feed(self.updates.message(who, text, **kwargs))

    async def press(self, who: Person, data: str, **kwargs: Any) -> None:
        await self.feed(self.updates.press(who, data, **kwargs))

    def texts_to(self, who: Person | Group) -> list[str]:
        chat_id = who.tg_user_id if isinstance(who, Person) else who.chat_id
        return self.telegram.texts_to(chat_id)

    def last_to(self, who: Person | Group) -> str:
        texts = self.texts_to(who)
        assert texts, f"nothing was sent to {who}"
        return texts[-1]

    def alerts(self) -> list[str]:
        return [
            c.request.text or ""
            for c in self.telegram.of("AnswerCallbackQuery")
            if getattr(c.request, "text", None)
        ]

    async def read(self, fn: Callable[[UnitOfWork], Awaitable[T]]) -> T:
        async with self.app.make_uow() as uow:
            return await fn(uow)

    async def add_person(
        self, who: Person, role: Role, department: str | None = None, *, active: bool = True
    ) -> User:
        async with self.app.make_uow() as uow:
            user = User(
                tg_user_id=who.tg_user_id,
                full_name=who.full_name,
                username=who.username,
                role=role.value,
                department_id=department,
                is_active=active,
                is_reachable=True,
                created_at=self.clock.now(),
                updated_at=self.clock.now(),
            )
            uow.users.add(user)
            await uow.commit()
            return user

    async def add_counterparty(
        self,
        name: str,
        *,
        inn: str | None = None,
        phones: Sequence[str] = (),
        emails: Sequence[str] = (),
        city: str | None = None,
        manager: Person | None = None,
        contacts: Sequence[tuple[str, str | None]] = (),
    ) -> int:
        """A counterparty card (clients feature); `contacts` are (name, phone) people."""
        async with self.app.make_uow() as uow:
            manager_user = await uow.users.by_tg_id(manager.tg_user_id) if manager else None
            fields = NewCounterparty(
                name=name,
                inn=inn,
                phones=tuple((normalize_phone(p).e164, None) for p in phones),
                emails=tuple(emails),
                city=city,
                manager_id=manager_user.id if manager_user else None,
            )
            cp = await add_counterparty(uow, fields, None, self.clock.now())
            for person_name, phone in contacts:
                uow.counterparties.add_person(
                    ContactPerson(
                        counterparty_id=cp.id,
                        full_name=person_name,
                        phone_e164=normalize_phone(phone).e164 if phone else None,
                        created_at=self.clock.now(),
                    )
                )
            await uow.commit()
            return cp.id
