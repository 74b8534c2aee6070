"""What a press on a card is decided on, read before anything is decided: the task, its
order with the order's positions and tasks, where work goes now, and who changed the card
last."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.roles import Actor
from bot.domain.tasks.flow import Step
from bot.domain.tasks.steps import Press
from bot.domain.tasks.work import Routes
from bot.services.orders import routing
from bot.services.tasks.rows import order_state, task_state
from storage.models import Order, Task
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class PressRequest:
    """A press, or the answer typed after one, as the use case received it."""

    actor: Actor
    task_id: int
    step: Step
    version: int
    today: date  # company-local
    typed: str | None = None


@dataclass(frozen=True, slots=True)
class LoadedPress:
    press: Press
    order: Order
    tasks: Mapping[int, Task]  # the order's task rows by id
    zone: str  # the company's time zone (cards show local times)


async def load_press(uow: UnitOfWork, request: PressRequest) -> LoadedPress:
    task = await uow.tasks.get(request.task_id)
    order = await uow.tasks.get_order(task.order_id)
    rows = await uow.tasks.of_order(order.id)
    positions = await uow.tasks.positions(order.id)
    last_who = ""
    if request.version != task.version:  # an outdated card: say who changed it
        events = await uow.tasks.events([task.id])
        last_who = str(events[-1].details.get("who", "")) if events else ""
    press = Press(
        actor=request.actor,
        step=request.step,
        version=request.version,
        task=task_state(task),
        order=order_state(order, positions, rows),
        routes=await current_routes(uow),
        today=request.today,
        last_who=last_who,
        typed=request.typed,
    )
    return LoadedPress(press, order, {t.id: t for t in rows}, await routing.zone_name(uow))


async def current_routes(uow: UnitOfWork) -> Routes:
    departments = await uow.departments.all()
    return Routes(
        rules=await routing.current_rules(uow),
        bound=frozenset(c.department_id for c in await uow.department_chats.active()),
        fallbacks={d.id: d.fallback_id for d in departments},
        titles={d.id: d.title for d in departments},
    )
