from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import InviteCb, StaffCb
from storage.models import AuditEntry, Invite, User
from storage.uow import UnitOfWork
from tests.harness import TestApp


def _code(text: str) -> str:
    match = re.search(r"/start (\S+)", text)
    assert match, text
    return match.group(1)


async def _invite(app: TestApp, args: str) -> str:
    await app.say(app.people.admin, f"/invite {args}")
    return _code(app.last_to(app.people.admin))


async def _user(app: TestApp, tg_user_id: int) -> User | None:
    return await app.read(lambda uow: uow.users.by_tg_id(tg_user_id))


async def test_invite_and_start_registers_with_role_and_tells_inviter(app: TestApp) -> None:
    await app.say(app.people.admin, "/invite warehouse")
    invite_text = app.last_to(app.people.admin)
    code = _code(invite_text)
    assert f"https://t.me/test_ops_bot?start={code}" in invite_text
    assert "72 часа" in invite_text

    await app.say(app.people.storekeeper, f"/start {code}")

    assert "роль: склад" in app.last_to(app.people.storekeeper)
    assert "Полина Рыжова принял(а) приглашение" in app.last_to(app.people.admin)
    user = await _user(app, app.people.storekeeper.tg_user_id)
    assert user is not None
    assert (user.role, user.department_id) == ("warehouse", "warehouse")
    scoped = [
        c
        for c in app.telegram.of("SetMyCommands")
        if getattr(c.request.scope, "chat_id", None) == app.people.storekeeper.tg_user_id
    ]
    assert scoped, "the new member gets the command menu of their role"


async def test_reused_code_is_refused_and_creates_nothing(app: TestApp) -> None:
    code = await _invite(app, "manager")
    await app.say(app.people.manager, f"/start {code}")
    await app.say(app.people.stranger, f"/start {code}")
    assert "уже использовано" in app.last_to(app.people.stranger)
    assert await _user(app, app.people.stranger.tg_user_id) is None


async def test_expired_code_is_refused(app: TestApp) -> None:
    code = await _invite(app, "driver")
    app.clock.advance(timedelta(hours=72, seconds=1))
    await app.say(app.people.driver, f"/start {code}")
    assert "Срок действия приглашения истёк" in app.last_to(app.people.driver)
    assert await _user(app, app.people.driver.tg_user_id) is None


async def test_deactivating_the_inviter_revokes_their_open_invitations(app: TestApp) -> None:
    head = await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, "/invite manager")
    code = _code(app.last_to(app.people.head))
    await app.press(app.people.admin, StaffCb(action="off", user_id=head.id).pack())

    await app.say(app.people.manager, f"/start {code}")
    assert "Приглашение отозвано" in app.last_to(app.people.manager)
    assert await _user(app, app.people.manager.tg_user_id) is None
    [invite] = await app.read(lambda uow: uow.session.scalars(select(Invite)))
    assert invite.expires_at == app.clock.now()  # revoked when the inviter was switched off
    audit = await app.read(lambda uow: uow.audit.latest())
    assert audit[0].action == "deactivation"
    assert audit[0].details.get("invites_revoked") == 1


async def test_invitation_of_an_inactive_inviter_is_refused_whenever_it_was_made(
    app: TestApp,
) -> None:
    head = await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, "/invite manager")
    code = _code(app.last_to(app.people.head))

    async def switched_off_elsewhere(uow: UnitOfWork) -> None:  # e.g. in the database by hand
        user = await uow.users.get(head.id)
        user.is_active = False
        await uow.commit()

    await app.read(switched_off_elsewhere)
    await app.say(app.people.manager, f"/start {code}")
    assert "Приглашение отозвано" in app.last_to(app.people.manager)
    assert await _user(app, app.people.manager.tg_user_id) is None


async def test_made_up_code_is_refused(app: TestApp) -> None:
    await app.say(app.people.stranger, "/start NOPE-not-a-code")
    assert "Такого кода приглашения нет" in app.last_to(app.people.stranger)
    assert await _user(app, app.people.stranger.tg_user_id) is None


