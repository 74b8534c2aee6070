"""The permission matrix, generated: every callback factory (each of its actions) and every
command, pressed or sent by every role: a stranger, a client, each staff role, a head, an
admin, and a deactivated person. The factories and commands are found by introspection, so a
new one is covered without touching this file.

What holds for everyone: the bot answers (an alert for a button, a message for a command) and
never fails with "something went wrong". A stranger, a deactivated person and a client (on
buttons that are not theirs) change nothing in the database. Ids over 64 bits, over the
database's INTEGER, and digits such as "²" in button data are refused the same way.
"""

from __future__ import annotations

import inspect
import itertools
import typing
from collections.abc import AsyncIterator
from enum import Enum
from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from sqlalchemy import select

from bot.domain.roles import Role
from bot.views import callbacks
from storage.models import Base
from tests.builders import Person
from tests.db import Templates
from tests.harness import TestApp

UNEXPECTED = "Что-то пошло не так"
IGNORED_TABLES = {
    "inbox_updates",
    "outbox_messages",
    "alembic_version",
}  # bookkeeping of every update

CLIENT = Person(900201, "Клиент", "Матрицын")
WORKSHOP = Person(900202, "Швея", "Матрицына")
LAWYER = Person(900203, "Юрист", "Матрицын")
ACCOUNTANT = Person(900204, "Бухгалтер", "Матрицына")
DEACTIVATED = Person(900205, "Бывший", "Менеджеров")

OUTSIDERS = ("stranger", "deactivated")


@pytest.fixture(params=["sqlite"])
async def database_url(request: pytest.FixtureRequest, templates: Templates) -> AsyncIterator[str]:
    """Who may act is decided above the database: the matrix runs on SQLite only (the
    storage-level guarantees have their own tests on both databases)."""
    url = await templates.sqlite()
    yield url
    await templates.drop(url)


def factories() -> list[type[CallbackData]]:
    return [
        value
        for _, value in inspect.getmembers(callbacks, inspect.isclass)
        if issubclass(value, CallbackData)
        and value is not CallbackData
        and value.__module__ == callbacks.__name__
    ]


def _options(annotation: Any, number: str) -> list[str]:
    """Values to try for a field: every member of an enum, `number` for an int, "1" for text."""
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return [str(m.value) for a in _enums(annotation) for m in a]
    if annotation is int or int in typing.get_args(annotation):
        return [number]
    return ["1"]


def _enums(annotation: Any) -> list[type[Enum]]:
    args = typing.get_args(annotation) or (annotation,)
    return [a for a in args if isinstance(a, type) and issubclass(a, Enum)]


def packed(factory: type[CallbackData], number: str = "1") -> list[str]:
    """Every combination of the factory's enum values, its ints set to `number` (packed by
    hand: a value the factory would refuse to pack must still be pressable)."""
    prefix = factory.__prefix__  # type: ignore[attr-defined]
    sep = factory.__separator__  # type: ignore[attr-defined]
    fields = factory.model_fields
    columns = [_options(f.annotation, number) for f in fields.values()]
    return [sep.join((prefix, *combo)) for combo in itertools.product(*columns)][:40]


def commands(app: TestApp) -> list[str]:
    found: set[str] = set()

    def walk(router: Router) -> None:
        for handler in router.message.handlers:
            for flt in handler.filters or ():
                if isinstance(flt.callback, Command):
                    found.update(c for c in flt.callback.commands if isinstance(c, str))
        for child in router.sub_routers:
            walk(child)

    walk(app.app.dp)
    return sorted(found)


async def snapshot(app: TestApp) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with app.app.make_uow() as uow:
        for name, table in Base.metadata.tables.items():
            if name in IGNORED_TABLES:
                continue
            rows = (await uow.session.execute(select(table))).all()
            if name == "fsm_states":  # an empty dialogue state is no change
                rows = [r for r in rows if r.state is not None or r.data]
            out[name] = sorted((tuple(map(repr, r)) for r in rows), key=repr)
    return out


async def people(app: TestApp) -> dict[str, Person]:
    """One person per role (and the stranger, who is nobody), with a client card to point at."""
    p = app.people
    roles: dict[str, tuple[Person, Role | None, str | None]] = {
        "stranger": (p.stranger, None, None),
        "client": (CLIENT, Role.CLIENT, None),
        "manager": (p.manager, Role.MANAGER, "sales"),
        "warehouse": (p.storekeeper, Role.WAREHOUSE, "warehouse"),
        "supply": (p.supplier, Role.SUPPLY, "supply"),
        "workshop": (WORKSHOP, Role.WORKSHOP, "workshop"),
        "driver": (p.driver, Role.DRIVER, "delivery"),
        "lawyer": (LAWYER, Role.LAWYER, None),
        "accountant": (ACCOUNTANT, Role.ACCOUNTANT, None),
        "head": (p.head, Role.HEAD, "sales"),
        "deactivated": (DEACTIVATED, Role.MANAGER, "sales"),
        "admin": (p.admin, None, None),  # ADMIN_IDS makes them admin on their first update
    }
    for name, (who, role, department) in roles.items():
        if role is not None:
            await app.add_person(who, role, department, active=name != "deactivated")
    await app.say(p.admin, "/help")
    await app.add_counterparty("ООО «Матрица»", manager=p.manager)
    return {name: who for name, (who, _, _) in roles.items()}


def _answers(app: TestApp) -> int:
    return len(app.telegram.of("AnswerCallbackQuery"))


def _unexpected(app: TestApp, start: int) -> list[str]:
    sent = [c.request for c in app.telegram.calls[start:]]
    return [
        t
        for t in (getattr(r, "text", None) for r in sent)
        if isinstance(t, str) and UNEXPECTED in t
    ]


@pytest.mark.parametrize("factory", factories(), ids=lambda f: f.__name__)
async def test_every_button_by_every_role(app: TestApp, factory: type[CallbackData]) -> None:
    everyone = await people(app)
    bad_ids = [data for n in (str(2**70), str(2**31), "²") for data in packed(factory, n)]
    presses = [(data, list(everyone)) for data in packed(factory)]
    presses += [(data, ["stranger", "manager", "admin"]) for data in set(bad_ids)]
    for data, roles in presses:
        for role in roles:
            who = everyone[role]
            before = await snapshot(app) if role in OUTSIDERS or role == "client" else None
            answered, start = _answers(app), len(app.telegram.calls)
            await app.press(who, data)
            assert _unexpected(app, start) == [], (role, data)
            assert _answers(app) > answered, f"{role} pressing {data!r} got no answer"
            if before is not None and (role in OUTSIDERS or not _for_clients(factory)):
                assert await snapshot(app) == before, f"{role} pressing {data!r} changed data"


def _for_clients(factory: type[CallbackData]) -> bool:
    """Buttons a client presses in their own dialogues (their order draft, /my, cancel)."""
    return factory in {
        callbacks.OrderCb,
        callbacks.CancelCb,
        callbacks.MyOrderCb,
        callbacks.ForgetCb,
    }


async def test_every_command_by_every_role(app: TestApp) -> None:
    everyone = await people(app)
    found = commands(app)
    assert {"start", "help", "export", "stock"} <= set(found)
    for command in found:
        for role, who in everyone.items():
            before = await snapshot(app) if role in OUTSIDERS else None
            start = len(app.telegram.calls)
            await app.say(who, f"/{command}")
            await app.say(who, "/cancel")
            assert _unexpected(app, start) == [], (role, command)
            assert app.texts_to(who), f"{role} sending /{command} got no answer"
            if before is not None and command != "start":
                assert await snapshot(app) == before, f"{role} sending /{command} changed data"
