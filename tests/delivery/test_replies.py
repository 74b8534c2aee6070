"""Every reply goes through the delivery guarantee, against the fake Bot API with Telegram's
limits on: six commands within a second are all answered, nothing fails a handler because
Telegram said 429/5xx, texts are split or cut to Telegram's limits, and a handler that fails
takes its replies back while the person is still told."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select
from structlog.testing import capture_logs

from bot.middlewares.callbacks import CallbackReply
from bot.services import audit
from bot.telegram.replies import Replies
from bot.telegram.sender.limits import TelegramLimits
from bot.views.rendered import Rendered, button, keyboard
from storage.models import AuditEntry, InboxUpdate
from storage.uow import UnitOfWork
from tests.delivery.conftest import MakeApp
from tests.delivery.harness import ADMIN_ID, DeliveryApp
from tests.fakes.telegram_api import FakeLimits, FakeTelegram

LIMITS_ON = [FakeLimits()]  # Telegram's real numbers, on the test clock
CARD_LINE = "  • Костюм рабочий «Стандарт», рост 170-176, размер 52, синий/васильковый — 12 шт.\n"


def _card(length: int) -> str:
    """A card of `length` characters, in lines, as a long client card is."""
    head = "Карточка клиента ООО «Ромашка»\n"
    body = (CARD_LINE * (length // len(CARD_LINE) + 1))[: length - len(head)]
    return head + body


async def _feed(app: DeliveryApp, fake: FakeTelegram, update: dict[str, Any]) -> None:
    """Telegram hands the update over (the fake learns it), the intake handles it."""
    fake.push_update(update)
    await app.app.intake.handle_batch(await app.app.intake.store([update]))


async def _command(app: DeliveryApp, fake: FakeTelegram, text: str) -> None:
    await _feed(app, fake, fake.private_message(fake.user(ADMIN_ID, "Анна"), text))


async def _press(app: DeliveryApp, fake: FakeTelegram, data: str) -> None:
    [call] = [c for c in fake.sent(ADMIN_ID) if c.result.get("reply_markup")][-1:]
    await _feed(app, fake, fake.callback(fake.user(ADMIN_ID, "Анна"), call, data))


def _test_router(app: DeliveryApp) -> Router:
    """Test-only handlers, in front of the bot's own, answering as handlers do (`reply`)."""
    router = Router(name="replies-test")

    async def card(message: Message, reply: Replies) -> None:
        await reply.answer(_card(5516))

    async def menu(message: Message, reply: Replies) -> None:
        buttons = [[button("Дальше", "t:next"), button("Тревога", "t:alert")]]
        await reply.answer(Rendered("Меню", keyboard(buttons)))

    async def next_screen(query: CallbackQuery, reply: Replies, uow: UnitOfWork) -> None:
        audit.record(uow, None, "pressed", "t:next", at=app.clock.now())
        await reply.edit(_card(4510))

    async def alert(query: CallbackQuery, callback_reply: CallbackReply) -> None:
        callback_reply.text, callback_reply.show_alert = "Внимание! " * 30 + "конец", True

    async def fails(message: Message, reply: Replies, uow: UnitOfWork) -> None:
        audit.record(uow, None, "half_done", "x", at=app.clock.now())
        await reply.answer("половина сделана")
        raise RuntimeError("disk on fire")

    router.message.register(card, Command("card"))
    router.message.register(menu, Command("menu"))
    router.message.register(fails, Command("fails"))
    router.callback_query.register(next_screen, lambda q: q.data == "t:next")
    router.callback_query.register(alert, lambda q: q.data == "t:alert")
    app.app.dp.sub_routers.insert(1, router)
    router._parent_router = app.app.dp
    return router


async def _audit(app: DeliveryApp, action: str) -> int:
    async def query(uow: UnitOfWork) -> int:
        rows = await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return len(rows.all())

    return await app.read(query)


