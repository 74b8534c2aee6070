"""What a press on a task card sets off, decided in one pure function, `decide_step`: the
pressed task's new status and lines, the other tasks it changes or makes (supply for what
the warehouse lacks, the warehouse again when supply's goods come, delivery when the work is
done), what becomes of the order and who is told. A step that asks a question (how many are
missing, when the goods come, the tracking number) is decided again with the answer.

The service loads a `Press` first and writes the `StepOutcome` after; nothing here reads the
database or knows Telegram.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.domain.errors import Conflict, Forbidden, InvalidTransition
from bot.domain.roles import Action, Actor, Role, require
from bot.domain.tasks.flow import (
    ACCEPTING,
    FINAL_DELIVERY,
    INPUTS,
    OrderStatus,
    Step,
    StepInput,
    TaskKind,
    TaskStatus,
    advance,
    is_done,
    parse_step,
)
from bot.domain.tasks.input import parse_expected_date, parse_shortage, parse_tracking
from bot.domain.tasks.lines import PROCURE, STOCK, TaskLines
from bot.domain.tasks.work import (
    AfterWork,
    News,
    NewTask,
    OrderState,
    PositionState,
    Routes,
    TaskState,
    Timeline,
    after_work,
    new_lines,
    statuses_after,
)

# Who may press any department's card.
ANY_DEPARTMENT = frozenset({Role.HEAD, Role.ADMIN})
# Messages beside a card, in its chat.
SHORTAGE_ADDED = "task_shortage_added"
RESTOCKED = "task_restocked"


@dataclass(frozen=True, slots=True)
class Press:
    """A press on a card, or the answer typed after one (`typed`), and what it finds."""

    actor: Actor
    step: Step
    version: int  # of the card that was pressed
    task: TaskState
    order: OrderState
    routes: Routes
    today: date  # company-local
    last_who: str = ""  # who changed the task last (a press on an outdated card is told)
    typed: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """The step needs an answer first; nothing changes yet."""

    step: Step
    needs: StepInput
    lines: Mapping[int, int]  # line no -> quantity (for the shortage question)


@dataclass(frozen=True, slots=True)
class TaskChange:
    task_id: int
    status: TaskStatus
    lines: TaskLines
    event: str  # the line on the card's history
    note: str = ""
    accepted: bool = False  # the actor took it on
    done: bool = False
    reopened: bool = False  # it was done and is to be done again
    notice: str | None = None  # a message beside the card, in its chat


@dataclass(frozen=True, slots=True)
class StepOutcome:
    step: Step
    pressed: TaskChange
    others: tuple[TaskChange, ...] = ()  # tasks the step changes besides the pressed one
    new_tasks: tuple[NewTask, ...] = ()  # tasks it makes (supply, the warehouse again)
    timeline: tuple[Timeline, ...] = ()
    news: tuple[News, ...] = ()
    closes: bool = False  # delivered or shipped: the order closes
    after: AfterWork | None = None  # every department's work is done


# --- the decision ------------------------------------------------------------------------


def decide_step(press: Press) -> Question | StepOutcome:
    """Raises Forbidden (not their department), InvalidTransition (cancelled, or the card
    does not offer the step now), Conflict (the card changed since it was shown) and
    InvalidInput (an answer that does not read)."""
    step = _checked_step(press)
    task = press.task
    status = advance(task.kind, task.status, step)
    if step in INPUTS and press.typed is None:
        return Question(step, INPUTS[step], _line_numbers(task.lines, press.order.positions))
    lines, note, shortage = _typed(press, step)
    pressed = TaskChange(
        task.id,
        status,
        lines,
        str(step),
        note,
        accepted=step in ACCEPTING,
        done=is_done(status),
    )
    others, new_tasks = _set_off(press, step, shortage, note)
    department = press.routes.title(task.department_id)
    outcome = StepOutcome(
        step,
        pressed,
        others,
        new_tasks,
        timeline=(Timeline(str(step), department, note),),
        news=(News(str(step), task.id, department, press.actor.full_name, note),),
    )
    if status in FINAL_DELIVERY:
        return replace(outcome, closes=True)
    if not is_done(status):
        return outcome
    changed = {c.task_id: c.status for c in (pressed, *others)}
    statuses = statuses_after(press.order.tasks, changed, new_tasks)
    return replace(outcome, after=after_work(press.order, statuses, press.routes))


def _checked_step(press: Press) -> Step:
    """Who may press, and whether the card they pressed is still the current one."""
    step = parse_step(press.step)
    if press.typed is not None and step not in INPUTS:
        raise InvalidTransition("task-step-not-allowed")
    require(press.actor, Action.WORK_ON_TASK)
    task = press.task
    if press.actor.role not in ANY_DEPARTMENT and not (
        press.actor.department_ids & task.lines.departments(task.department_id)
    ):
        raise Forbidden(
            "task-not-your-department", department=press.routes.title(task.department_id)
        )
    if task.status is TaskStatus.CANCELLED or press.order.status is OrderStatus.CANCELLED:
        raise InvalidTransition("task-cancelled", number=press.order.number)
    if press.version != task.version:
        raise Conflict("task-stale", who=press.last_who, status=str(task.status))
    return step


def _typed(press: Press, step: Step) -> tuple[TaskLines, str, dict[int, int]]:
    """The answer to the step's question read: the task's lines with it, the history note,
    and what is missing (position id -> how many) for a shortage."""
    lines, typed = press.task.lines, press.typed or ""
    needs = INPUTS.get(step)
    if needs is StepInput.SHORTAGE:
        positions = press.order.positions
        by_line = parse_shortage(typed, _line_numbers(lines, positions))
        ids = {p.line_no: p.id for p in positions}
        shortage = {ids[line]: qty for line, qty in by_line.items()}
        return lines.missing(shortage), _shortage_note(positions, shortage), shortage
    if needs is StepInput.EXPECTED_DATE:
        day = parse_expected_date(typed, press.today)
        return lines.expected(day), day.strftime("%d.%m.%Y"), {}
    if needs is StepInput.TRACKING:
        tracking = parse_tracking(typed)
        return lines.tracked(tracking), tracking, {}
    return lines, "", {}


def _set_off(
    press: Press, step: Step, shortage: Mapping[int, int], note: str
) -> tuple[tuple[TaskChange, ...], tuple[NewTask, ...]]:
    """What the warehouse lacks goes to supply; what supply received goes to the warehouse."""
    if step is Step.SHORT:
        return _ask_supply(press, shortage, note)
    if step is Step.ARRIVE:
        return _back_to_warehouse(press)
    return (), ()


def _ask_supply(
    press: Press, shortage: Mapping[int, int], note: str
) -> tuple[tuple[TaskChange, ...], tuple[NewTask, ...]]:
    """Added to the order's supply task if supply has not ordered yet, else a new one."""
    target = next(
        (
            t
            for t in press.order.tasks
            if t.kind is TaskKind.PROCURE and t.status in (TaskStatus.NEW, TaskStatus.ACCEPTED)
        ),
        None,
    )
    if target is not None:
        lines = target.lines.plus_missing(shortage)
        change = TaskChange(
            target.id, target.status, lines, "shortage_added", note, notice=SHORTAGE_ADDED
        )
        return (change,), ()
    department, routed = press.routes.department(PROCURE, "supply")
    lines = replace(
        new_lines(press.order, shortage, PROCURE, routed),
        for_warehouse=tuple(sorted(shortage)),
    )
    return (), (NewTask(department, TaskKind.PROCURE, lines, "from_warehouse", note),)


