"""Department tasks of an order: their status machines and routing (what people type after a
press is read in input.py, what a press sets off is decided in steps.py).

Pure rules, no database and no Telegram. Each kind of task has a table
`status -> ((step, next status), ...)`: the steps are the buttons its card shows in that status.
The system also moves tasks (`Step.RESTOCK` when supply passes goods back to the warehouse,
`Step.CANCEL` when the order is cancelled); those steps are not buttons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.errors import InvalidTransition


class TaskKind(StrEnum):
    COLLECT = "collect"  # warehouse: assemble from stock
    PROCURE = "procure"  # supply: order what is missing or non-standard
    WORKSHOP = "workshop"  # workshop / logos: logo, tailoring, manufacturing
    DELIVERY = "delivery"  # own driver
    SHIPMENT = "shipment"  # the driver takes the goods to a transport company


class TaskStatus(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    SHORT = "short"  # warehouse: something is missing, supply is on it
    COLLECTED = "collected"
    ORDERED = "ordered"
    ARRIVED = "arrived"
    IN_WORK = "in_work"
    READY = "ready"
    TAKEN = "taken"
    PICKED_UP = "picked_up"
    DELIVERED = "delivered"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class Step(StrEnum):
    ACCEPT = "accept"
    COLLECT = "collect"
    SHORT = "short"
    ORDER = "order"
    ARRIVE = "arrive"
    START = "start"
    FINISH = "finish"
    TAKE = "take"
    PICK_UP = "pick_up"
    DELIVER = "deliver"
    SHIP = "ship"
    # system steps (no button)
    RESTOCK = "restock"
    CANCEL = "cancel"


class StepInput(StrEnum):
    """What a step asks for after the press, typed as the next message."""

    SHORTAGE = "shortage"  # which positions and how many are missing
    EXPECTED_DATE = "expected_date"  # when the ordered goods arrive
    TRACKING = "tracking"  # the transport company's tracking number


Flow = Mapping[TaskStatus, tuple[tuple[Step, TaskStatus], ...]]

S = TaskStatus
FLOWS: Mapping[TaskKind, Flow] = {
    TaskKind.COLLECT: {
        S.NEW: ((Step.ACCEPT, S.ACCEPTED),),
        S.ACCEPTED: ((Step.COLLECT, S.COLLECTED), (Step.SHORT, S.SHORT)),
    },
    TaskKind.PROCURE: {
        S.NEW: ((Step.ACCEPT, S.ACCEPTED),),
        S.ACCEPTED: ((Step.ORDER, S.ORDERED),),
        S.ORDERED: ((Step.ARRIVE, S.ARRIVED),),
    },
    TaskKind.WORKSHOP: {
        S.NEW: ((Step.ACCEPT, S.ACCEPTED),),
        S.ACCEPTED: ((Step.START, S.IN_WORK),),
        S.IN_WORK: ((Step.FINISH, S.READY),),
    },
    TaskKind.DELIVERY: {
        S.NEW: ((Step.TAKE, S.TAKEN),),
        S.TAKEN: ((Step.PICK_UP, S.PICKED_UP),),
        S.PICKED_UP: ((Step.DELIVER, S.DELIVERED),),
    },
    TaskKind.SHIPMENT: {
        S.NEW: ((Step.TAKE, S.TAKEN),),
        S.TAKEN: ((Step.PICK_UP, S.PICKED_UP),),
        S.PICKED_UP: ((Step.SHIP, S.SHIPPED),),
    },
}

# Goods supply received go back to the warehouse: a task waiting for them (or already
# collected without them) is to be collected again.
RESTOCK: Mapping[TaskStatus, TaskStatus] = {
    S.NEW: S.NEW,
    S.ACCEPTED: S.ACCEPTED,
    S.SHORT: S.ACCEPTED,
    S.COLLECTED: S.ACCEPTED,
}

INPUTS: Mapping[Step, StepInput] = {
    Step.SHORT: StepInput.SHORTAGE,
    Step.ORDER: StepInput.EXPECTED_DATE,
    Step.SHIP: StepInput.TRACKING,
}

DONE: frozenset[TaskStatus] = frozenset({S.COLLECTED, S.ARRIVED, S.READY, S.DELIVERED, S.SHIPPED})
CLOSED: frozenset[TaskStatus] = DONE | {S.CANCELLED}
FINAL_DELIVERY: frozenset[TaskStatus] = frozenset({S.DELIVERED, S.SHIPPED})
DELIVERY_KINDS: frozenset[TaskKind] = frozenset({TaskKind.DELIVERY, TaskKind.SHIPMENT})
# Steps that count as "the department accepted" (positions may no longer change).
ACCEPTING: frozenset[Step] = frozenset({Step.ACCEPT, Step.TAKE})


def buttons(kind: TaskKind, status: TaskStatus) -> tuple[Step, ...]:
    return tuple(step for step, _ in FLOWS[kind].get(status, ()))


def advance(kind: TaskKind, status: TaskStatus, step: Step) -> TaskStatus:
    """The status after `step`, or InvalidTransition when the card does not offer it now."""
    if status is S.CANCELLED:
        raise InvalidTransition("task-cancelled")
    if step is Step.CANCEL:
        if status in DONE:
            raise InvalidTransition("task-already-done")
        return S.CANCELLED
    if step is Step.RESTOCK:
        if kind is not TaskKind.COLLECT or status not in RESTOCK:
            raise InvalidTransition("task-step-not-allowed")
        return RESTOCK[status]
    for offered, target in FLOWS[kind].get(status, ()):
        if offered is step:
            return target
    if status in DONE:
        raise InvalidTransition("task-already-done")
    raise InvalidTransition("task-step-not-allowed")


def is_done(status: TaskStatus) -> bool:
    return status in DONE


def is_open(status: TaskStatus) -> bool:
    return status not in CLOSED


def parse_kind(value: str) -> TaskKind:
    return TaskKind(value)


def parse_status(value: str) -> TaskStatus:
    return TaskStatus(value)


def parse_step(value: str) -> Step:
    """A step from a button; system steps are not pressable."""
    try:
        step = Step(value)
    except ValueError:
        raise InvalidTransition("task-step-not-allowed") from None
    if step in (Step.RESTOCK, Step.CANCEL):
        raise InvalidTransition("task-step-not-allowed")
    return step


# --- the order as a whole ----------------------------------------------------------------


class OrderStatus(StrEnum):
    AWAITING_MANAGER = "awaiting_manager"  # a client's order, not yet confirmed by the manager
    NEW = "new"  # placed, its tasks being made (a moment: dispatch moves it to in_work)
    IN_WORK = "in_work"  # departments are working on it
    READY = "ready"  # all done; waiting for the client to pick it up
    DELIVERING = "delivering"  # the delivery task is out
    CLOSED = "closed"  # delivered, shipped or handed over
    CANCELLED = "cancelled"


FINISHED_ORDERS: frozenset[str] = frozenset({OrderStatus.CLOSED, OrderStatus.CANCELLED})
# Orders the departments have (or are about to have) tasks of.
PLACED_ORDERS: frozenset[str] = frozenset(
    {OrderStatus.NEW, OrderStatus.IN_WORK, OrderStatus.READY, OrderStatus.DELIVERING}
)


def parse_order_status(value: str) -> OrderStatus:
    return OrderStatus(value)


def confirm_order(status: OrderStatus, number: int) -> OrderStatus:
    """The manager confirms a client's order: it is placed (its tasks go out)."""
    if status is not OrderStatus.AWAITING_MANAGER:
        raise InvalidTransition("order-already-decided", number=number)
    return OrderStatus.NEW


