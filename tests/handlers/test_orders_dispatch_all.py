"""Every sample order of tests/data/orders.jsonl, sent by a manager, through the real intake,
the real dispatch and the departments' work: the right chats get the task cards.

Routing (company.yaml): stock -> warehouse, procure (out of stock, non-standard) -> supply,
logo (no logo chat bound: falls back) / tailoring / manufacture -> workshop, own driver and
transport company -> delivery once the work is done; pickup and no delivery -> ready.

One app and one database per database kind for all sixty orders; runs on both (a few seconds).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import select

from bot.domain.roles import Role
from bot.domain.tasks.flow import (
    DELIVERY_KINDS,
    INPUTS,
    OrderStatus,
    StepInput,
    TaskKind,
    TaskStatus,
    buttons,
    is_open,
)
from bot.services.tasks import actions as task_actions
from storage.models import Order, OrderPosition, Task
from tests.builders import Group
from tests.handlers.test_orders_intake import CONFIRM, answer_questions, screen
from tests.harness import TestApp
from tests.orders_seed import (
    DELIVERY_CHAT,
    WORKSHOP_CHAT,
    actor_of,
    bind,
    sample_orders,
    seed_catalog,
    seed_counterparties,
    staff,
)

CARD_TITLE = re.compile(r"^\S+ Заявка №(\d+) · ")
WORK_ROUTES = {"stock": "warehouse", "procure": "supply", "logo": "workshop",
               "tailoring": "workshop", "manufacture": "workshop"}  # fmt: skip
TYPED = {StepInput.EXPECTED_DATE: "завтра", StepInput.TRACKING: "ПЭК-123456"}


def _chats(app: TestApp) -> dict[str, Group]:
    return {
        "warehouse": app.chats.warehouse,
        "supply": app.chats.supply,
        "workshop": WORKSHOP_CHAT,
        "delivery": DELIVERY_CHAT,
    }


def _cards_by_order(app: TestApp, chats: dict[str, Group]) -> dict[int, set[str]]:
    """Order number -> the departments whose chat got a new card of it."""
    found: dict[int, set[str]] = defaultdict(set)
    for department, chat in chats.items():
        for text in app.texts_to(chat):
            title = CARD_TITLE.match(text)
            if title:
                found[int(title.group(1))].add(department)
    return dict(found)


def _expected_work(positions: list[OrderPosition]) -> set[str]:
    return {WORK_ROUTES[w] for p in positions for w in p.work or ()}


async def _rows(app: TestApp) -> tuple[list[Order], dict[int, list[OrderPosition]]]:
    async def read(uow: Any) -> tuple[list[Order], dict[int, list[OrderPosition]]]:
        orders = list(await uow.session.scalars(select(Order).order_by(Order.id)))
        return orders, {o.id: list(await uow.orders.positions(o.id)) for o in orders}

    return await app.read(read)


async def _place_every_sample(app: TestApp) -> None:
    manager = app.people.manager
    for sample in sample_orders():
        await app.say(manager, sample["text"])
        shown = await answer_questions(app, manager, {})
        await app.press(manager, shown.callback_data(CONFIRM))
        assert app.last_to(manager).startswith("✅ Заявка №"), sample["id"]


async def _finish_work(app: TestApp, order_id: int) -> None:
    """The departments press their cards' buttons (as the head, who may press any) until
    every task but delivery is done; a step asking for input gets a typical answer."""
    head = await actor_of(app, app.people.head)
    for _ in range(30):
        tasks = await app.read(lambda uow: uow.tasks.of_order(order_id))
        pending = [
            t
            for t in tasks
            if TaskKind(t.kind) not in DELIVERY_KINDS and is_open(TaskStatus(t.status))
        ]
        if not pending:
            return
        task = pending[0]
        step = buttons(TaskKind(task.kind), TaskStatus(task.status))[0]
        if step in INPUTS:
            cmd: Any = task_actions.SubmitTaskInput(
                head, task.id, step.value, task.version, TYPED[INPUTS[step]]
            )
            act: Any = task_actions.submit_task_input
        else:
            cmd, act = task_actions.PressTask(head, task.id, step.value, task.version), None
        await app.read(
            lambda uow, cmd=cmd, act=act: (act or task_actions.press_task)(
                cmd, uow, app.clock, app.app.calendar
            )
        )
    raise AssertionError(f"order {order_id}: the work does not end")


async def test_every_sample_order_reaches_the_departments_its_routing_names(
    app: TestApp,
) -> None:
    await staff(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await seed_catalog(app)
    await seed_counterparties(app)
    chats = _chats(app)
    for department, chat in chats.items():
        await bind(app, department, chat)

    await _place_every_sample(app)

    orders, positions = await _rows(app)
    assert len(orders) == len(sample_orders())
    cards = _cards_by_order(app, chats)
    for order in orders:
        work = _expected_work(positions[order.id])
        # an order with no work for any department goes straight to delivery
        expected = work or ({"delivery"} if order.delivery_kind != "pickup" else set())
        assert cards.get(order.number, set()) == expected, order.number
        tasks = await app.read(lambda uow, o=order: uow.tasks.of_order(o.id))
        assert all(t.is_posted for t in tasks), order.number
        assert {t.tg_chat_id for t in tasks} == {chats[d].chat_id for d in expected}
    routed = {d for o in orders for d in cards.get(o.number, set())}
    assert routed >= {"warehouse", "supply", "workshop"}, "the samples use every department"
    assert app.texts_to(app.people.admin) == [], "no department was without a chat"

    # the departments do their work: delivery cards appear for the orders delivered
    for order in orders:
        await _finish_work(app, order.id)
    await app.app.sender.drain()
    orders, _ = await _rows(app)
    cards = _cards_by_order(app, chats)
    for order in orders:
        delivered = order.delivery_kind in ("own_driver", "transport_company")
        assert ("delivery" in cards.get(order.number, set())) == delivered, order.number
        want = OrderStatus.DELIVERING if delivered else OrderStatus.READY
        assert order.status == want, order.number
    shipments = await app.read(
        lambda uow: uow.session.scalars(select(Task.kind).where(Task.department_id == "delivery"))
    )
    assert sorted(set(shipments)) == [TaskKind.DELIVERY, TaskKind.SHIPMENT]
    assert screen(app, app.people.manager)  # the manager heard about it all
