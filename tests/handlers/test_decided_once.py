"""Two people deciding the same thing at the same moment: exactly one decision is taken, the
other person is told it was already decided, and nothing of theirs is written. Run on SQLite
(where "select … for update" locks nothing) and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import MyOrderCb
from storage.models import Order, Task
from tests.builders import Person
from tests.handlers.test_orders_intake import (
    CLIENT,
    CLIENT_ORDER,
    _client_of_romashka,
    _client_submits,
)
from tests.harness import TestApp
from tests.orders_seed import bind
from tests.reminder_probe import probe_app_fixture  # noqa: F401  (the probe_app fixture)


class Meeting:
    """Holds whoever arrives until ``size`` have (or, where the database itself makes the
    second one wait, until a short timeout): both read "pending" before either writes."""

    def __init__(self, size: int = 2) -> None:
        self.size, self.arrived, self.all = size, 0, asyncio.Event()

    def wrap(self, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = await fn(*args, **kwargs)
            self.arrived += 1
            if self.arrived >= self.size:
                self.all.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.all.wait(), 1)
            return result

        return wrapped


async def both(app: TestApp, *presses: tuple[Person, str]) -> None:
    await asyncio.gather(*(app.feed(app.updates.press(who, data)) for who, data in presses))
    await app.app.sender.drain()


async def test_confirm_and_decline_of_one_client_order_at_once(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _client_of_romashka(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await bind(app, "warehouse", app.chats.warehouse)
    manager = app.people.manager
    order = await _client_submits(app, f"{CLIENT_ORDER}, опт")
    await app.press(manager, MyOrderCb(a="open", order=order.id).pack())
    confirm = app.telegram.sent_to(manager.tg_user_id)[-1].callback_data("Подтвердить")
    head = app.people.head
    await app.press(head, MyOrderCb(a="open", order=order.id).pack())
    await app.press(head, app.telegram.sent_to(head.tg_user_id)[-1].callback_data("Отменить"))
    decline = app.telegram.sent_to(head.tg_user_id)[-1].callback_data("Да, отменить")

    from bot.services.orders import client_orders  # noqa: PLC0415

    meeting = Meeting()
    monkeypatch.setattr(client_orders, "card_of", meeting.wrap(client_orders.card_of))
    told_before = len(app.texts_to(CLIENT))
    await both(app, (manager, confirm), (head, decline))

    stored = await app.read(lambda uow: uow.session.scalar(select(Order)))
    tasks = list(await app.read(lambda uow: uow.session.scalars(select(Task))))
    assert stored is not None
    told = app.texts_to(CLIENT)[told_before:]
    assert len(told) == 1, told  # the client hears one decision
    if stored.status == "cancelled":
        assert tasks == []
        assert told[0].startswith("Ваша заявка №1 отклонена")
    else:
        assert stored.status == "in_work"
        assert [t.department_id for t in tasks] == ["warehouse"]
        assert told[0].startswith("✅ Ваша заявка №1 подтверждена")
    assert "По заявке №1 уже решили." in app.alerts()


async def test_a_registration_linked_and_declined_at_once(
    app: TestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services.client_portal import decisions  # noqa: PLC0415
    from tests.handlers.test_client_portal import CLIENT as APPLICANT  # noqa: PLC0415
    from tests.handlers.test_client_portal import last  # noqa: PLC0415
    from tests.handlers.test_client_portal_decisions import (  # noqa: PLC0415
        SECOND_HEAD,
        clients_count,
        request_row,
        two_heads_got_a_request,
    )

    await two_heads_got_a_request(app)
    head = app.people.head
    await app.press(SECOND_HEAD, last(app, SECOND_HEAD).callback_data("Привязать"))
    await app.say(SECOND_HEAD, "ромашка")
    link = last(app, SECOND_HEAD).callback_data("ООО «Ромашка»")
    decline = last(app, head).callback_data("Отклонить")
    told_before = len(app.texts_to(APPLICANT))

    meeting = Meeting()
    monkeypatch.setattr(decisions, "pending_request", meeting.wrap(decisions.pending_request))
    await both(app, (SECOND_HEAD, link), (head, decline))

    request = await request_row(app)
    told = app.texts_to(APPLICANT)[told_before:]
    assert len(told) == 1, told
    if request.status == "declined":
        assert await clients_count(app) == 0
        assert "подключить вас к боту не получилось" in told[0]
    else:
        assert request.status == "linked"
        assert await clients_count(app) == 1
        assert "Вас подключили" in told[0]
    assert any(a.startswith("Заявка №1 уже рассмотрена") for a in app.alerts())


async def test_two_presses_on_one_reminder_at_once_act_once(
    probe_app: tuple[TestApp, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.services.reminders import actions  # noqa: PLC0415
    from bot.views.callbacks import ReminderCb  # noqa: PLC0415
    from storage.models import AuditEntry  # noqa: PLC0415
    from tests.reminder_probe import fired_probe, rows  # noqa: PLC0415

    app, _ = probe_app
    _, row = await fired_probe(app)
    manager, head = app.people.manager, app.people.head
    meeting = Meeting()
    monkeypatch.setattr(actions, "current_policies", meeting.wrap(actions.current_policies))
    done = ReminderCb(id=row.id, a="done").pack()
    await both(app, (manager, done), (head, done))

    acted = await app.read(
        lambda uow: uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("reminder_%"))
        )
    )
    assert len(list(acted)) == 1
    assert (await rows(app))[0].status == "done"
    assert "По этому напоминанию уже отметились." in app.alerts()