async def test_invite_without_role_lists_roles_with_buttons(app: TestApp) -> None:
    await app.say(app.people.admin, "/invite")
    [answer] = app.telegram.sent_to(app.people.admin.tg_user_id)
    assert "Формат: /invite" in (answer.text or "")
    assert "менеджер" in answer.buttons
    await app.press(app.people.admin, InviteCb(role="supply").pack())
    assert "снабжение" in app.last_to(app.people.admin)
    invites = await app.read(lambda uow: uow.session.scalars(select(Invite)))
    assert [i.role for i in invites] == ["supply"]


async def test_invite_unknown_role_lists_valid_ones(app: TestApp) -> None:
    await app.say(app.people.admin, "/invite boss")
    text = app.last_to(app.people.admin)
    assert "Роли «boss» нет" in text
    assert "manager" in text


async def test_invite_unknown_department_is_refused(app: TestApp) -> None:
    await app.say(app.people.admin, "/invite workshop sauna")
    assert "Подразделения «sauna» нет" in app.last_to(app.people.admin)


async def test_manager_may_not_invite(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/invite warehouse")
    assert "нет прав" in app.last_to(app.people.manager)
    invites = await app.read(lambda uow: uow.session.scalars(select(Invite)))
    assert list(invites) == []


async def test_head_may_not_invite_admins(app: TestApp) -> None:
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, "/invite admin")
    assert "не можете выдавать роль «admin»" in app.last_to(app.people.head)


async def test_staff_lists_people_and_changes_role(app: TestApp) -> None:
    worker = await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.say(app.people.admin, "/staff")
    listing = app.telegram.sent_to(app.people.admin.tg_user_id)[-1]
    assert "Полина Рыжова — склад, Склад" in (listing.text or "")

    await app.press(
        app.people.admin, StaffCb(action="set", user_id=worker.id, role="supply").pack()
    )

    assert "роль изменена" in app.alerts()[-1]
    assert "Ваша роль изменена: снабжение" in app.last_to(app.people.storekeeper)
    user = await _user(app, app.people.storekeeper.tg_user_id)
    assert user is not None
    assert user.role == "supply"
    audit = await app.read(lambda uow: uow.audit.latest())
    assert audit[0].action == "role_change"


async def test_deactivated_user_is_told_and_refused_everywhere(app: TestApp) -> None:
    worker = await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.press(app.people.admin, StaffCb(action="off", user_id=worker.id).pack())
    assert "отключён" in app.last_to(app.people.storekeeper)

    await app.say(app.people.storekeeper, "/help")
    assert "доступ к боту отключён" in app.last_to(app.people.storekeeper)
    await app.press(app.people.storekeeper, StaffCb(action="off", user_id=worker.id).pack())
    assert "доступ к боту отключён" in app.alerts()[-1]


async def test_deactivation_in_the_middle_of_a_dialogue_ends_it(app: TestApp) -> None:
    second_admin = await app.add_person(app.people.storekeeper, Role.ADMIN)
    await app.say(app.people.storekeeper, "/department")
    assert "Код нового подразделения" in app.last_to(app.people.storekeeper)

    await app.press(app.people.admin, StaffCb(action="off", user_id=second_admin.id).pack())
    await app.say(app.people.storekeeper, "sauna")

    assert "доступ к боту отключён" in app.last_to(app.people.storekeeper)
    departments = await app.read(lambda uow: uow.departments.all())
    assert "sauna" not in {d.id for d in departments}


async def test_privileged_actions_are_audited(app: TestApp) -> None:
    code = await _invite(app, "manager")
    await app.say(app.people.manager, f"/start {code}")
    entries = await app.read(lambda uow: uow.session.scalars(select(AuditEntry)))
    actions = [e.action for e in entries]
    assert "invite" in actions
    assert "registration" in actions
