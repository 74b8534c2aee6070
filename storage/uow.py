"""Unit of work: one session, one transaction, the repositories over it.

Rolls back unless committed; nothing inside a repository commits. One unit of work is one
use case, and `commit()` is its last statement: a second `commit()` in the same unit is a
programming error (`SecondCommit`).

Who opens a unit of work closes it. Outside an update (the sender, the reminder runner, a
start, a test) `commit()` commits at once. An update's unit is *held* by the middleware that
opened it (`hold()`): the service's `commit()` then flushes (so a broken constraint still
raises in the service) and records that its use case is complete, and the middleware makes
the one real commit once the handler has returned (`commit_held()`), with what the handler
added after the service (its replies) and the inbox mark. If the handler raises instead,
nothing of the update is written.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories.asks import DeptRequestRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.catalog import CatalogRepository
from storage.repositories.claims import ClaimRepository
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

AfterCommit = Callable[["UnitOfWork"], None]


class SecondCommit(RuntimeError):
    """A unit of work was committed twice: one use case commits once, as its last statement."""


class UnitOfWork:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        after_commit: AfterCommit | None = None,
    ) -> None:
        self._factory = session_factory
        self._after_commit = after_commit  # e.g. wake the reminder runner for what was planned
        self._held = False
        self.completed = False  # the use case called commit()
        self.committed = False  # the transaction is committed

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
        # claims feature repositories (below this line)
        self.claims = ClaimRepository(s)
        # managers' requests to departments (below this line)
        self.dept_requests = DeptRequestRepository(s)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back whatever was not committed, and keeps loaded objects readable
        await self.session.close()

    def hold(self) -> None:
        """The opener commits (`commit_held`); `commit()` only completes the use case."""
        self._held = True

    async def commit(self) -> None:
        """The use case is done: commit now, or (held) flush and leave it to the holder."""
        if self.completed:
            raise SecondCommit(
                "commit() called twice in one unit of work: a use case commits once, as its "
                "last statement; split the work or call the parts that do not commit"
            )
        self.completed = True
        if self._held:
            await self.session.flush()
            return
        await self._commit()

    async def commit_held(self) -> None:
        """The holder's one real commit, after the handler returned."""
        assert self._held, "commit_held() is for a unit of work opened with hold()"
        await self._commit()

    async def _commit(self) -> None:
        await self.session.commit()
        self.committed = True
        if self._after_commit is not None:
            self._after_commit(self)

    async def flush(self) -> None:
        await self.session.flush()


UnitOfWorkFactory = Callable[[], UnitOfWork]