def _back_to_warehouse(press: Press) -> tuple[tuple[TaskChange, ...], tuple[NewTask, ...]]:
    """Goods arrived: the warehouse collects them (its task reopens, or a new one is made)."""
    arrived = press.task.lines.qty
    collect = next(
        (
            t
            for t in press.order.tasks
            if t.kind is TaskKind.COLLECT and t.status is not TaskStatus.CANCELLED
        ),
        None,
    )
    if collect is None:
        department, routed = press.routes.department(STOCK, "warehouse")
        lines = new_lines(press.order, arrived, STOCK, routed)
        return (), (NewTask(department, TaskKind.COLLECT, lines, "from_supply"),)
    ordered = {p.id: p.qty for p in press.order.positions}
    change = TaskChange(
        collect.id,
        advance(TaskKind.COLLECT, collect.status, Step.RESTOCK),
        collect.lines.restocked(arrived, ordered),
        "restocked",
        reopened=True,
        notice=RESTOCKED,
    )
    return (change,), ()


def _line_numbers(lines: TaskLines, positions: Sequence[PositionState]) -> dict[int, int]:
    """Line no -> the quantity this task works on (the card numbers its lines so)."""
    return {p.line_no: lines.qty[p.id] for p in positions if p.id in lines.qty}


def _shortage_note(positions: Sequence[PositionState], shortage: Mapping[int, int]) -> str:
    return "; ".join(
        f"{p.line_no}. {p.model}: {shortage[p.id]} {p.unit}"
        for p in sorted(positions, key=lambda p: p.line_no)
        if p.id in shortage
    )
