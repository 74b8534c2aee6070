"""The manager's side of orders: /my, an order's card with its history, changing positions
before a department accepted, cancelling (a client's order awaiting the manager: declining
it), handing a picked-up order over. Comments to the departments: order_comments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.domain.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from bot.domain.roles import Action, Actor, can, require
from bot.domain.tasks.flow import (
    FINISHED_ORDERS,
    OrderStatus,
    Step,
    TaskKind,
    TaskStatus,
    advance,
    is_awaiting_manager,
    parse_order_status,
    require_open_order,
)
from bot.domain.tasks.flow import cancel_order as cancelled_status
from bot.domain.tasks.input import parse_new_qty
from bot.services.catalog import CatalogCache
from bot.services.orders import client_orders, drafts, routing
from bot.services.tasks.cards import record, refresh_card, tell_chat
from bot.services.tasks.closing import close_order
from bot.services.tasks.dispatch import after_work_done
from bot.services.tasks.rows import keep_lines, kind_of, lines_of, open_tasks, status_of, take
from bot.services.tasks.telling import department_title, log_interaction
from reminders.calendar import WorkCalendar
from storage.models import Order, OrderPosition, Task
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_LISTED = 30
MAX_HISTORY = 40
# Events stored on every task of the order: shown once in the order's history.
ORDER_WIDE = frozenset({"comment", "cancelled", "changed"})


@dataclass(frozen=True, slots=True)
class TaskLine:
    task_id: int
    department: str
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class OrderLine:
    order_id: int
    number: int
    client: str
    status: str
    tasks: Sequence[TaskLine]


@dataclass(frozen=True, slots=True)
class MyPage:
    """/my: the open orders and the person's open order drafts."""

    orders: Sequence[OrderLine]
    drafts: drafts.OpenDrafts


async def my_page(actor: Actor, uow: UnitOfWork) -> MyPage:
    orders = await my_orders(actor, uow)
    return MyPage(orders, await drafts.open_drafts(actor, uow))


async def my_orders(actor: Actor, uow: UnitOfWork) -> list[OrderLine]:
    """Open orders: a manager's own, everyone's for the head and admin."""
    require(actor, Action.FOLLOW_ORDERS)
    mine = None if can(actor, Action.MANAGE_ANY_ORDER) else actor.user_id
    orders = await uow.orders.list_open(mine, FINISHED_ORDERS, MAX_LISTED)
    tasks = await uow.tasks.of_orders([o.id for o in orders])
    titles = {d.id: d.title for d in await uow.departments.all()}
    out = []
    for order in orders:
        client = await uow.counterparties.find(order.counterparty_id)
        out.append(
            OrderLine(
                order.id,
                order.number,
                client.name if client else "",
                order.status,
                [_task_line(t, titles) for t in tasks if t.order_id == order.id],
            )
        )
    return out


def _task_line(task: Task, titles: dict[str, str]) -> TaskLine:
    return TaskLine(
        task.id, titles.get(task.department_id, task.department_id), task.kind, task.status
    )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    department: str
    who: str
    event: str
    note: str


@dataclass(frozen=True, slots=True)
class OrderCard:
    order: Order
    client: str
    manager: str
    positions: Sequence[OrderPosition]
    tasks: Sequence[TaskLine]
    history: Sequence[HistoryEntry]
    changeable: Sequence[OrderPosition]  # positions no department accepted yet
    can_cancel: bool
    can_hand_over: bool
    awaiting: bool = False  # a client's order the manager has yet to confirm (or change)


async def order_card(actor: Actor, order_id: int, uow: UnitOfWork) -> OrderCard:
    order = await own_order(actor, order_id, uow)
    tasks = await uow.tasks.of_order(order.id)
    titles = {d.id: d.title for d in await uow.departments.all()}
    events = await uow.tasks.events([t.id for t in tasks])
    people = await uow.tasks.users(
        [e.actor_id for e in events if e.actor_id]
        + ([order.manager_id] if order.manager_id else [])
    )
    department_of = {t.id: titles.get(t.department_id, t.department_id) for t in tasks}
    history: list[HistoryEntry] = []
    seen: set[tuple[str, datetime, int | None]] = set()
    for e in events:
        if e.event in ORDER_WIDE:
            key = (e.event, e.at, e.actor_id)
            if key in seen:
                continue
            seen.add(key)
        who = people.get(e.actor_id) if e.actor_id else None
        history.append(
            HistoryEntry(
                e.at,
                "" if e.event in ORDER_WIDE else department_of.get(e.task_id, ""),
                who.full_name if who else str(e.details.get("who", "")),
                e.event,
                str(e.details.get("note", "")),
            )
        )
    positions = await uow.orders.positions(order.id)
    client = await uow.counterparties.find(order.counterparty_id)
    manager = people.get(order.manager_id) if order.manager_id else None
    is_open = order.status not in FINISHED_ORDERS
    awaiting = is_awaiting_manager(order.status)
    return OrderCard(
        order=order,
        client=client.name if client else "",
        manager=manager.full_name if manager else "",
        positions=positions,
        tasks=[_task_line(t, titles) for t in tasks],
        history=history[-MAX_HISTORY:],
        changeable=[p for p in positions if _changeable(p, tasks)]
        if is_open and not awaiting
        else [],
        can_cancel=is_open,
        can_hand_over=order.status == OrderStatus.READY,
        awaiting=awaiting,
    )


