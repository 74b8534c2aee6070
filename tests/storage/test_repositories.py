"""A repository's `get` raises NotFound (with the key the person is told), `find` returns
None: the services no longer check for None themselves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.errors import NotFound
from bot.domain.roles import Role
from storage.uow import UnitOfWork
from tests.harness import TestApp

MISSING = 987654

Lookup = Callable[[UnitOfWork], Awaitable[Any]]

CASES: list[tuple[str, Lookup, Lookup, str]] = [
    (
        "counterparties",
        lambda uow: uow.counterparties.get(MISSING),
        lambda uow: uow.counterparties.find(MISSING),
        "client-not-found",
    ),
    (
        "registrations",
        lambda uow: uow.registrations.get(MISSING, for_update=True),
        lambda uow: uow.registrations.find(MISSING),
        "registration-not-found",
    ),
    (
        "client requests",
        lambda uow: uow.client_requests.get(MISSING),
        lambda uow: uow.client_requests.find(MISSING),
        "request-not-found",
    ),
    (
        "users",
        lambda uow: uow.users.get(MISSING),
        lambda uow: uow.users.find(MISSING),
        "error-not-found",
    ),
    (
        "departments",
        lambda uow: uow.departments.get("nowhere"),
        lambda uow: uow.departments.find("nowhere"),
        "error-not-found",
    ),
]


@pytest.mark.parametrize(("get", "find", "key"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_get_of_a_missing_row_raises_not_found_and_find_returns_none(
    app: TestApp, get: Lookup, find: Lookup, key: str
) -> None:
    with pytest.raises(NotFound) as missing:
        await app.read(get)
    assert missing.value.key == key
    assert await app.read(find) is None


async def test_get_and_find_return_the_row_that_is_there(app: TestApp) -> None:
    cp_id = await app.add_counterparty("ООО «Ромашка»")
    user = await app.add_person(app.people.manager, Role.MANAGER, "sales")
    assert (await app.read(lambda uow: uow.counterparties.get(cp_id, for_update=True))).id == cp_id
    assert (await app.read(lambda uow: uow.counterparties.find(cp_id))) is not None
    assert (await app.read(lambda uow: uow.users.get(user.id))).full_name == "Ирина Лебедева"
    assert (await app.read(lambda uow: uow.departments.get("sales"))).id == "sales"
