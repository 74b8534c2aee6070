"""Each way Telegram can refuse a message, and what the sender makes of it."""

from __future__ import annotations

import pytest

from bot.clock import Clock
from storage.uow import UnitOfWork
from tests.delivery.harness import ADMIN_ID, DeliveryApp
from tests.fakes.telegram_api import FakeTelegram

ANN, BOB = 4201, 4202
GROUP, SUPERGROUP, FORUM = -4000201, -1000000000201, -1000000000202


async def test_5xx_and_network_errors_are_retried_until_delivered(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    for n in range(4):
        await app.enqueue(ANN, f"ann {n}")
        await app.enqueue(BOB, f"bob {n}")
    fake.fail_next(3, 502, methods=["sendMessage"])
    fake.fail_next(2, 500, methods=["sendMessage"])

    await app.sender.drain()

    assert fake.texts(ANN) == [f"ann {n}" for n in range(4)]
    assert fake.texts(BOB) == [f"bob {n}" for n in range(4)]
    assert sum(1 for c in fake.calls if c.status >= 500) == 5
    rows = await app.rows()
    assert {r.status for r in rows} == {"sent"}
    assert sum(r.attempts for r in rows) == 5


async def test_answer_lost_after_telegram_accepted_repeats_that_message_once(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    """The documented window: Telegram took the message, its answer never came back."""
    for n in range(3):
        await app.enqueue(ANN, f"ann {n}")
    fake.drop_after_accept(1)

    await app.sender.drain()

    assert fake.duplicates() == [(ANN, "ann 0")]
    assert fake.texts(ANN) == ["ann 0", "ann 0", "ann 1", "ann 2"]
    assert {r.status for r in await app.rows()} == {"sent"}


async def test_a_minute_of_downtime_delays_but_loses_nothing(
    app: DeliveryApp, fake: FakeTelegram, clock: Clock
) -> None:
    chats = [5000 + n for n in range(10)]
    for n in range(5):
        for chat in chats:
            await app.enqueue(chat, f"{chat}: {n}")
    fake.down()
    start = clock.monotonic()
    clock.at(start + 60.0, fake.up)  # type: ignore[attr-defined]

    await app.sender.drain()

    for chat in chats:
        assert fake.texts(chat) == [f"{chat}: {n}" for n in range(5)]
    assert fake.duplicates() == []
    assert min(c.at for c in fake.sent()) >= start + 60.0  # nothing got through while down
    refused = [c for c in fake.calls if c.status == 502]
    assert refused  # it did try during the downtime...
    assert len(refused) <= 10 * len(chats)  # ...backing off, not hammering (~8 rounds)
    assert {r.status for r in await app.rows()} == {"sent"}


async def test_blocked_user_is_marked_unreachable_and_admins_are_told(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.add_user(ANN)
    told: list[int] = []

    async def listener(tg_user_id: int, uow: UnitOfWork, clock: Clock) -> None:
        told.append(tg_user_id)  # e.g. the clients feature tells the client's manager

    app.sender.hooks.on_user_unreachable.append(listener)
    fake.block(ANN)
    for n in range(3):
        await app.enqueue(ANN, f"ann {n}")
    await app.enqueue(BOB, "bob 0")

    await app.sender.drain()

    assert len([c for c in fake.calls if c.chat_id == ANN]) == 1  # no use trying the rest
    assert [r.status for r in await app.rows()][:4] == ["failed"] * 3 + ["sent"]
    assert "blocked" in str((await app.rows())[0].error)
    assert (await app.user(ANN)).is_reachable is False
    assert told == [ANN]
    [notice] = fake.texts(ADMIN_ID)
    assert "заблокировал(а) бота" in notice
    assert fake.texts(BOB) == ["bob 0"]


@pytest.mark.parametrize(
    ("fault", "expected"),
    [("kick", "Бота удалили из чата"), ("unknown", "недоступен: Bad Request: chat not found")],
)
async def test_lost_department_chat_turns_its_binding_off_and_admins_are_told(
    app: DeliveryApp, fake: FakeTelegram, fault: str, expected: str
) -> None:
    await app.bind("warehouse", GROUP, title="Заявки на склад")
    if fault == "kick":
        fake.kick(GROUP)
    else:
        fake.strict_chats = True  # Telegram does not know the chat (deleted, wrong id)
        fake.known_chats.add(ADMIN_ID)
    await app.enqueue(GROUP, "collect order 1")
    await app.enqueue(GROUP, "collect order 2")

    await app.sender.drain()

    [binding] = await app.bindings()
    assert binding.is_active is False
    [notice] = fake.texts(ADMIN_ID)
    assert expected in notice
    assert "Заявки на склад" in notice
    assert [r.status for r in await app.rows()] == ["failed", "failed", "sent"]


async def test_group_that_became_a_supergroup_gets_its_messages_and_binding_moved(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.bind("warehouse", GROUP)
    fake.migrate(GROUP, SUPERGROUP)
    await app.enqueue(GROUP, "collect order 1")
    await app.enqueue(GROUP, "collect order 2")

    await app.sender.drain()

    assert fake.texts(SUPERGROUP) == ["collect order 1", "collect order 2"]
    [binding] = await app.bindings()
    assert (binding.tg_chat_id, binding.is_active) == (SUPERGROUP, True)
    rows = await app.rows()
    assert [(r.tg_chat_id, r.status) for r in rows] == [(SUPERGROUP, "sent")] * 2


async def test_card_left_in_the_old_group_is_posted_again_in_the_supergroup(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.enqueue(GROUP, "task 1: new", card_key="task:1")
    await app.sender.drain()
    fake.migrate(GROUP, SUPERGROUP)

    await app.enqueue(GROUP, "task 1: accepted", card_key="task:1", edit=True)
    await app.sender.drain()

    assert fake.texts(SUPERGROUP) == ["task 1: accepted"]
    card = await app.read(lambda uow: uow.outbox.card("task:1"))
    assert card is not None
    assert (card.tg_chat_id, card.tg_message_id) == (
        SUPERGROUP,
        fake.sent(SUPERGROUP)[0].result["message_id"],
    )


async def test_deleted_forum_topic_is_recreated_and_the_message_sent_there(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    fake.make_forum(FORUM)
    topic = await app.app.bot.create_forum_topic(FORUM, "Склад")
    old = topic.message_thread_id
    await app.bind("warehouse", FORUM, thread_id=old)
    fake.delete_topic(FORUM, old)
    await app.enqueue(FORUM, "collect order 1", thread_id=old)
    await app.enqueue(FORUM, "collect order 2", thread_id=old)

    await app.sender.drain()

    [created] = [c for c in fake.calls if c.method == "createForumTopic" and c.ok][1:]
    new = created.result["message_thread_id"]
    assert new != old
    assert created.params["name"] == "Склад"  # the department's title
    sent = fake.sent(FORUM)
    assert [(c.text, c.params["message_thread_id"]) for c in sent] == [
        ("collect order 1", new),
        ("collect order 2", new),
    ]
    [binding] = await app.bindings()
    assert binding.thread_id == new


async def test_message_that_telegram_refuses_for_good_fails_visibly(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.enqueue(ANN, "   ")  # an empty text: 400, and no retry can fix it
    await app.enqueue(ANN, "next one")

    await app.sender.drain()

    rows = await app.rows()
    assert [r.status for r in rows] == ["failed", "sent"]
    assert "message text is empty" in str(rows[0].error)
    assert len([c for c in fake.calls if c.method == "sendMessage"]) == 2


async def test_view_that_cannot_render_fails_the_row_and_the_sender_goes_on(
    app: DeliveryApp, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    await app.enqueue(ANN, "boom")
    await app.enqueue(BOB, "fine")
    rows = await app.rows()
    broken = rows[0]

    async def make_it_unknown(uow: UnitOfWork) -> None:
        await uow.outbox.save_progress(broken.id, {"view": "no_such_view", "params": {}})
        await uow.commit()

    await app.read(make_it_unknown)

    await app.sender.drain()

    assert [r.status for r in await app.rows()] == ["failed", "sent"]
    assert "no_such_view" in str((await app.rows())[0].error)
    assert fake.texts(BOB) == ["fine"]
