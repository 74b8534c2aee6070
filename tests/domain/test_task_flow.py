from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import InvalidInput, InvalidTransition
from bot.domain.tasks.flow import (
    FINISHED_ORDERS,
    FLOWS,
    OrderStatus,
    PositionWork,
    Step,
    TaskKind,
    TaskStatus,
    advance,
    buttons,
    cancel_order,
    confirm_order,
    parse_order_status,
    parse_step,
    plan_tasks,
    resolve_department,
    split_stock,
    work_done,
)
from bot.domain.tasks.input import (
    parse_comment,
    parse_expected_date,
    parse_new_qty,
    parse_shortage,
    parse_tracking,
)

K, S = TaskKind, TaskStatus

# Every department's way from a new card to done: (kind, [(step, status after it)]).
HAPPY_PATHS = [
    (K.COLLECT, [(Step.ACCEPT, S.ACCEPTED), (Step.COLLECT, S.COLLECTED)]),
    (K.PROCURE, [(Step.ACCEPT, S.ACCEPTED), (Step.ORDER, S.ORDERED), (Step.ARRIVE, S.ARRIVED)]),
    (K.WORKSHOP, [(Step.ACCEPT, S.ACCEPTED), (Step.START, S.IN_WORK), (Step.FINISH, S.READY)]),
    (K.DELIVERY, [(Step.TAKE, S.TAKEN), (Step.PICK_UP, S.PICKED_UP), (Step.DELIVER, S.DELIVERED)]),
    (K.SHIPMENT, [(Step.TAKE, S.TAKEN), (Step.PICK_UP, S.PICKED_UP), (Step.SHIP, S.SHIPPED)]),
]


@pytest.mark.parametrize(("kind", "path"), HAPPY_PATHS)
def test_each_department_goes_from_new_to_done(kind: TaskKind, path: list[tuple[Step, S]]) -> None:
    status = S.NEW
    for step, expected in path:
        assert step in buttons(kind, status)
        status = advance(kind, status, step)
        assert status == expected
    assert buttons(kind, status) == ()


@pytest.mark.parametrize(("kind", "path"), HAPPY_PATHS)
def test_a_second_press_of_the_same_button_is_refused(
    kind: TaskKind, path: list[tuple[Step, S]]
) -> None:
    status = S.NEW
    for step, _ in path:
        status = advance(kind, status, step)
        with pytest.raises(InvalidTransition):
            advance(kind, status, step)


WRONG = [
    (K.COLLECT, S.NEW, Step.COLLECT, "task-step-not-allowed"),  # collected before accepted
    (K.COLLECT, S.NEW, Step.ARRIVE, "task-step-not-allowed"),  # a supply step on a warehouse card
    (K.PROCURE, S.ACCEPTED, Step.ARRIVE, "task-step-not-allowed"),  # arrived before ordered
    (K.DELIVERY, S.NEW, Step.DELIVER, "task-step-not-allowed"),
    (K.DELIVERY, S.TAKEN, Step.SHIP, "task-step-not-allowed"),  # own driver has no tracking
    (K.WORKSHOP, S.READY, Step.START, "task-already-done"),
    (K.COLLECT, S.CANCELLED, Step.ACCEPT, "task-cancelled"),
    (K.COLLECT, S.COLLECTED, Step.CANCEL, "task-already-done"),
]


