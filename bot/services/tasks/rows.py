"""Task rows and the typed values the domain decides on: a row's lines (`tasks.details`),
its state, the order's state, and taking a row (the optimistic lock) before changing it."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.errors import Conflict
from bot.domain.tasks.flow import TaskKind, TaskStatus, is_open, parse_order_status
from bot.domain.tasks.lines import TaskLines
from bot.domain.tasks.work import OrderState, PositionState, TaskState
from storage.models import Order, OrderPosition, Task
from storage.uow import UnitOfWork


def lines_of(task: Task) -> TaskLines:
    return TaskLines.from_json(task.details)


def keep_lines(task: Task, lines: TaskLines) -> None:
    """Write the task's lines (a new dict, so the JSON column is written)."""
    task.details = lines.to_json()
    task.position_ids = lines.position_ids


def kind_of(task: Task) -> TaskKind:
    return TaskKind(task.kind)


def status_of(task: Task) -> TaskStatus:
    return TaskStatus(task.status)


def open_tasks(tasks: Iterable[Task]) -> list[Task]:
    return [t for t in tasks if is_open(status_of(t))]


def task_state(task: Task) -> TaskState:
    return TaskState(
        task.id, kind_of(task), status_of(task), task.department_id, task.version, lines_of(task)
    )


def order_state(
    order: Order, positions: Iterable[OrderPosition], tasks: Iterable[Task]
) -> OrderState:
    return OrderState(
        number=order.number,
        status=parse_order_status(order.status),
        delivery_kind=order.delivery_kind,
        carrier=order.carrier or "",
        positions=tuple(PositionState(p.id, p.line_no, p.model, p.unit, p.qty) for p in positions),
        tasks=tuple(task_state(t) for t in tasks),
    )


async def take(uow: UnitOfWork, task: Task) -> None:
    """The optimistic lock: UPDATE ... WHERE id=? AND version=?; nobody else got there first."""
    if not await uow.tasks.lock(task.id, task.version):
        raise Conflict("task-conflict")
    task.version += 1
