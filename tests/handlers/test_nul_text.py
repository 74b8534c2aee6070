"""A NUL character (\\x00) in what a person types or is named: PostgreSQL refuses it in text
columns, so it is taken out where updates come in, and the request goes through."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ClientRequest, InboxUpdate, RegistrationRequest
from tests.builders import Person
from tests.handlers.test_client_portal import CLIENT, registered_client, share
from tests.harness import TestApp

NAMELESS = Person(900061, "Ио\x00на", "Кру\x00к")


async def test_client_request_with_a_nul_reaches_the_manager_without_it(app: TestApp) -> None:
    await registered_client(app)
    await app.say(CLIENT, "Нужны 10\x00 костюмов")

    assert "передал вашему менеджеру" in app.last_to(CLIENT)
    assert "Нужны 10 костюмов" in app.last_to(app.people.manager)
    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    assert "\x00" not in str(request.text)
    stored = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate.error)))
    assert set(stored) == {None}  # every update handled, none failed


async def test_stranger_named_with_a_nul_can_register(app: TestApp) -> None:
    await registered_client(app)
    await share(app, NAMELESS, "79115550009")

    [registration] = await app.read(lambda uow: uow.session.scalars(select(RegistrationRequest)))
    assert "\x00" not in repr(registration.__dict__)
    errors = await app.read(lambda uow: uow.session.scalars(select(InboxUpdate.error)))
    assert set(errors) == {None}
