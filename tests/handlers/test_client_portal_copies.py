"""Several heads get the same message: a registration request, or a client's request without
a manager. Once one of them acts, the other copies say so (edited in place) and lose buttons."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import RegistrationCb
from storage.models import ClientRequest, Interaction, OutboxMessage
from tests.builders import DATE, Person
from tests.handlers.test_client_portal import CLIENT, last, registered_client, user_of
from tests.handlers.test_client_portal_decisions import (
    DECIDED_LINKED,
    SECOND_HEAD,
    clients_count,
    request_row,
    two_heads_got_a_request,
)
from tests.harness import TestApp

RETIRED_HEAD = Person(900013, "Ольга", "Прежняя")


def edits_to(app: TestApp, who: Person) -> list[Any]:
    return [c for c in app.telegram.of("EditMessageText") if c.chat_id == who.tg_user_id]


async def edit_rows(app: TestApp) -> list[OutboxMessage]:
    rows = await app.read(
        lambda uow: uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.method == "edit").order_by(OutboxMessage.id)
        )
    )
    return list(rows)


# --- registration requests ----------------------------------------------------------------


async def test_linking_edits_every_heads_copy_and_a_stale_press_changes_nothing(
    app: TestApp,
) -> None:
    await two_heads_got_a_request(app)
    head, second = app.people.head, SECOND_HEAD
    copies = {who: last(app, who) for who in (head, second)}
    await app.press(head, copies[head].callback_data("Привязать"))
    await app.say(head, "ромашка")
    await app.press(head, last(app, head).callback_data("ООО «Ромашка»"))

    for who in (head, second):
        [edit] = edits_to(app, who)
        assert edit.message_id == copies[who].message_id  # the request itself, in place
        assert "Заявка на подключение клиента №1" in (edit.text or "")
        assert "✅ Подключён(а) к «ООО «Ромашка»» — решение: Алина Кравцова." in (edit.text or "")
        assert edit.buttons == []
    head_user, second_user = await user_of(app, head), await user_of(app, second)
    assert head_user is not None
    assert second_user is not None
    rows = await edit_rows(app)
    assert sorted(r.card_key or "" for r in rows) == [
        f"registration:1:{head_user.id}",
        f"registration:1:{second_user.id}",
    ]
    assert {r.status for r in rows} == {"sent"}

    told_client = len(app.texts_to(CLIENT))
    await app.press(second, copies[second].callback_data("Отклонить"))  # the stale copy
    assert app.alerts()[-1] == DECIDED_LINKED
    assert (await request_row(app)).status == "linked"
    assert await clients_count(app) == 1
    assert len(app.texts_to(CLIENT)) == told_client
    assert len(edits_to(app, second)) == 1


async def test_declining_edits_every_heads_copy(app: TestApp) -> None:
    await two_heads_got_a_request(app)
    await app.press(SECOND_HEAD, RegistrationCb(action="decline", request=1).pack())
    for who in (app.people.head, SECOND_HEAD):
        [edit] = edits_to(app, who)
        assert "❌ Отклонена — решение: Борис Горелов." in (edit.text or "")
        assert edit.buttons == []
    assert app.alerts()[-1] == "Заявка №1 отклонена, клиенту сообщил."


# --- requests without a manager -----------------------------------------------------------


async def heads_got_a_request(app: TestApp, text: str = "Когда будет счёт?") -> None:
    await registered_client(app, manager=False)
    await app.add_person(SECOND_HEAD, Role.HEAD, "sales")
    await app.add_person(RETIRED_HEAD, Role.HEAD, "sales", active=False)
    await app.say(CLIENT, text)
    assert "руководителю отдела — Алина Кравцова" in app.last_to(CLIENT)


async def test_request_without_a_manager_goes_to_every_active_head(app: TestApp) -> None:
    await heads_got_a_request(app)
    for who in (app.people.head, SECOND_HEAD):
        relay = last(app, who)
        assert "Обращение №1 от клиента" in (relay.text or "")
        assert relay.buttons == ["↩️ Ответить", "Открыть карточку"]
    assert app.texts_to(RETIRED_HEAD) == []
    assert app.texts_to(app.people.admin) == []


async def test_any_heads_reply_reaches_the_client_once_and_the_other_copy_says_who(
    app: TestApp,
) -> None:
    await heads_got_a_request(app)
    head, second = app.people.head, SECOND_HEAD
    first_copy, own_copy = last(app, head), last(app, second)
    replied = {
        "message_id": own_copy.message_id,
        "date": DATE,
        "chat": {"id": second.tg_user_id, "type": "private", "first_name": "Борис"},
        "from": {"id": 123456, "is_bot": True, "first_name": "Ops Bot"},
        "text": own_copy.text,
    }
    await app.say(second, "Счёт вышлю сегодня", reply_to_message=replied)
    assert "Ответ на обращение №1 отправлен клиенту" in app.last_to(second)
    answers = [t for t in app.texts_to(CLIENT) if "Счёт вышлю сегодня" in t]
    assert answers == ["Ответ на ваше обращение №1 от Борис Горелов:\nСчёт вышлю сегодня"]

    [edit] = edits_to(app, head)
    assert edit.message_id == first_copy.message_id
    assert "Когда будет счёт?" in (edit.text or "")
    assert "✅ Обращение взял(а) Борис Горелов — ответ клиенту отправлен." in (edit.text or "")
    assert edit.buttons == ["Открыть карточку"]
    assert edits_to(app, second) == []  # the answerer's own copy stays as it was

    [request] = await app.read(lambda uow: uow.session.scalars(select(ClientRequest)))
    second_user = await user_of(app, second)
    assert second_user is not None
    assert request.answered_by_id == second_user.id
    forms = await app.read(lambda uow: uow.session.scalars(select(Interaction.form)))
    assert list(forms).count("request_answer") == 1

    await app.press(head, first_copy.callback_data("Ответить"))  # a later answer is a new one
    await app.say(head, "Дополню: счёт на почте")
    assert "Дополню: счёт на почте" in app.last_to(CLIENT)
    assert len(edits_to(app, head)) == 1
    assert edits_to(app, second) == []


async def test_a_photo_request_goes_to_every_head_and_the_other_caption_is_edited(
    app: TestApp,
) -> None:
    await registered_client(app, manager=False)
    await app.add_person(SECOND_HEAD, Role.HEAD, "sales")
    photo = [{"file_id": "photo-5", "file_unique_id": "u5", "width": 10, "height": 10}]
    await app.say(CLIENT, None, photo=photo, caption="брак")
    for who in (app.people.head, SECOND_HEAD):
        assert last(app, who, "SendPhoto").request.photo == "photo-5"
    await app.press(SECOND_HEAD, last(app, SECOND_HEAD, "SendPhoto").callback_data("Ответить"))
    await app.say(SECOND_HEAD, "Заменим")
    assert "Заменим" in app.last_to(CLIENT)
    assert app.telegram.of("EditMessageText") == []  # a photo's text is its caption
    head_id = app.people.head.tg_user_id
    [edit] = [c for c in app.telegram.of("EditMessageCaption") if c.chat_id == head_id]
    assert edit.message_id == last(app, app.people.head, "SendPhoto").message_id
    assert "взял(а)" in (edit.text or "")
    assert edit.request.caption == edit.text