@pytest.mark.parametrize(("kind", "status", "step", "key"), WRONG)
def test_steps_the_card_does_not_offer_are_refused(
    kind: TaskKind, status: S, step: Step, key: str
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        advance(kind, status, step)
    assert refused.value.key == key


def test_warehouse_may_report_a_shortage_and_gets_the_goods_back() -> None:
    status = advance(K.COLLECT, S.ACCEPTED, Step.SHORT)
    assert status == S.SHORT
    assert buttons(K.COLLECT, status) == ()  # waits for supply
    assert advance(K.COLLECT, status, Step.RESTOCK) == S.ACCEPTED
    assert advance(K.COLLECT, S.COLLECTED, Step.RESTOCK) == S.ACCEPTED
    with pytest.raises(InvalidTransition):
        advance(K.PROCURE, S.ACCEPTED, Step.RESTOCK)


def test_any_open_task_may_be_cancelled() -> None:
    for kind, flow in FLOWS.items():
        for status in flow:
            assert advance(kind, status, Step.CANCEL) == S.CANCELLED


@pytest.mark.parametrize("value", ["restock", "cancel", "", "delete", "accept;drop"])
def test_system_or_unknown_steps_cannot_be_pressed(value: str) -> None:
    with pytest.raises(InvalidTransition):
        parse_step(value)


def test_work_is_done_when_every_task_but_delivery_is_closed() -> None:
    assert work_done([(K.COLLECT, S.COLLECTED), (K.PROCURE, S.CANCELLED), (K.DELIVERY, S.NEW)])
    assert not work_done([(K.COLLECT, S.COLLECTED), (K.WORKSHOP, S.IN_WORK)])
    assert work_done([])


# --- routing ------------------------------------------------------------------------------

RULES = {"stock": "warehouse", "procure": "supply", "logo": "logo", "tailoring": "workshop",
         "manufacture": "workshop", "own_driver": "delivery", "pickup": None}  # fmt: skip
FALLBACKS = {"logo": "workshop", "workshop": None, "warehouse": None, "supply": None}


def test_logo_falls_back_to_workshop_only_when_logo_has_no_chat() -> None:
    assert resolve_department("logo", {"workshop"}, FALLBACKS) == "workshop"
    assert resolve_department("logo", {"logo", "workshop"}, FALLBACKS) == "logo"
    assert resolve_department("logo", set(), FALLBACKS) == "logo"  # waits for a chat
    assert resolve_department("a", set(), {"a": "b", "b": "a"}) == "a"  # a loop ends


def test_one_task_per_department_with_only_its_positions() -> None:
    positions = [
        PositionWork(1, "KS-101", 10, ("stock", "logo")),
        PositionWork(2, None, 3, ("procure",)),
        PositionWork(3, "KR-201", 2, ("stock", "tailoring")),
    ]
    planned = plan_tasks(positions, RULES, {"warehouse", "supply", "workshop"}, FALLBACKS, {})
    by_department = {p.department_id: p for p in planned}
    assert list(by_department) == ["warehouse", "supply", "workshop"]
    assert by_department["warehouse"].kind is K.COLLECT
    assert by_department["warehouse"].qty == {1: 10, 3: 2}
    assert by_department["supply"].qty == {2: 3}
    workshop = by_department["workshop"]
    assert workshop.kind is K.WORKSHOP
    assert workshop.qty == {1: 10, 3: 2}
    assert workshop.work == {1: ["logo"], 3: ["tailoring"]}
    assert workshop.routed == ["logo", "workshop"]  # logo's share merged in by the fallback


def test_partial_stock_is_split_between_warehouse_and_supply() -> None:
    positions = [
        PositionWork(1, "KS-101", 6, ("stock", "procure")),
        PositionWork(2, "KS-101", 4, ("stock", "procure")),
    ]
    assert split_stock(positions, {"KS-101": 7}) == {1: 6, 2: 1}
    planned = {
        p.department_id: p for p in plan_tasks(positions, RULES, set(), FALLBACKS, {"KS-101": 7})
    }
    assert planned["warehouse"].qty == {1: 6, 2: 1}
    assert planned["supply"].qty == {2: 3}


def test_unknown_stock_gives_both_departments_the_full_quantity() -> None:
    positions = [PositionWork(1, "XX-1", 5, ("stock", "procure"))]
    planned = {p.department_id: p for p in plan_tasks(positions, RULES, set(), FALLBACKS, {})}
    assert planned["warehouse"].qty == {1: 5}
    assert planned["supply"].qty == {1: 5}


def test_an_admin_route_change_is_followed() -> None:
    positions = [PositionWork(1, None, 3, ("procure",))]
    planned = plan_tasks(positions, {**RULES, "procure": "warehouse"}, set(), FALLBACKS, {})
    assert [(p.department_id, p.kind) for p in planned] == [("warehouse", K.PROCURE)]


# --- what people type ---------------------------------------------------------------------


def test_shortage_by_line_numbers() -> None:
    assert parse_shortage("5", {3: 10}) == {3: 5}
    assert parse_shortage("5 шт", {3: 10}) == {3: 5}
    assert parse_shortage("1: 2; 3 - 4", {1: 5, 3: 10}) == {1: 2, 3: 4}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "task-shortage-format"),
        ("нету", "task-shortage-format"),
        ("25", "task-shortage-format"),  # two lines: which one?
        ("1 2 3", "task-shortage-format"),
        ("7: 1", "task-shortage-no-line"),
        ("1: 0", "task-shortage-qty"),
        ("1: 6", "task-shortage-qty"),  # more than ordered
    ],
)
def test_bad_shortage_is_refused(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_shortage(text, {1: 5, 3: 10})
    assert refused.value.key == key


TODAY = date(2026, 11, 23)  # Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25.11", date(2026, 11, 25)), ("завтра", date(2026, 11, 24)),
     ("к пятнице", date(2026, 11, 27)), ("через неделю", date(2026, 11, 30))],
)  # fmt: skip
def test_expected_date(text: str, expected: date) -> None:
    assert parse_expected_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [("когда-нибудь", "task-date-format"), ("", "task-date-format"),
     ("20.11.2026", "task-date-past"), ("01.12.2028", "task-date-far")],
)  # fmt: skip
def test_bad_expected_date_is_refused(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_expected_date(text, TODAY)
    assert refused.value.key == key


def test_tracking_number() -> None:
    assert parse_tracking("  ПЭК  1234-5678 ") == "ПЭК 1234-5678"
    for bad in ("", "ПЭК", "<script>1</script>", "1" * 65):
        with pytest.raises(InvalidInput):
            parse_tracking(bad)


def test_comment_and_quantity() -> None:
    assert parse_comment("  Логотип слева  ") == "Логотип слева"
    assert parse_new_qty("0") == 0
    for bad in ("", "   ", "я" * 1001):
        with pytest.raises(InvalidInput):
            parse_comment(bad)
    for bad in ("-1", "десять", "1.5", "100001"):
        with pytest.raises(InvalidInput):
            parse_new_qty(bad)


# --- the order's own status ---------------------------------------------------------------


def test_a_clients_order_awaits_the_manager_and_only_confirming_moves_it_on() -> None:
    awaiting = parse_order_status("awaiting_manager")
    assert awaiting is OrderStatus.AWAITING_MANAGER
    assert awaiting not in FINISHED_ORDERS  # an open order: /my lists it
    assert confirm_order(awaiting, 7) is OrderStatus.NEW
    for status in OrderStatus:
        if status is not OrderStatus.AWAITING_MANAGER:
            with pytest.raises(InvalidTransition) as caught:
                confirm_order(status, 7)
            assert (caught.value.key, caught.value.params) == (
                "order-already-decided",
                {"number": 7},
            )


@pytest.mark.parametrize("status", [s for s in OrderStatus if s not in FINISHED_ORDERS])
def test_every_open_order_may_be_cancelled(status: OrderStatus) -> None:
    assert cancel_order(status, 3) is OrderStatus.CANCELLED


@pytest.mark.parametrize(
    ("status", "key"),
    [(OrderStatus.CANCELLED, "my-order-already-cancelled"),
     (OrderStatus.CLOSED, "my-order-already-closed")],
)  # fmt: skip
def test_a_finished_order_is_not_cancelled_again(status: OrderStatus, key: str) -> None:
    with pytest.raises(InvalidTransition) as caught:
        cancel_order(status, 3)
    assert caught.value.key == key
