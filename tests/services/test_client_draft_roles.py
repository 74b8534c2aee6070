"""A client's draft is always theirs, for their own company, and always goes to approval:
every intake service re-checks the role whatever button was pressed (issue 12, probing 1).
Runs on both databases."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.domain.errors import DomainError, Forbidden
from bot.domain.orders.dialogue import Choice
from bot.domain.orders.draft import Draft, Field
from bot.domain.roles import Actor, Role
from bot.services.catalog import CatalogCache
from bot.services.orders import client_orders
from bot.services.orders import intake as order_intake
from bot.services.orders import placing as order_placing
from bot.services.orders.confirming import OrderPlaced, PlaceOrder
from bot.services.staff import people
from bot.services.tasks import dispatch as order_tasks
from storage.models import Order
from tests.builders import Person
from tests.harness import TestApp
from tests.orders_seed import registered_client, seed_catalog, seed_counterparties

ELENA = Person(900050, "Елена", "Захарова")
POSITIONS = "костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"


class _Spy:
    def __init__(self) -> None:
        self.orders: list[int] = []

    async def __call__(self, uow: Any, order: Order, positions: Any, **_: Any) -> None:
        self.orders.append(order.id)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _Spy:
    found = _Spy()
    monkeypatch.setattr(order_tasks, "dispatch_order", found)
    return found


@pytest.fixture
async def client(app: TestApp) -> tuple[Actor, dict[str, int], CatalogCache]:
    await seed_catalog(app)
    ids = await seed_counterparties(app)
    await registered_client(app, ids["CP-001"], ELENA)
    actor = (await app.read(lambda uow: people.resolve_actor(uow, ELENA.tg_user_id, ""))).actor
    return actor, ids, CatalogCache(app.app.company)


async def _begin(app: TestApp, actor: Actor, cache: CatalogCache) -> Draft:
    cmd = order_intake.BeginOrder(actor, "d1")
    step = await app.read(lambda uow: order_intake.begin_order(cmd, uow, app.clock, cache))
    return step.draft


async def _choose(
    app: TestApp, actor: Actor, draft: Draft, cache: CatalogCache, choice: Choice, value: str = ""
) -> Any:
    cmd = order_intake.Choose(actor, draft, choice, -1, value)
    return await app.read(lambda uow: order_intake.choose(cmd, uow, app.clock, cache))


async def _started(app: TestApp, cmd: order_intake.StartOrder, cache: CatalogCache) -> Draft:
    step = await app.read(lambda uow: order_intake.start_order(cmd, uow, app.clock, cache))
    return step.draft


async def _refused_to_place(app: TestApp, cmd: PlaceOrder, cache: CatalogCache) -> None:
    with pytest.raises(Forbidden):
        await app.read(lambda uow: order_placing.place_order(cmd, uow, app.clock, cache))


async def test_a_bare_order_of_a_client_is_theirs_for_their_own_company(
    app: TestApp, client: tuple[Actor, dict[str, int], CatalogCache]
) -> None:
    actor, ids, cache = client
    draft = await _begin(app, actor, cache)
    assert draft.for_client
    assert (draft.counterparty_id, draft.client_name) == (ids["CP-001"], "ООО «Ромашка»")
    # «📋 Вся заявка» → «▶️ Заполнить недостающее»: the order text is asked, never the client
    step = await _choose(app, actor, draft, cache, Choice.PREVIEW)
    step = await _choose(app, actor, step.draft, cache, Choice.NEXT)
    assert step.ask is not None
    assert step.ask.field is not Field.CLIENT
    assert step.clients == ()


async def test_no_button_lets_a_client_search_the_directory_or_change_the_company(
    app: TestApp, client: tuple[Actor, dict[str, int], CatalogCache]
) -> None:
    actor, ids, cache = client
    draft = await _begin(app, actor, cache)
    for choice, value in ((Choice.ASK, Field.CLIENT.value), (Choice.CLIENT, str(ids["CP-002"])),
                          (Choice.NEW_CLIENT, "sure")):  # fmt: skip
        with pytest.raises(DomainError):
            await _choose(app, actor, draft, cache, choice, value)
    # a forged draft (not marked as the client's, for another company) is put right or refused
    forged = replace(draft, for_client=False, counterparty_id=ids["CP-002"], client_name="X")
    try:
        step = await _choose(app, actor, forged, cache, Choice.PREVIEW)
    except Forbidden:
        pass
    else:
        assert step.draft.for_client
        assert step.draft.counterparty_id == ids["CP-001"]
    typed = replace(forged, awaiting=Field.CLIENT, client_query="Ромашка")
    answer = order_intake.Answer(actor, typed, "Ромашка", "d2")
    with pytest.raises(DomainError):  # the directory is never searched for a client
        await app.read(lambda uow: order_intake.answer_question(answer, uow, app.clock, cache))


async def test_a_client_never_places_an_order_in_work_whatever_the_draft(
    app: TestApp, client: tuple[Actor, dict[str, int], CatalogCache], spy: _Spy
) -> None:
    actor, ids, cache = client
    start = order_intake.StartOrder(actor, f"Ромашка ИНН 3528972289: {POSITIONS}", "d1")
    draft = await _started(app, start, cache)
    forged = replace(draft, for_client=False, counterparty_id=ids["CP-002"])
    for attempt in (draft, forged):
        await _refused_to_place(app, PlaceOrder(actor, attempt), cache)
    assert spy.orders == []
    # submitted instead: awaiting the manager, for the client's own company
    cmd = PlaceOrder(actor, forged)
    done = await app.read(lambda uow: client_orders.submit_order(cmd, uow, app.clock, cache))
    assert isinstance(done, OrderPlaced)
    order = await app.read(lambda uow: uow.orders.get(done.order_id))
    assert (order.status, order.counterparty_id) == ("awaiting_manager", ids["CP-001"])
    assert spy.orders == []


async def test_staff_never_submit_as_a_client(
    app: TestApp, client: tuple[Actor, dict[str, int], CatalogCache]
) -> None:
    _, _, cache = client
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    manager = (
        await app.read(lambda uow: people.resolve_actor(uow, app.people.manager.tg_user_id, ""))
    ).actor
    start = order_intake.StartOrder(manager, f"Ромашка ИНН 3528972289: {POSITIONS}", "d1")
    draft = await _started(app, start, cache)
    cmd = PlaceOrder(manager, replace(draft, for_client=True))
    with pytest.raises(Forbidden):
        await app.read(lambda uow: client_orders.submit_order(cmd, uow, app.clock, cache))
