"""One commit per unit of work: a use case commits once; an update's work, the handler's
additions and the inbox mark are one transaction; a handler that fails writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy import event, select

from bot.clock import Clock
from bot.services import audit, outbox
from storage.models import AuditEntry, InboxUpdate
from storage.uow import SecondCommit, UnitOfWork
from tests.harness import TestApp


async def note(subject: str, uow: UnitOfWork, clock: Clock) -> None:
    """A use case as services write one: change, then commit as its last statement."""
    audit.record(uow, None, "test_note", subject, at=clock.now())
    await uow.commit()


async def notes(app: TestApp) -> list[str]:
    rows = await app.read(
        lambda uow: uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "test_note"))
    )
    return [r.subject for r in rows]


async def inbox_row(app: TestApp, update_id: int) -> InboxUpdate:
    row = await app.read(lambda uow: uow.session.get(InboxUpdate, update_id))
    assert row is not None
    return row


def on_command(app: TestApp, name: str, handler: Callable[..., object]) -> None:
    """A handler of our own, tried before the product's routers."""
    app.app.dp.message.register(handler, Command(name))


@pytest.fixture
def transactions(app: TestApp) -> Iterator[list[list[str]]]:
    """The statements of every committed transaction, in order."""
    engine = app.app.engine.sync_engine
    done: list[list[str]] = []
    current: list[str] = []

    def statement(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        current.append(" ".join(sql.split()).lower())

    def commit(_conn: object) -> None:
        done.append(current.copy())
        current.clear()

    def rollback(_conn: object) -> None:
        current.clear()

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    yield done
    event.remove(engine, "before_cursor_execute", statement)
    event.remove(engine, "commit", commit)
    event.remove(engine, "rollback", rollback)


async def test_a_service_outside_an_update_commits_at_once(app: TestApp) -> None:
    async with app.app.make_uow() as uow:
        await note("outside", uow, app.clock)
        assert await notes(app) == ["outside"]  # seen by another session while this is open
    assert await notes(app) == ["outside"]


async def test_a_second_commit_in_one_unit_of_work_raises(app: TestApp) -> None:
    async with app.app.make_uow() as uow:
        await note("first", uow, app.clock)
        audit.record(uow, None, "test_note", "second", at=app.clock.now())
        with pytest.raises(SecondCommit, match="commit\\(\\) called twice"):
            await uow.commit()
    assert await notes(app) == ["first"]


async def test_a_second_commit_in_one_update_fails_it_and_writes_nothing(app: TestApp) -> None:
    async def twice(message: Message, uow: UnitOfWork, clock: Clock) -> None:
        await note("one", uow, clock)
        await note("two", uow, clock)

    on_command(app, "twice", twice)
    await app.say(app.people.admin, "/twice")

    assert await notes(app) == []
    assert app.last_to(app.people.admin) == app.app.texts("error-unexpected")


async def test_an_update_whose_handler_fails_after_the_service_committed_writes_nothing(
    app: TestApp,
) -> None:
    async def fails_late(message: Message, uow: UnitOfWork, clock: Clock) -> None:
        await note("half", uow, clock)
        await outbox.send(
            uow,
            chat_id=app.people.admin.tg_user_id,
            view="admin_user_unreachable",
            params={"name": "Half Done", "role": "manager"},
            at=clock.now(),
        )
        raise RuntimeError("the handler breaks after the service")

    on_command(app, "late", fails_late)
    await app.say(app.people.admin, "/late")

    assert await notes(app) == []
    assert app.texts_to(app.people.admin) == [app.app.texts("error-unexpected")]


async def test_the_service_the_handlers_additions_and_the_inbox_mark_commit_together(
    app: TestApp, transactions: list[list[str]]
) -> None:
    async def notes_and_tells(message: Message, uow: UnitOfWork, clock: Clock) -> None:
        await note("together", uow, clock)
        await outbox.send(  # added after the service's commit, like a reply
            uow,
            chat_id=app.people.admin.tg_user_id,
            view="admin_user_unreachable",
            params={"name": "Together", "role": "manager"},
            at=clock.now(),
        )

    on_command(app, "together", notes_and_tells)
    update = app.updates.message(app.people.admin, "/together")
    await app.feed(update)

    assert await notes(app) == ["together"]
    assert (await inbox_row(app, update["update_id"])).handled_at is not None
    [written] = [t for t in transactions if any("insert into audit_log" in s for s in t)]
    assert any("insert into outbox_messages" in s for s in written)
    assert any(s.startswith("update inbox_updates set handled_at") for s in written)
    await app.app.sender.drain()
    assert [t for t in app.texts_to(app.people.admin) if "Together" in t]
