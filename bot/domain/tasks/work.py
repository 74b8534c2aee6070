"""An order's work as the departments see it: its tasks and positions, where a new task
goes, what the order's news and the client are told, and what follows when every
department's work is done (the delivery task, or the order ready to pick up).

Pure: the services load these states and write what the functions here decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from bot.domain.tasks.flow import (
    DELIVERY_KINDS,
    OrderStatus,
    TaskKind,
    TaskStatus,
    delivery_task_kind,
    resolve_department,
    work_done,
)
from bot.domain.tasks.lines import TaskLines, order_attachments, planned_lines

# The message to the client's people when their order is ready.
READY = "client_order_ready"


@dataclass(frozen=True, slots=True)
class TaskState:
    id: int
    kind: TaskKind
    status: TaskStatus
    department_id: str
    version: int
    lines: TaskLines


@dataclass(frozen=True, slots=True)
class PositionState:
    id: int
    line_no: int
    model: str
    unit: str
    qty: int


@dataclass(frozen=True, slots=True)
class OrderState:
    number: int
    status: OrderStatus
    delivery_kind: str | None
    carrier: str
    positions: tuple[PositionState, ...]  # in line order
    tasks: tuple[TaskState, ...]  # every task of the order, oldest first


@dataclass(frozen=True, slots=True)
class Routes:
    """Where work goes now: the routing rules (work or delivery kind -> department), the
    departments that have a chat, the fallbacks of those without one, their titles."""

    rules: Mapping[str, str | None]
    bound: Set[str]
    fallbacks: Mapping[str, str | None]
    titles: Mapping[str, str]

    def department(self, route: str, default: str) -> tuple[str, str]:
        """The department a new task for `route` goes to, and the one it is routed for."""
        routed = self.rules.get(route) or default
        department = resolve_department(routed, self.bound, self.fallbacks)
        return department, self.rules.get(route) or department

    def title(self, department_id: str) -> str:
        return self.titles.get(department_id, department_id)


@dataclass(frozen=True, slots=True)
class NewTask:
    department_id: str
    kind: TaskKind
    lines: TaskLines
    event: str | None = None  # the line on the card's history after "created"
    note: str = ""
    news: News | None = None  # the manager's news item about it (its task id is added)


@dataclass(frozen=True, slots=True)
class News:
    """An item of the manager's news of the order."""

    event: str
    task_id: int | None = None
    department: str = ""
    who: str = ""
    note: str = ""
    counts_clients: bool = False  # says how many of the client's people were told


@dataclass(frozen=True, slots=True)
class ClientNotice:
    view: str
    params: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Timeline:
    """A line in the client's timeline (an interaction "order_event")."""

    event: str
    department: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AfterWork:
    """Every department's work is done: a delivery task goes out, or the order is ready."""

    order_status: OrderStatus
    delivery: NewTask | None = None
    clients: ClientNotice | None = None
    timeline: tuple[Timeline, ...] = ()
    news: tuple[News, ...] = ()


def after_work(
    order: OrderState, statuses: Sequence[tuple[TaskKind, TaskStatus]], routes: Routes
) -> AfterWork | None:
    """When every department's work is done (`statuses`: of all the order's tasks): the
    delivery task goes out, or the client is told the order is ready to pick up."""
    if order.status is not OrderStatus.IN_WORK:
        return None
    if any(kind in DELIVERY_KINDS for kind, _ in statuses) or not work_done(statuses):
        return None
    kind = delivery_task_kind(order.delivery_kind)
    target = routes.rules.get(order.delivery_kind or "") if kind is not None else None
    if kind is not None and target:
        department = resolve_department(target, routes.bound, routes.fallbacks)
        qty = {p.id: p.qty for p in order.positions if p.qty > 0}
        lines = planned_lines(qty, {}, [target], order_attachments(t.lines for t in order.tasks))
        news = News("delivery_created", department=routes.title(department))
        return AfterWork(
            OrderStatus.DELIVERING, delivery=NewTask(department, kind, lines, news=news)
        )
    # "come and take it" only when pickup was agreed; otherwise the manager arranges it
    pickup = "yes" if order.delivery_kind == "pickup" else "no"
    return AfterWork(
        OrderStatus.READY,
        clients=ClientNotice(READY, {"pickup": pickup}),
        timeline=(Timeline("ready"),),
        news=(News("ready", counts_clients=True),),
    )


def new_lines(order: OrderState, qty: Mapping[int, int], work: str, routed: str) -> TaskLines:
    attachments = order_attachments(t.lines for t in order.tasks)
    return planned_lines(qty, {pid: [work] for pid in qty}, [routed], attachments)


def statuses_after(
    tasks: Sequence[TaskState],
    changed: Mapping[int, TaskStatus],
    new_tasks: Sequence[NewTask],
) -> list[tuple[TaskKind, TaskStatus]]:
    """The kind and status of every task of the order once `changed` (task id -> status)
    and the new tasks are written."""
    return [(t.kind, changed.get(t.id, t.status)) for t in tasks] + [
        (n.kind, TaskStatus.NEW) for n in new_tasks
    ]
