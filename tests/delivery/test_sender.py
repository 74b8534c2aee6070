"""The sender against the fake Bot API: order, message ids, cards, long texts, retries."""

from __future__ import annotations

import pytest

from bot.services import outbox
from tests.delivery.harness import DeliveryApp
from tests.fakes.telegram_api import FakeLimits, FakeTelegram

ANN, BOB, GROUP = 4101, 4102, -4000101


async def test_messages_reach_each_chat_in_order_and_their_ids_are_stored(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    for n in range(6):
        await app.enqueue(ANN, f"ann {n}")
        await app.enqueue(BOB, f"bob {n}")
        await app.enqueue(GROUP, f"group {n}")

    assert await app.sender.drain() == 18

    assert fake.texts(ANN) == [f"ann {n}" for n in range(6)]
    assert fake.texts(BOB) == [f"bob {n}" for n in range(6)]
    assert fake.texts(GROUP) == [f"group {n}" for n in range(6)]
    delivered = {(c.chat_id, c.text): c.result["message_id"] for c in fake.sent()}
    rows = await app.rows()
    assert {r.status for r in rows} == {"sent"}
    assert all(
        r.tg_message_id == delivered[(r.tg_chat_id, r.payload["params"]["text"])] for r in rows
    )


async def test_edits_of_a_card_coalesce_into_its_last_state(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.enqueue(GROUP, "task 7: new", card_key="task:7", buttons=("accept",))
    await app.sender.drain()
    [card] = fake.sent(GROUP)

    for state in ("accepted", "collected", "shipped"):
        await app.enqueue(GROUP, f"task 7: {state}", card_key="task:7", edit=True)
    await app.sender.drain()

    [edit] = fake.sent(GROUP, method="editMessageText")
    assert edit.params["message_id"] == card.result["message_id"]
    assert fake.messages[GROUP][card.result["message_id"]].text == "task 7: shipped"
    assert [r.status for r in await app.rows()] == ["sent", "superseded", "superseded", "sent"]


async def test_edit_that_changes_nothing_counts_as_delivered(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.enqueue(GROUP, "task 8: new", card_key="task:8")
    await app.sender.drain()
    await app.enqueue(GROUP, "task 8: new", card_key="task:8", edit=True)
    await app.sender.drain()

    [answer] = [c for c in fake.calls if c.method == "editMessageText"]
    assert "message is not modified" in str(answer.description)
    assert [r.status for r in await app.rows()] == ["sent", "sent"]


async def test_long_text_is_split_at_line_breaks_with_the_keyboard_on_the_last_part(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    lines = [f"{n:04d} " + "позиция заказа, размер 52-54, рост 182-188" for n in range(300)]
    await app.enqueue(ANN, "\n".join(lines), card_key="digest:1", buttons=("ok",))

    await app.sender.drain()

    parts = fake.sent(ANN)
    assert len(parts) == 4
    assert all(len(str(p.text)) <= 4096 for p in parts)
    assert [line for p in parts for line in str(p.text).split("\n")] == lines
    assert [bool(p.params.get("reply_markup")) for p in parts] == [False, False, False, True]
    [row] = await app.rows()
    assert row.tg_message_id == parts[-1].result["message_id"]  # the card is the last part


@pytest.mark.parametrize("fake_limits", [FakeLimits(private_burst=1)])
async def test_long_text_goes_on_with_the_next_part_after_a_refusal(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    # Telegram allows no burst here, the sender expects one: every part after the first
    # is refused once (429) and must be sent again without repeating the parts before it.
    lines = [f"{n:04d} " + "x" * 60 for n in range(150)]
    await app.enqueue(ANN, "\n".join(lines))

    await app.sender.drain()

    texts = fake.texts(ANN)
    assert len(texts) == 3
    assert [line for text in texts for line in text.split("\n")] == lines
    assert fake.stats.rejected_429 == 2
    [row] = await app.rows()
    assert (row.status, row.tg_message_id) == ("sent", fake.sent(ANN)[0].result["message_id"])


async def test_edit_queued_right_behind_its_card_edits_that_card(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    await app.enqueue(GROUP, "task 9: new", card_key="task:9")
    await app.enqueue(GROUP, "task 9: accepted", card_key="task:9", edit=True)
    await app.enqueue(GROUP, "task 9: collected", card_key="task:9", edit=True)

    await app.sender.drain()

    [card] = fake.sent(GROUP)
    [edit] = fake.sent(GROUP, method="editMessageText")
    assert edit.params["message_id"] == card.result["message_id"]
    assert fake.messages[GROUP][card.result["message_id"]].text == "task 9: collected"


async def test_a_photo_card_is_edited_in_its_caption(app: DeliveryApp, fake: FakeTelegram) -> None:
    """A card sent as a photo has no text: its edits change the caption, whether the edit
    says so or the sender learns it from Telegram's refusal to edit text."""
    async with app.app.make_uow() as uow:
        await outbox.send_file(
            uow,
            chat_id=GROUP,
            kind="photo",
            file_id="photo-1",
            view="plain",
            params={"text": "брак: new", "buttons": ["take"]},
            at=app.clock.now(),
            card_key="request:1",
        )
        await uow.commit()
    await app.sender.drain()
    [card] = fake.sent(GROUP, method="sendPhoto")
    message_id = card.result["message_id"]

    await app.enqueue(GROUP, "брак: taken", card_key="request:1", edit=True)  # as if text
    await app.sender.drain()
    assert fake.messages[GROUP][message_id].caption == "брак: taken"

    async with app.app.make_uow() as uow:
        await outbox.edit_card(
            uow,
            card_key="request:1",
            chat_id=GROUP,
            view="plain",
            params={"text": "брак: answered"},
            at=app.clock.now(),
            caption=True,
        )
        await uow.commit()
    await app.sender.drain()
    assert fake.messages[GROUP][message_id].caption == "брак: answered"
    assert [r.status for r in await app.rows()] == ["sent", "sent", "sent"]