async def _inbox_errors(app: DeliveryApp) -> list[str | None]:
    async def query(uow: UnitOfWork) -> list[str | None]:
        return [r.error for r in (await uow.session.scalars(select(InboxUpdate))).all()]

    return await app.read(query)


def _failures(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in logs if e["event"] in {"update_failed", "handler_failed"}]


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_six_commands_within_a_second_are_all_answered_without_a_traceback(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    commands = ["/start", "/help", "/invite manager", "/staff", "/chats", "/help"]
    with capture_logs() as logs:
        for command in commands:
            await _command(app, fake, command)
            app.clock.advance(0.1)  # six within 0.6 s: over a private chat's burst of 3
        await app.sender.drain()

    answers = fake.texts(ADMIN_ID)
    assert len(answers) >= len(commands)
    assert answers[1] == answers[-1]  # /help, answered both times, in order
    assert any("Приглашение" in t or "t.me/" in t for t in answers)
    assert _failures(logs) == []
    assert await _inbox_errors(app) == [None] * len(commands)
    assert fake.duplicates() == [(ADMIN_ID, answers[1])]  # the two /help only


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_a_5516_character_card_arrives_split_at_line_boundaries(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    _test_router(app)
    await _command(app, fake, "/card")
    await app.sender.drain()

    parts = fake.texts(ADMIN_ID)
    assert len(parts) == 2
    assert all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == _card(5516).rstrip("\n")
    assert all(p.endswith("шт.") or p == parts[-1] for p in parts)


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_an_edit_too_long_is_cut_with_a_mark_and_a_long_alert_to_200(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    _test_router(app)
    await _command(app, fake, "/menu")
    await app.sender.drain()

    await _press(app, fake, "t:next")
    await app.sender.drain()
    [edit] = [c for c in fake.calls if c.method == "editMessageText" and c.ok]
    assert len(edit.text or "") <= 4096
    assert (edit.text or "").endswith("…")
    assert _card(4510).startswith((edit.text or "")[:-1])

    await _press(app, fake, "t:alert")
    answers = [c for c in fake.calls if c.method == "answerCallbackQuery"]
    assert answers[-1].ok
    alert = answers[-1].params["text"]
    assert len(alert) == 200
    assert alert.endswith("…")


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_telegram_failing_the_callback_answer_does_not_fail_the_handler(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    _test_router(app)
    await _command(app, fake, "/menu")
    await app.sender.drain()

    fake.fail_next(1, methods=["answerCallbackQuery"])  # a 502
    with capture_logs() as logs:
        await _press(app, fake, "t:next")
        await app.sender.drain()

    assert _failures(logs) == []
    assert [e["event"] for e in logs if e["event"] == "callback_answer_failed"]
    assert await _audit(app, "pressed") == 1  # the handler's work is written
    assert [c.ok for c in fake.calls if c.method == "editMessageText"] == [True]


@pytest.mark.parametrize("fake_limits", LIMITS_ON)
async def test_replies_refused_with_429_are_waited_out_and_all_arrive(
    make_app: MakeApp, fake: FakeTelegram
) -> None:
    # The sender believes in limits ten times looser than Telegram's: Telegram says 429.
    loose = TelegramLimits(private_per_second=10, private_burst=30)
    app = await make_app(limits=loose)
    with capture_logs() as logs:
        for _ in range(6):
            await _command(app, fake, "/help")
        await app.sender.drain()

    assert fake.stats.rejected_429 >= 1
    assert _failures(logs) == []
    assert len(fake.texts(ADMIN_ID)) == 6
    assert await _inbox_errors(app) == [None] * 6


async def test_a_failed_handler_takes_its_replies_back_and_the_person_is_still_told(
    app: DeliveryApp, fake: FakeTelegram
) -> None:
    _test_router(app)
    await _command(app, fake, "/fails")
    await app.sender.drain()

    assert fake.texts(ADMIN_ID) == [app.app.texts("error-unexpected")]
    assert await _audit(app, "half_done") == 0
