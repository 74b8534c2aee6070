"""What a press on a card sets off, decided without a database: `decide_step` from the task,
its order's tasks and positions, and where work goes now."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.errors import Conflict, Forbidden, InvalidInput, InvalidTransition
from bot.domain.roles import Actor, Role
from bot.domain.tasks.flow import OrderStatus, Step, StepInput, TaskKind, TaskStatus
from bot.domain.tasks.lines import TaskLines
from bot.domain.tasks.steps import Press, Question, StepOutcome, decide_step
from bot.domain.tasks.work import OrderState, PositionState, Routes, TaskState

K, S = TaskKind, TaskStatus
STOREKEEPER = Actor(7, 70, Role.WAREHOUSE, frozenset({"warehouse"}), "Полина Рыжова")
SUPPLIER = Actor(8, 80, Role.SUPPLY, frozenset({"supply"}), "Елизавета Ветрова")
DRIVER = Actor(9, 90, Role.DRIVER, frozenset({"delivery"}), "Олег")
SUIT = PositionState(11, 1, "Костюм", "шт", 10)
GLOVES = PositionState(12, 2, "Перчатки", "пар", 40)
ROUTES = Routes(
    rules={"stock": "warehouse", "procure": "supply", "own_driver": "delivery"},
    bound=frozenset({"warehouse", "supply", "delivery"}),
    fallbacks={},
    titles={"warehouse": "Склад", "supply": "Снабжение", "delivery": "Доставка"},
)


def task(
    task_id: int, kind: TaskKind, status: TaskStatus, department: str, **qty: int
) -> TaskState:
    lines = TaskLines(
        qty={int(k.removeprefix("p")): v for k, v in qty.items()}, routed=(department,)
    )
    return TaskState(task_id, kind, status, department, 2, lines)


def press(
    actor: Actor,
    pressed: TaskState,
    step: Step,
    *others: TaskState,
    typed: str | None = None,
    delivery_kind: str | None = "own_driver",
) -> Press:
    order = OrderState(
        number=123,
        status=OrderStatus.IN_WORK,
        delivery_kind=delivery_kind,
        carrier="",
        positions=(SUIT, GLOVES),
        tasks=tuple(sorted((pressed, *others), key=lambda t: t.id)),
    )
    return Press(
        actor, step, pressed.version, pressed, order, ROUTES, date(2026, 11, 25), typed=typed
    )


def outcome(p: Press) -> StepOutcome:
    decided = decide_step(p)
    assert isinstance(decided, StepOutcome)
    return decided


def test_accepting_notes_who_took_it_and_tells_the_manager() -> None:
    warehouse = task(1, K.COLLECT, S.NEW, "warehouse", p11=10)
    decided = outcome(press(STOREKEEPER, warehouse, Step.ACCEPT))
    assert (decided.pressed.status, decided.pressed.accepted) == (S.ACCEPTED, True)
    assert [(n.event, n.department, n.who) for n in decided.news] == [
        ("accept", "Склад", "Полина Рыжова")
    ]
    assert (decided.others, decided.new_tasks, decided.after, decided.closes) == (
        (),
        (),
        None,
        False,
    )


def test_a_step_with_a_question_asks_before_changing_anything() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10, p12=40)
    asked = decide_step(press(STOREKEEPER, warehouse, Step.SHORT))
    assert asked == Question(Step.SHORT, StepInput.SHORTAGE, {1: 10, 2: 40})


def test_a_shortage_goes_to_a_new_supply_task_when_supply_has_none_to_add_to() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    decided = outcome(press(STOREKEEPER, warehouse, Step.SHORT, typed="4"))
    assert decided.pressed.status is S.SHORT
    assert decided.pressed.lines.short == {11: 4}
    assert decided.pressed.note == "1. Костюм: 4 шт"
    [supply] = decided.new_tasks
    assert (supply.department_id, supply.kind, supply.event) == (
        "supply",
        K.PROCURE,
        "from_warehouse",
    )
    assert supply.lines.qty == {11: 4}
    assert supply.lines.for_warehouse == (11,)


def test_a_shortage_is_added_to_supply_that_has_not_ordered_yet() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    supply = task(2, K.PROCURE, S.ACCEPTED, "supply", p12=40)
    decided = outcome(press(STOREKEEPER, warehouse, Step.SHORT, supply, typed="1: 3"))
    [added] = decided.others
    assert (added.task_id, added.status, added.notice) == (2, S.ACCEPTED, "task_shortage_added")
    assert added.lines.qty == {11: 3, 12: 40}
    assert decided.new_tasks == ()


def test_goods_arrived_reopen_the_warehouse_task() -> None:
    warehouse = task(1, K.COLLECT, S.SHORT, "warehouse", p11=10)
    warehouse = replace(warehouse, lines=warehouse.lines.missing({11: 4}))
    supply = task(2, K.PROCURE, S.ORDERED, "supply", p11=4)
    decided = outcome(press(SUPPLIER, supply, Step.ARRIVE, warehouse))
    assert decided.pressed.status is S.ARRIVED
    [reopened] = decided.others
    assert (reopened.task_id, reopened.status, reopened.reopened) == (1, S.ACCEPTED, True)
    assert reopened.lines.short == {}
    assert decided.after is None  # the warehouse has work again


def test_the_last_work_done_sends_out_the_delivery_task() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    cancelled = task(2, K.PROCURE, S.CANCELLED, "supply", p12=40)
    decided = outcome(press(STOREKEEPER, warehouse, Step.COLLECT, cancelled))
    assert decided.after is not None
    assert decided.after.order_status is OrderStatus.DELIVERING
    delivery = decided.after.delivery
    assert delivery is not None
    assert (delivery.department_id, delivery.kind) == ("delivery", K.DELIVERY)
    assert delivery.lines.qty == {11: 10, 12: 40}


def test_work_done_for_a_pickup_makes_the_order_ready_and_tells_the_client() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    decided = outcome(press(STOREKEEPER, warehouse, Step.COLLECT, delivery_kind="pickup"))
    assert decided.after is not None
    assert decided.after.order_status is OrderStatus.READY
    assert decided.after.clients is not None
    assert decided.after.clients.params == {"pickup": "yes"}


def test_work_left_elsewhere_changes_nothing_for_the_order() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    supply = task(2, K.PROCURE, S.ORDERED, "supply", p12=40)
    assert outcome(press(STOREKEEPER, warehouse, Step.COLLECT, supply)).after is None


def test_delivered_closes_the_order() -> None:
    delivery = task(3, K.DELIVERY, S.PICKED_UP, "delivery", p11=10)
    decided = outcome(press(DRIVER, delivery, Step.DELIVER))
    assert (decided.pressed.status, decided.closes) == (S.DELIVERED, True)


def test_refusals_name_the_reason() -> None:
    warehouse = task(1, K.COLLECT, S.NEW, "warehouse", p11=10)
    with pytest.raises(Forbidden) as other_department:
        decide_step(press(SUPPLIER, warehouse, Step.ACCEPT))
    assert other_department.value.params == {"department": "Склад"}
    stale = replace(press(STOREKEEPER, warehouse, Step.ACCEPT), version=1, last_who="Тамара")
    with pytest.raises(Conflict) as changed:
        decide_step(stale)
    assert changed.value.params == {"who": "Тамара", "status": "new"}
    with pytest.raises(InvalidTransition):
        decide_step(press(STOREKEEPER, warehouse, Step.COLLECT))  # not accepted yet
    with pytest.raises(InvalidTransition):
        decide_step(press(STOREKEEPER, warehouse, Step.ACCEPT, typed="5"))  # asks nothing
    accepted = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    with pytest.raises(InvalidInput):
        decide_step(press(STOREKEEPER, accepted, Step.SHORT, typed="11"))  # more than there is


def test_work_done_on_an_order_already_delivering_changes_nothing_for_the_order() -> None:
    warehouse = task(1, K.COLLECT, S.ACCEPTED, "warehouse", p11=10)
    pressed = press(STOREKEEPER, warehouse, Step.COLLECT)
    delivering = replace(pressed, order=replace(pressed.order, status=OrderStatus.DELIVERING))
    assert outcome(delivering).after is None
