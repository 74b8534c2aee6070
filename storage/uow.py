"""Unit of work: one session, one transaction, the repositories over it.

Rolls back unless committed. A service commits once; nothing inside a repository commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.audit import AuditRepository
from storage.repositories.catalog import CatalogRepository
from storage.repositories.client_requests import ClientRequestRepository
from storage.repositories.counterparties import CounterpartyRepository
from storage.repositories.departments import DepartmentChatRepository, DepartmentRepository
from storage.repositories.fsm import FsmRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.interactions import InteractionRepository
from storage.repositories.order_settings import OrderSettingRepository
from storage.repositories.orders import OrderRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.people import InviteRepository, UserRepository
from storage.repositories.registrations import RegistrationRequestRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.tasks import TaskRepository

BeforeCommit = Callable[["UnitOfWork"], Awaitable[None]]
AfterCommit = Callable[["UnitOfWork"], None]


class UnitOfWork:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        after_commit: AfterCommit | None = None,
    ) -> None:
        self._factory = session_factory
        self._after_commit = after_commit  # e.g. wake the reminder runner for what was planned
        self._before_commit: list[BeforeCommit] = []
        self.committed = False

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._factory()
        s = self.session
        self.users = UserRepository(s)
        self.invites = InviteRepository(s)
        self.departments = DepartmentRepository(s)
        self.department_chats = DepartmentChatRepository(s)
        self.audit = AuditRepository(s)
        self.outbox = OutboxRepository(s)
        self.inbox = InboxRepository(s)
        self.fsm = FsmRepository(s)
        # clients feature repositories (below this line)
        self.counterparties = CounterpartyRepository(s)
        self.interactions = InteractionRepository(s)
        self.client_requests = ClientRequestRepository(s)
        self.registrations = RegistrationRequestRepository(s)
        # orders feature repositories (below this line)
        self.orders = OrderRepository(s)
        self.catalog = CatalogRepository(s)
        self.tasks = TaskRepository(s)
        self.order_settings = OrderSettingRepository(s)
        self.reminders = ReminderRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed, and keeps loaded objects readable
        await self.session.close()

    def before_commit(self, hook: BeforeCommit) -> None:
        """Run `hook` inside the transaction right before it commits (once)."""
        self._before_commit.append(hook)

    async def commit(self) -> None:
        hooks, self._before_commit = self._before_commit, []
        for hook in hooks:
            await hook(self)
        await self.session.commit()
        self.committed = True
        if self._after_commit is not None:
            self._after_commit(self)

    async def flush(self) -> None:
        await self.session.flush()


UnitOfWorkFactory = Callable[[], UnitOfWork]
