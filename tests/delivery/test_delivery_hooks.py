"""Features hear what a delivery taught the sender through the hooks they registered; the
sender itself names none of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.clock import Clock
from bot.services.outbox import Priority
from storage.models import OutboxMessage
from storage.uow import UnitOfWork
from tests.delivery.harness import DeliveryApp
from tests.fakes.telegram_api import FakeTelegram

FORUM, SUPERGROUP = -1000000000301, -1000000000302


async def ask_for_topic(app: DeliveryApp, chat_id: int, name: str) -> int:
    """A `create_topic` row as a feature writes one (its view names the topic)."""
    now = app.clock.now()
    async with app.app.make_uow() as uow:
        await uow.outbox.add(
            OutboxMessage(
                tg_chat_id=chat_id,
                thread_id=None,
                method="create_topic",
                payload={"view": "plain", "params": {"text": name, "asked_by": 7}},
                priority=int(Priority.NOTICE),
                card_key=None,
                dedupe_key=None,
                status="pending",
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
        )
        await uow.commit()
    return (await app.rows())[-1].id


async def test_the_feature_hears_of_its_topic_before_the_row_counts_as_sent(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    fake.make_forum(FORUM)
    heard: list[tuple[Any, ...]] = []

    async def opened(
        params: Mapping[str, Any],
        chat: int,
        thread: int | None,
        name: str,
        uow: UnitOfWork,
        clock: Clock,
    ) -> None:
        row = await uow.session.get(OutboxMessage, row_id)
        assert row is not None
        heard.append((params["asked_by"], chat, thread, name, row.status))
        await uow.commit()

    app.sender.hooks.on_topic_opened["plain"] = opened
    row_id = await ask_for_topic(app, FORUM, "Заявка №5")

    await app.sender.drain()

    [made] = fake.sent(FORUM, method="createForumTopic")
    assert made.params["name"] == "Заявка №5"
    assert heard == [
        (7, FORUM, made.result["message_thread_id"], "Заявка №5", "sending")
    ]  # leased, not yet sent
    assert [r.status for r in await app.rows()] == ["sent"]


async def test_a_topic_whose_feature_failed_to_record_it_is_asked_for_again(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    fake.make_forum(FORUM)
    heard: list[int | None] = []

    async def opened(
        params: Mapping[str, Any],
        chat: int,
        thread: int | None,
        name: str,
        uow: UnitOfWork,
        clock: Clock,
    ) -> None:
        if not heard:
            heard.append(None)
            raise RuntimeError("the database went away")
        heard.append(thread)
        await uow.commit()

    app.sender.hooks.on_topic_opened["plain"] = opened
    await ask_for_topic(app, FORUM, "Заявка №6")

    await app.sender.drain()

    made = fake.sent(FORUM, method="createForumTopic")
    assert len(made) == 2  # the first topic was never recorded: a new one is opened
    assert heard == [None, made[1].result["message_thread_id"]]
    [row] = await app.rows()
    assert (row.status, row.attempts) == ("sent", 1)


async def test_a_migrated_group_is_told_to_every_listener_and_its_rows_follow(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    group = -4000301
    fake.migrate(group, SUPERGROUP)
    moves: list[tuple[str, int, int]] = []

    def listener(name: str) -> Any:
        async def moved(old: int, new: int, uow: UnitOfWork) -> None:
            moves.append((name, old, new))
            await uow.commit()

        return moved

    app.sender.hooks.on_chat_migrated[:] = [listener("first"), listener("second")]
    await app.enqueue(group, "one")
    await app.enqueue(group, "two")

    await app.sender.drain()

    assert moves == [("first", group, SUPERGROUP), ("second", group, SUPERGROUP)]
    assert fake.texts(SUPERGROUP) == ["one", "two"]
    assert {r.tg_chat_id for r in await app.rows()} == {SUPERGROUP}