def cancel_order(status: OrderStatus, number: int) -> OrderStatus:
    """Any order not yet closed may be cancelled, one awaiting the manager too."""
    require_open_order(status, number)
    return OrderStatus.CANCELLED


def require_open_order(status: OrderStatus, number: int) -> None:
    if status is OrderStatus.CANCELLED:
        raise InvalidTransition("my-order-already-cancelled", number=number)
    if status is OrderStatus.CLOSED:
        raise InvalidTransition("my-order-already-closed", number=number)


def is_awaiting_manager(status: str) -> bool:
    return status == OrderStatus.AWAITING_MANAGER


def work_done(statuses: Iterable[tuple[TaskKind, TaskStatus]]) -> bool:
    """Every department task but delivery is done (cancelled ones do not count)."""
    return all(status in CLOSED for kind, status in statuses if kind not in DELIVERY_KINDS)


# --- routing -----------------------------------------------------------------------------

WORK_KINDS: tuple[str, ...] = ("stock", "procure", "logo", "tailoring", "manufacture")
DELIVERY_ROUTES: tuple[str, ...] = ("own_driver", "transport_company", "pickup")
ROUTE_KEYS: tuple[str, ...] = WORK_KINDS + DELIVERY_ROUTES

TASK_KIND_OF_WORK: Mapping[str, TaskKind] = {
    "stock": TaskKind.COLLECT,
    "procure": TaskKind.PROCURE,
    "logo": TaskKind.WORKSHOP,
    "tailoring": TaskKind.WORKSHOP,
    "manufacture": TaskKind.WORKSHOP,
}
TASK_KIND_OF_DELIVERY: Mapping[str, TaskKind] = {
    "own_driver": TaskKind.DELIVERY,
    "transport_company": TaskKind.SHIPMENT,
}