def _changeable(position: OrderPosition, tasks: Sequence[Task]) -> bool:
    """Before every department working on it accepted (a cancelled task does not count)."""
    return all(
        t.status in (TaskStatus.NEW, TaskStatus.CANCELLED)
        for t in tasks
        if position.id in lines_of(t).qty
    )


async def own_order(actor: Actor, order_id: int, uow: UnitOfWork, *, lock: bool = False) -> Order:
    require(actor, Action.FOLLOW_ORDERS)
    order = await uow.orders.get(order_id, for_update=lock)
    if order.manager_id != actor.user_id and not can(actor, Action.MANAGE_ANY_ORDER):
        raise Forbidden("my-order-not-yours", number=order.number)
    return order


def _require_open(order: Order) -> None:
    require_open_order(parse_order_status(order.status), order.number)


def require_placed(order: Order) -> None:
    """Open, and in the departments' hands: a client's order awaiting the manager has no
    tasks to comment on or change (the manager confirms or changes it as a draft)."""
    _require_open(order)
    if is_awaiting_manager(order.status):
        raise InvalidTransition("my-order-awaiting", number=order.number)


@dataclass(frozen=True, slots=True)
class OrderRef:
    number: int
    awaiting: bool  # a client's order awaiting the manager: cancelling it declines it


async def check_order_open(actor: Actor, order_id: int, uow: UnitOfWork) -> OrderRef:
    """Before asking to confirm the cancel: may they, and is the order still open."""
    order = await own_order(actor, order_id, uow)
    _require_open(order)
    return OrderRef(order.number, is_awaiting_manager(order.status))


async def check_order_placed(actor: Actor, order_id: int, uow: UnitOfWork) -> int:
    """Before asking for a comment or a quantity: may they, and do departments work on it."""
    order = await own_order(actor, order_id, uow)
    require_placed(order)
    return order.number


# --- changing a position -----------------------------------------------------------------


async def position_for_change(
    actor: Actor, order_id: int, position_id: int, uow: UnitOfWork
) -> OrderPosition:
    order = await own_order(actor, order_id, uow)
    require_placed(order)
    position, _ = await _changeable_position(uow, order, position_id)
    return position


async def _changeable_position(
    uow: UnitOfWork, order: Order, position_id: int
) -> tuple[OrderPosition, list[Task]]:
    positions = {p.id: p for p in await uow.orders.positions(order.id)}
    position = positions.get(position_id)
    if position is None:
        raise NotFound("my-order-position-not-found")
    tasks = [t for t in await uow.tasks.of_order(order.id) if position.id in lines_of(t).qty]
    for task in tasks:
        if task.status not in (TaskStatus.NEW, TaskStatus.CANCELLED):
            raise InvalidTransition(
                "my-order-position-locked",
                line=position.line_no,
                department=await department_title(uow, task.department_id),
            )
    return position, tasks


@dataclass(frozen=True, slots=True)
class ChangePosition:
    actor: Actor
    order_id: int
    position_id: int
    text: str  # the new quantity; 0 removes the position


@dataclass(frozen=True, slots=True)
class PositionChanged:
    number: int
    line_no: int
    old_qty: int
    new_qty: int


