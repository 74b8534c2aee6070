"""Presses on task cards: each department's status machine, what a step sets off (a supply
task for what is missing, goods passed back to the warehouse, the delivery task when the
work is done, the order closed when delivered), and the input some steps ask for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import structlog

from bot.clock import Clock
from bot.domain.errors import Conflict, Forbidden, InvalidTransition, NotFound
from bot.domain.roles import Action, Actor, Role, require
from bot.domain.tasks.flow import (
    ACCEPTING,
    DELIVERY_KINDS,
    FINAL_DELIVERY,
    INPUTS,
    OrderStatus,
    PlannedTask,
    Step,
    StepInput,
    TaskKind,
    TaskStatus,
    advance,
    is_done,
    parse_step,
)
from bot.domain.tasks.input import parse_expected_date, parse_shortage, parse_tracking
from bot.services.orders import routing
from bot.services.reminders import follow_up
from bot.services.tasks.cards import (
    department_title,
    kind_of,
    lines_of,
    log_interaction,
    news,
    news_item,
    record,
    refresh_card,
    set_detail,
    set_lines,
    short_of,
    status_of,
    tell_chat,
    tell_clients,
    work_of,
)
from bot.services.tasks.dispatch import after_work_done, create_task, department_for, place_task
from reminders.calendar import WorkCalendar
from storage.models import Order, Task
from storage.uow import UnitOfWork

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class PressTask:
    actor: Actor
    task_id: int
    step: str
    version: int


@dataclass(frozen=True, slots=True)
class SubmitTaskInput:
    actor: Actor
    task_id: int
    step: str
    version: int
    text: str


@dataclass(frozen=True, slots=True)
class TaskPressed:
    task_id: int
    number: int
    step: Step
    status: TaskStatus
    needs: StepInput | None = None
    lines: Mapping[int, int] = field(default_factory=dict)  # line no -> qty (shortage question)


async def press_task(
    cmd: PressTask, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TaskPressed:
    """A button on a card. A step that needs input (how many are missing, when the goods
    come, the tracking number) only checks here and changes nothing yet."""
    step = parse_step(cmd.step)
    task, order = await load_task(uow, cmd.task_id)
    await check_press(uow, cmd.actor, task, order, step, cmd.version)
    if step in INPUTS:
        return TaskPressed(
            task.id,
            order.number,
            step,
            status_of(task),
            needs=INPUTS[step],
            lines=await _line_numbers(uow, task),
        )
    await apply_step(uow, task, order, step, cmd.actor, clock.now(), calendar)
    await uow.commit()
    return TaskPressed(task.id, order.number, step, status_of(task))


async def submit_task_input(
    cmd: SubmitTaskInput, uow: UnitOfWork, clock: Clock, calendar: WorkCalendar
) -> TaskPressed:
    """The answer typed after a step that asks for one."""
    step = parse_step(cmd.step)
    if step not in INPUTS:
        raise InvalidTransition("task-step-not-allowed")
    task, order = await load_task(uow, cmd.task_id)
    await check_press(uow, cmd.actor, task, order, step, cmd.version)
    now = clock.now()
    values: dict[str, Any] = {}
    if step is Step.SHORT:
        numbers = await _line_numbers(uow, task)
        by_line = parse_shortage(cmd.text, numbers)
        ids = {p.line_no: p.id for p in await uow.tasks.positions(order.id)}
        values["shortage"] = {ids[line]: qty for line, qty in by_line.items()}
    elif step is Step.ORDER:
        values["expected_on"] = parse_expected_date(cmd.text, calendar.local_date(now))
    else:
        values["tracking"] = parse_tracking(cmd.text)
    await apply_step(uow, task, order, step, cmd.actor, now, calendar, **values)
    await uow.commit()
    return TaskPressed(task.id, order.number, step, status_of(task))


async def load_task(uow: UnitOfWork, task_id: int) -> tuple[Task, Order]:
    task = await uow.tasks.get(task_id)
    if task is None:
        raise NotFound("task-not-found")
    order = await uow.tasks.order(task.order_id)
    if order is None:
        raise NotFound("task-not-found")
    return task, order


def may_work_on(actor: Actor, task: Task) -> bool:
    if actor.role in (Role.HEAD, Role.ADMIN):
        return True
    departments = {task.department_id, *task.details.get("routed", [])}
    return bool(actor.department_ids & departments)


async def check_press(
    uow: UnitOfWork, actor: Actor, task: Task, order: Order, step: Step, version: int
) -> None:
    """Who may press, and whether the card they pressed is still the current one."""
    require(actor, Action.WORK_ON_TASK)
    if not may_work_on(actor, task):
        raise Forbidden(
            "task-not-your-department", department=await department_title(uow, task.department_id)
        )
    status = status_of(task)
    if status is TaskStatus.CANCELLED or order.status == OrderStatus.CANCELLED:
        raise InvalidTransition("task-cancelled", number=order.number)
    if version != task.version:
        events = await uow.tasks.events([task.id])
        last = events[-1] if events else None
        raise Conflict(
            "task-stale",
            who=str(last.details.get("who", "")) if last else "",
            status=task.status,
        )
    advance(kind_of(task), status, step)  # raises when the card does not offer the step now


async def apply_step(
    uow: UnitOfWork,
    task: Task,
    order: Order,
    step: Step,
    actor: Actor,
    now: datetime,
    calendar: WorkCalendar,
    **values: Any,
) -> None:
    new_status = advance(kind_of(task), status_of(task), step)
    await take(uow, task)
    task.status, task.updated_at = str(new_status), now
    if step in ACCEPTING:
        task.accepted_at, task.assignee_id = now, actor.user_id
    if is_done(new_status):
        task.done_at = now
    note = ""
    if "expected_on" in values:
        set_detail(task, expected_on=values["expected_on"].isoformat())
        note = values["expected_on"].strftime("%d.%m.%Y")
    if "tracking" in values:
        set_detail(task, tracking=values["tracking"])
        note = values["tracking"]
    if "shortage" in values:
        note = await _shortage_note(uow, order, values["shortage"])
        set_lines(task, lines_of(task), short=values["shortage"])
    record(uow, task, actor, str(step), now, note=note)
    zone = await routing.zone_name(uow)
    title = await department_title(uow, task.department_id)
    log_interaction(uow, order, str(step), actor, now, department=title, note=note)
    await news(uow, order, news_item(str(step), task, title, actor, note=note), zone=zone, now=now)
    await refresh_card(uow, task, order, zone, now)
    if step is Step.SHORT:
        await _ask_supply(uow, task, order, values["shortage"], actor, now, zone)
    elif step is Step.ARRIVE:
        await _back_to_warehouse(uow, task, order, actor, now, zone)
    if new_status in FINAL_DELIVERY:
        await close_order(
            uow, order, actor, now, calendar, event=str(step), tracking=values.get("tracking")
        )
    elif is_done(new_status):
        await after_work_done(uow, order, actor, now, zone)
    log.info("task_step", task_id=task.id, order_id=order.id, step=str(step), status=task.status)


async def take(uow: UnitOfWork, task: Task) -> None:
    """The optimistic lock: UPDATE ... WHERE id=? AND version=?; nobody else got there first."""
    if not await uow.tasks.lock(task.id, task.version):
        raise Conflict("task-conflict")
    task.version += 1


async def _line_numbers(uow: UnitOfWork, task: Task) -> dict[int, int]:
    positions = {p.id: p for p in await uow.tasks.positions(task.order_id)}
    return {positions[pid].line_no: qty for pid, qty in lines_of(task).items() if pid in positions}


async def _shortage_note(uow: UnitOfWork, order: Order, shortage: Mapping[int, int]) -> str:
    positions = {p.id: p for p in await uow.tasks.positions(order.id)}
    return "; ".join(
        f"{positions[pid].line_no}. {positions[pid].model}: {qty} {positions[pid].unit}"
        for pid, qty in sorted(shortage.items(), key=lambda i: positions[i[0]].line_no)
    )


async def _ask_supply(
    uow: UnitOfWork,
    warehouse_task: Task,
    order: Order,
    shortage: Mapping[int, int],
    actor: Actor,
    now: datetime,
    zone: str,
) -> None:
    """What the warehouse lacks goes to supply: added to the order's supply task if supply
    has not ordered yet, else a new supply task."""
    tasks = await uow.tasks.of_order(order.id)
    target = next(
        (
            t
            for t in tasks
            if t.kind == TaskKind.PROCURE and t.status in (TaskStatus.NEW, TaskStatus.ACCEPTED)
        ),
        None,
    )
    if target is not None:
        await take(uow, target)
        qty, work = lines_of(target), work_of(target)
        for pid, missing in shortage.items():
            qty[pid] = qty.get(pid, 0) + missing
            work[pid] = sorted({*work.get(pid, []), "procure"})
        set_lines(target, qty, work)
        set_detail(
            target, for_warehouse=sorted({*target.details.get("for_warehouse", []), *shortage})
        )
        target.updated_at = now
        record(
            uow,
            target,
            actor,
            "shortage_added",
            now,
            note=await _shortage_note(uow, order, shortage),
        )
        await refresh_card(uow, target, order, zone, now)
        await tell_chat(
            uow, target, "task_shortage_added", {"number": order.number, "task_id": target.id}, now
        )
        return
    rules = await routing.current_rules(uow)
    department = await department_for(uow, rules.get("procure") or "supply")
    plan = PlannedTask(
        department, TaskKind.PROCURE, dict(shortage), {p: ["procure"] for p in shortage}
    )
    plan.routed.append(rules.get("procure") or department)
    task = await create_task(uow, order, plan, now=now)
    set_detail(task, for_warehouse=sorted(shortage))
    record(
        uow, task, actor, "from_warehouse", now, note=await _shortage_note(uow, order, shortage)
    )
    await place_task(uow, task, order, zone=zone, now=now)


async def _back_to_warehouse(
    uow: UnitOfWork, supply_task: Task, order: Order, actor: Actor, now: datetime, zone: str
) -> None:
    """Goods arrived: the warehouse collects them (its task reopens, or a new one is made)."""
    arrived = lines_of(supply_task)
    tasks = await uow.tasks.of_order(order.id)
    collect = next(
        (t for t in tasks if t.kind == TaskKind.COLLECT and t.status != TaskStatus.CANCELLED),
        None,
    )
    if collect is None:
        rules = await routing.current_rules(uow)
        department = await department_for(uow, rules.get("stock") or "warehouse")
        plan = PlannedTask(
            department, TaskKind.COLLECT, dict(arrived), {p: ["stock"] for p in arrived}
        )
        plan.routed.append(rules.get("stock") or department)
        task = await create_task(uow, order, plan, now=now)
        record(uow, task, actor, "from_supply", now)
        await place_task(uow, task, order, zone=zone, now=now)
        return
    await take(uow, collect)
    positions = {p.id: p for p in await uow.tasks.positions(order.id)}
    qty, work, short = lines_of(collect), work_of(collect), short_of(collect)
    for pid, n in arrived.items():
        if pid not in qty:
            qty[pid] = n
        elif pid in short:
            short.pop(pid)
        elif "stock" in work.get(pid, []) and pid in positions:
            qty[pid] = min(positions[pid].qty, qty[pid] + n)
        work[pid] = sorted({*work.get(pid, []), "stock"})
    set_lines(collect, qty, work, short)
    collect.status = str(advance(TaskKind.COLLECT, status_of(collect), Step.RESTOCK))
    collect.done_at, collect.updated_at = None, now
    record(uow, collect, actor, "restocked", now)
    await refresh_card(uow, collect, order, zone, now)
    await tell_chat(uow, collect, "task_restocked", {"number": order.number}, now)


async def close_order(
    uow: UnitOfWork,
    order: Order,
    actor: Actor,
    now: datetime,
    calendar: WorkCalendar,
    *,
    event: str,
    tracking: str | None = None,
) -> None:
    """Delivered (or shipped, or handed over): the order closes, the client is told, and the
    follow-up call is planned (reminders policy `follow_up_after_delivery.call`)."""
    order.status, order.closed_at, order.updated_at = OrderStatus.CLOSED, now, now
    await tell_clients(
        uow,
        order,
        "client_order_delivered",
        {"event": event, "carrier": order.carrier or "", "tracking": tracking or ""},
        now,
    )
    await follow_up.plan_follow_up(uow, order, calendar, now)
    log.info("order_closed", order_id=order.id, how=event)


def open_work(tasks: Sequence[Task]) -> list[Task]:
    return [t for t in tasks if kind_of(t) not in DELIVERY_KINDS and not is_done(status_of(t))]