@dataclass(frozen=True, slots=True)
class PositionWork:
    id: int
    sku: str | None
    qty: int
    work: tuple[str, ...]


@dataclass(slots=True)
class PlannedTask:
    department_id: str
    kind: TaskKind
    qty: dict[int, int] = field(default_factory=dict)  # position id -> quantity for it
    work: dict[int, list[str]] = field(default_factory=dict)  # position id -> work kinds
    routed: list[str] = field(default_factory=list)  # departments merged into this task


def resolve_department(
    department_id: str, bound: Set[str], fallbacks: Mapping[str, str | None]
) -> str:
    """The department itself if it has a chat, else the first fallback that has one (logo ->
    workshop); with none bound anywhere, the department itself (its task waits for a chat)."""
    target, seen = department_id, {department_id}
    while target not in bound:
        nxt = fallbacks.get(target)
        if nxt is None or nxt in seen:
            return department_id
        seen.add(nxt)
        target = nxt
    return target


def split_stock(positions: Sequence[PositionWork], stock: Mapping[str, int]) -> dict[int, int]:
    """How many of each `stock`+`procure` position the warehouse has (the rest is procured).

    Stock of one SKU is handed out to its positions in line order. Positions whose SKU's
    stock is unknown are left out: both the warehouse and supply see their full quantity."""
    left = dict(stock)
    out: dict[int, int] = {}
    for p in positions:
        if "stock" in p.work and "procure" in p.work and p.sku is not None and p.sku in left:
            take = max(0, min(p.qty, left[p.sku]))
            left[p.sku] -= take
            out[p.id] = take
        elif "stock" in p.work and p.sku is not None and p.sku in left:
            left[p.sku] -= p.qty
    return out


def plan_tasks(
    positions: Sequence[PositionWork],
    rules: Mapping[str, str | None],
    bound: Set[str],
    fallbacks: Mapping[str, str | None],
    stock: Mapping[str, int],
) -> list[PlannedTask]:
    """One task per department involved (delivery comes later, when the work is done).

    A department's task kind is that of the first work kind routed to it (in the order
    stock, procure, logo, tailoring, manufacture)."""
    split = split_stock(positions, stock)
    tasks: dict[str, PlannedTask] = {}
    for kind in WORK_KINDS:
        routed = rules.get(kind)
        if routed is None:
            continue
        department = resolve_department(routed, bound, fallbacks)
        for p in positions:
            if kind not in p.work:
                continue
            qty = _share(kind, p, split)
            if qty <= 0:
                continue
            task = tasks.setdefault(department, PlannedTask(department, TASK_KIND_OF_WORK[kind]))
            if routed not in task.routed:
                task.routed.append(routed)
            task.qty[p.id] = max(task.qty.get(p.id, 0), qty)
            task.work.setdefault(p.id, [])
            if kind not in task.work[p.id]:
                task.work[p.id].append(kind)
    return list(tasks.values())


def _share(kind: str, p: PositionWork, split: Mapping[int, int]) -> int:
    if p.id not in split:
        return p.qty
    if kind == "stock":
        return split[p.id]
    if kind == "procure":
        return p.qty - split[p.id]
    return p.qty


def delivery_task_kind(delivery_kind: str | None) -> TaskKind | None:
    return TASK_KIND_OF_DELIVERY.get(delivery_kind or "")