async def change_position(cmd: ChangePosition, uow: UnitOfWork, clock: Clock) -> PositionChanged:
    new_qty = parse_new_qty(cmd.text)
    order = await own_order(cmd.actor, cmd.order_id, uow, lock=True)
    require_placed(order)
    position, tasks = await _changeable_position(uow, order, cmd.position_id)
    old_qty = position.qty
    if new_qty == old_qty:
        raise InvalidInput("my-order-qty-same", qty=old_qty)
    positions = await uow.orders.positions(order.id)
    if new_qty == 0 and all(p.qty == 0 or p.id == position.id for p in positions):
        raise InvalidInput("my-order-last-position")
    now = clock.now()
    zone = await routing.zone_name(uow)
    shares = {
        kind_of(t): lines_of(t).qty[position.id] for t in tasks if t.status != TaskStatus.CANCELLED
    }
    for task in tasks:
        if task.status == TaskStatus.CANCELLED:
            continue
        await take(uow, task)
        share = _reshare(shares, old_qty, new_qty).get(kind_of(task), 0)
        lines = lines_of(task).reshared(position.id, share)
        keep_lines(task, lines)
        task.updated_at = now
        note = f"{position.line_no}. {position.model}: {old_qty} → {new_qty} {position.unit}"
        record(uow, task, cmd.actor, "changed", now, note=note)
        if not lines.qty:
            task.status = str(advance(kind_of(task), status_of(task), Step.CANCEL))
            record(uow, task, cmd.actor, "cancelled", now)
        await refresh_card(uow, task, order, zone, now)
        await tell_chat(
            uow,
            task,
            "task_changed",
            {"number": order.number, "who": cmd.actor.full_name, "note": note},
            now,
        )
    position.qty = new_qty
    order.updated_at = now
    await after_work_done(uow, order, cmd.actor, now, zone)
    log_interaction(
        uow,
        order,
        "changed",
        cmd.actor,
        now,
        note=f"{position.line_no}. {position.model}: {old_qty} → {new_qty}",
    )
    await uow.commit()
    return PositionChanged(order.number, position.line_no, old_qty, new_qty)


def _reshare(shares: dict[TaskKind, int], old_qty: int, new_qty: int) -> dict[TaskKind, int]:
    """A position split between stock and supply keeps what the warehouse has."""
    collect, procure = shares.get(TaskKind.COLLECT), shares.get(TaskKind.PROCURE)
    out = dict.fromkeys(shares, new_qty)
    if collect is not None and procure is not None and collect + procure == old_qty:
        out[TaskKind.COLLECT] = min(collect, new_qty)
        out[TaskKind.PROCURE] = new_qty - out[TaskKind.COLLECT]
    return out


# --- cancelling ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CancelOrder:
    actor: Actor
    order_id: int
    declining: bool = False  # pressed under "decline the client's order?": only that


async def cancel_order(
    cmd: CancelOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> OrderRef:
    """Departments are told, their cards marked cancelled.

    A client's order awaiting the manager has no tasks: cancelling it declines it (the
    client is told, the approval cards say who decided)."""
    order = await own_order(cmd.actor, cmd.order_id, uow, lock=True)
    status = cancelled_status(parse_order_status(order.status), order.number)
    if is_awaiting_manager(order.status):
        decided = client_orders.DecideClientOrder(cmd.actor, order.id)
        await client_orders.reject_client_order(decided, uow, clock, cache)
        log.info("order_cancelled", order_id=order.id, awaiting_manager=True)
        return OrderRef(order.number, awaiting=True)
    if cmd.declining:  # confirmed meanwhile: the decline shown is not to become a cancel
        raise InvalidTransition("order-already-decided", number=order.number)
    now = clock.now()
    if not await uow.claim(order, order.status, status, cancelled_at=now, updated_at=now):
        cancelled_status(parse_order_status(order.status), order.number)  # closed meanwhile
        raise Conflict("task-conflict")
    zone = await routing.zone_name(uow)
    for task in open_tasks(await uow.tasks.of_order(order.id)):
        await take(uow, task)
        task.status = str(advance(kind_of(task), status_of(task), Step.CANCEL))
        task.updated_at = now
        record(uow, task, cmd.actor, "cancelled", now)
        await refresh_card(uow, task, order, zone, now)
        await tell_chat(
            uow, task, "task_cancelled", {"number": order.number, "who": cmd.actor.full_name}, now
        )
    log_interaction(uow, order, "cancelled", cmd.actor, now)
    await uow.commit()
    log.info("order_cancelled", order_id=order.id)
    return OrderRef(order.number, awaiting=False)


# --- handing over a picked-up order -------------------------------------------------------


async def hand_over(
    actor: Actor, order_id: int, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> int:
    """The client picked the order up: it closes (follow-up call as for a delivery)."""
    order = await own_order(actor, order_id, uow, lock=True)
    _require_open(order)
    if order.status != OrderStatus.READY:
        raise InvalidTransition("my-order-not-ready", number=order.number)
    now = clock.now()
    log_interaction(uow, order, "handed_over", actor, now)
    await close_order(uow, order, now, calendar, event="handed_over")
    await uow.commit()
    return order.number
