"""The durable intake: stored before confirmed, handled once, in order per chat, pruned."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from bot.telegram.intake import MAX_ATTEMPTS
from storage.models import InboxUpdate
from storage.uow import UnitOfWork
from tests.delivery.conftest import MakeApp
from tests.delivery.harness import ADMIN_ID, DeliveryApp, ScriptedClock
from tests.fakes.telegram_api import FakeTelegram

Handler = Callable[[Any, dict[str, Any]], Awaitable[Any]]


def _update(fake: FakeTelegram, update_id: int, text: str) -> dict[str, Any]:
    update = fake.private_message(fake.user(ADMIN_ID, "Анна"), text)
    update["update_id"] = update_id
    return update


async def _inbox(app: DeliveryApp, update_id: int) -> InboxUpdate | None:
    return await app.read(lambda uow: uow.inbox.get(update_id))


async def test_updates_of_one_chat_keep_their_order_across_batches(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    finished: list[int] = []

    async def slow_first(handler: Handler, event: Any, data: dict[str, Any]) -> Any:
        if event.update_id == 1:  # a handler that waits on Telegram a few times
            for _ in range(5):
                await app.app.bot.get_me()
        result = await handler(event, data)
        finished.append(event.update_id)
        return result

    app.app.dp.update.outer_middleware(slow_first)
    intake = app.app.intake
    intake.handle_later(await intake.store([_update(fake, 1, "/help")]))
    intake.handle_later(await intake.store([_update(fake, 2, "/start")]))

    await intake.wait_idle()
    await app.sender.drain()  # the replies are in the outbox

    assert finished == [1, 2]
    assert len(fake.texts(ADMIN_ID)) == 2


async def test_update_stored_before_a_crash_is_handled_once_after_restart(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    crashed = await make_app()
    assert await crashed.app.intake.store([_update(fake, 7, "/help")])  # then the process died
    assert fake.texts(ADMIN_ID) == []

    restarted = await make_app()
    assert await restarted.app.intake.recover() == 1
    assert await restarted.app.intake.recover() == 0
    await restarted.sender.drain()

    assert len(fake.texts(ADMIN_ID)) == 1
    row = await _inbox(restarted, 7)
    assert row is not None
    assert (row.handled_at is not None, row.error, row.attempts) == (True, None, 1)


async def test_update_that_kept_killing_the_process_is_given_up_after_three_restarts(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.app.intake.store([_update(fake, 9, "/help")])

    async def died_three_times(uow: UnitOfWork) -> None:
        await uow.session.execute(
            update(InboxUpdate).where(InboxUpdate.update_id == 9).values(attempts=MAX_ATTEMPTS)
        )
        await uow.commit()

    await app.read(died_three_times)

    await app.app.intake.recover()

    assert fake.texts(ADMIN_ID) == []
    row = await _inbox(app, 9)
    assert row is not None
    assert row.handled_at is not None
    assert "gave up" in str(row.error)


async def test_same_update_delivered_again_is_not_handled_again(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    intake = app.app.intake
    update = _update(fake, 11, "/help")
    await intake.handle_batch(await intake.store([update]))

    assert await intake.store([update]) == []  # a second poller, a restart, a webhook retry
    await intake.recover()
    await app.sender.drain()
    assert len(fake.texts(ADMIN_ID)) == 1


async def test_handled_updates_are_pruned_once_an_hour(
    app: DeliveryApp, fake: FakeTelegram, clock: ScriptedClock
) -> None:
    intake = app.app.intake
    await intake.handle_batch(await intake.store([_update(fake, 21, "/help")]))

    async def keep_house(after: timedelta) -> None:
        clock.advance(after)
        intake.housekeeping()
        await intake.wait_idle()

    await keep_house(timedelta(days=3) - timedelta(minutes=30))  # pruned: nothing old yet
    assert await _inbox(app, 21) is not None
    await keep_house(timedelta(minutes=40))  # old enough now, but the last prune was 40 min ago
    assert await _inbox(app, 21) is not None
    await keep_house(timedelta(minutes=20))
    assert await _inbox(app, 21) is None


async def test_update_left_unhandled_by_a_dead_process_is_handled_by_a_live_one(
    make_app: MakeApp, fake: FakeTelegram, clock: ScriptedClock
) -> None:
    live = await make_app()  # e.g. two webhook processes; the other one died
    dead = await make_app()
    await dead.app.intake.store([_update(fake, 31, "/help")])

    clock.advance(timedelta(minutes=6))
    live.app.intake.housekeeping()
    await live.app.intake.wait_idle()
    await live.sender.drain()

    assert len(fake.texts(ADMIN_ID)) == 1
    row = await _inbox(live, 31)
    assert row is not None
    assert row.handled_at is not None


async def test_unparsable_stored_update_is_marked_failed_and_the_rest_handled_at_start(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    crashed = await make_app()
    malformed = {"update_id": 7, "message": "nope"}  # stored by an older version, say

    async def stored_earlier(uow: UnitOfWork) -> None:
        await uow.inbox.store([malformed, _update(fake, 8, "/help")], at=crashed.clock.now())
        await uow.commit()

    await crashed.read(stored_earlier)

    restarted = await make_app()
    assert await restarted.app.intake.recover() == 2  # did not raise
    assert await restarted.app.intake.recover() == 0  # and will not try again
    await restarted.app.sender.drain()  # the reply is in the outbox
    assert len(fake.texts(ADMIN_ID)) == 1
    row = await _inbox(restarted, 7)
    assert row is not None
    assert row.handled_at is not None
    assert str(row.error).startswith("unparsable update")
