from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import ClientCb, ControlDateCb, LogCb, MergeCb, NewClientCb
from storage.models import Counterparty, Interaction
from tests.builders import Person
from tests.harness import TestApp

OTHER_MANAGER = Person(900010, "Павел", "Кудрявцев")
CLIENT = Person(900050, "Елена", "Захарова")
CSV = (
    "id,name,inn,kpp,category,city,address,phones,emails,contacts,deferral_days,manager,"
    "docs_per_month\n"
    "CP-1,ООО «Ромашка»,3528972289,352801001,дилер,Череповец,,89218662011,,,14,,3\n"
    "CP-2,ООО «Плохой»,3528972288,,,Вологда,,,,,,,\n"
)


async def romashka(app: TestApp) -> int:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    return await app.add_counterparty(
        "ООО «Ромашка»",
        inn="3528972289",
        phones=["89218662011"],
        city="Череповец",
        manager=app.people.manager,
    )


async def interactions(app: TestApp) -> list[Interaction]:
    rows = await app.read(lambda uow: uow.session.scalars(select(Interaction)))
    return list(rows)


def last_sent(app: TestApp, who: Person) -> Any:
    return app.telegram.sent_to(who.tg_user_id)[-1]


async def test_find_by_phone_opens_the_card_with_phone_as_text(app: TestApp) -> None:
    await romashka(app)
    await app.say(app.people.manager, "/find 8 (921) 866-20-11")
    card = last_sent(app, app.people.manager)
    assert "🏢 ООО «Ромашка»" in (card.text or "")
    assert "+79218662011" in (card.text or "")
    assert "ИНН 3528972289" in (card.text or "")
    assert "Контактов пока не было" in (card.text or "")
    assert card.buttons == [
        "📝 Записать контакт",
        "➕ Новая заявка",
        "❓ Запрос в отдел",
        "📞 Позвонить",
        "✏️ Изменить",
    ]
    urls = [b.url for row in card.request.reply_markup.inline_keyboard for b in row]
    assert urls == [None] * 5  # tel: links are not allowed in buttons: «Позвонить» sends contacts


async def test_find_with_several_results_lists_buttons(app: TestApp) -> None:
    await romashka(app)
    await app.add_counterparty("ООО «Ромашка-Плюс»", city="Вологда")
    await app.say(app.people.manager, "/find ромашка")
    listing = last_sent(app, app.people.manager)
    assert "Нашёл (2)" in (listing.text or "")
    assert listing.buttons == [
        "ООО «Ромашка» (Череповец, 3528972289)",
        "ООО «Ромашка-Плюс» (Вологда)",
    ]


async def test_find_nothing_and_empty_query_are_explained(app: TestApp) -> None:
    await romashka(app)
    await app.say(app.people.manager, "/find ёжик")
    assert "никого не нашёл" in app.last_to(app.people.manager)
    await app.say(app.people.manager, "/find")
    assert "Формат: /find" in app.last_to(app.people.manager)


async def test_contact_is_logged_in_three_taps_and_a_line(app: TestApp) -> None:
    cp_id = await romashka(app)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="log", cp=cp_id).pack())
    assert "какой был контакт" in app.last_to(manager)
    await app.press(manager, LogCb(cp=cp_id, form="call_out").pack())
    assert "Чем закончился" in app.last_to(manager)
    await app.press(manager, LogCb(cp=cp_id, form="call_out", outcome="agreed").pack())
    await app.say(manager, "костюмы на зиму; пришлют заявку; позвонить после КП")
    picker = last_sent(app, manager)
    assert "Завтра, 24.11" in picker.buttons
    await app.press(manager, picker.callback_data("Завтра"))
    assert any("Записал контакт с «ООО «Ромашка»». Контрольный срок — 24.11.2026" in a
               for a in app.alerts())  # fmt: skip
    [logged] = await interactions(app)
    assert (logged.form, logged.outcome, logged.topic, logged.next_step) == (
        "call_out",
        "agreed",
        "костюмы на зиму",
        "позвонить после КП",
    )
    assert logged.control_on.isoformat() == "2026-11-24"  # type: ignore[union-attr]
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    card = app.last_to(manager)
    assert "Следующий шаг: позвонить после КП — до 24.11.2026" in card
    assert "исходящий звонок · Ирина Лебедева · договорились: костюмы на зиму" in card


async def test_typed_control_date_is_checked(app: TestApp) -> None:
    cp_id = await romashka(app)
    manager = app.people.manager
    await app.press(manager, LogCb(cp=cp_id, form="meeting", outcome="thinking").pack())
    await app.say(manager, "образцы")
    await app.press(manager, ControlDateCb(on="type").pack())
    await app.say(manager, "20.11.2026")
    assert "уже прошла" in app.last_to(manager)
    await app.say(manager, "через пару дней")
    assert "Не понял дату" in app.last_to(manager)
    assert await interactions(app) == []
    await app.say(manager, "01.12")
    assert "Контрольный срок — 01.12.2026" in app.last_to(manager)
    assert len(await interactions(app)) == 1


async def test_client_pressing_staff_buttons_gets_an_alert_and_nothing_changes(
    app: TestApp,
) -> None:
    cp_id = await romashka(app)
    await app.add_person(CLIENT, Role.CLIENT)
    for data in (
        ClientCb(action="open", cp=cp_id).pack(),
        ClientCb(action="edit", cp=cp_id).pack(),
        LogCb(cp=cp_id, form="call_out", outcome="agreed").pack(),
        MergeCb(keep=cp_id, drop=cp_id + 1, confirm=True).pack(),
    ):
        await app.press(CLIENT, data)
    assert app.alerts() == ["У вас нет прав на это действие."] * 4
    assert app.texts_to(CLIENT) == []
    assert await interactions(app) == []


async def test_manager_sees_another_managers_client_but_cannot_edit_it(app: TestApp) -> None:
    cp_id = await romashka(app)
    await app.add_person(OTHER_MANAGER, Role.MANAGER, "sales")
    await app.press(OTHER_MANAGER, ClientCb(action="open", cp=cp_id).pack())
    card = last_sent(app, OTHER_MANAGER)
    assert "Менеджер: Ирина Лебедева" in (card.text or "")
    assert "✏️ Изменить" not in card.buttons
    await app.press(OTHER_MANAGER, ClientCb(action="field", cp=cp_id, arg="city").pack())
    assert "Это клиент менеджера Ирина Лебедева" in app.alerts()[-1]
    await app.say(OTHER_MANAGER, "/help")
    assert "видны все клиенты; менять чужого — только руководитель" in app.last_to(OTHER_MANAGER)


async def test_edit_inn_says_which_rule_failed_and_keeps_asking(app: TestApp) -> None:
    cp_id = await romashka(app)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="field", cp=cp_id, arg="inn").pack())
    await app.say(manager, "12345")
    assert "нужно 10 цифр" in app.last_to(manager)
    await app.say(manager, "3525 844 426")
    assert "Сохранил" in app.texts_to(manager)[-2]
    card = await app.read(lambda uow: uow.counterparties.get(cp_id))
    assert card is not None
    assert card.inn == "3525844426"


async def test_new_client_shows_duplicates_then_creates_when_confirmed(app: TestApp) -> None:
    await romashka(app)
    manager = app.people.manager
    await app.say(manager, "/newclient")
    await app.say(manager, "Ромашка")
    await app.say(manager, "35289722")
    assert "нужно 10 цифр" in app.last_to(manager)
    await app.press(manager, NewClientCb(action="skip").pack())
    await app.say(manager, "Череповец")
    await app.say(manager, "+7 921 866-20-11")
    shown = last_sent(app, manager)
    assert "Похоже, такой клиент уже есть" in (shown.text or "")
    assert "тот же телефон" in (shown.text or "")
    assert shown.buttons[:2] == ["Это он: ООО «Ромашка»", "Нет, это новый клиент"]
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert list(names) == ["ООО «Ромашка»"]
    await app.press(manager, NewClientCb(action="new").pack())
    assert "Создал карточку «Ромашка»" in app.texts_to(manager)[-2]
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert set(names) == {"Ромашка", "ООО «Ромашка»"}


async def test_head_merges_two_cards_from_the_card(app: TestApp) -> None:
    keep = await romashka(app)
    drop = await app.add_counterparty("Ромашка Череповец", phones=["+79115550000"])
    await app.add_person(app.people.head, Role.HEAD, "sales")
    head = app.people.head
    await app.press(head, ClientCb(action="merge", cp=drop).pack())
    await app.say(head, "3528972289")
    await app.press(head, last_sent(app, head).callback_data("ООО «Ромашка»"))
    confirm = last_sent(app, head)
    assert "Объединить две карточки" in (confirm.text or "")
    await app.press(head, confirm.callback_data("Оставить «ООО «Ромашка»»"))
    assert any("объединена с «ООО «Ромашка»»" in a for a in app.alerts())
    assert await app.read(lambda uow: uow.counterparties.find(drop)) is None
    phones = await app.read(lambda uow: uow.counterparties.phones(keep))
    assert "+79115550000" in [p.e164 for p in phones]


async def test_today_lists_control_dates(app: TestApp) -> None:
    cp_id = await romashka(app)
    manager = app.people.manager
    await app.say(manager, "/today")
    assert "контрольных сроков нет" in app.last_to(manager)
    await app.press(manager, LogCb(cp=cp_id, form="call_in", outcome="call_back").pack())
    await app.say(manager, "счёт; ; перезвонить")
    await app.press(manager, last_sent(app, manager).callback_data("Завтра"))
    app.clock.advance(86400)
    await app.say(manager, "/today")
    plan = last_sent(app, manager)
    assert "ООО «Ромашка»: перезвонить" in (plan.text or "")
    assert plan.buttons == ["ООО «Ромашка»"]


# --- import and export in Telegram --------------------------------------------------------


def document(name: str, size: int) -> dict[str, Any]:
    return {"file_id": f"file-{name}", "file_unique_id": name, "file_name": name} | {
        "file_size": size
    }


@pytest.fixture
def downloads(app: TestApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The recording session serves no files: bot.download gets the test's CSV instead."""
    seen: list[str] = []

    async def download(file: Any, destination: io.BytesIO, **_: Any) -> io.BytesIO:
        seen.append(file.file_id)
        destination.write(CSV.encode("cp1251"))
        return destination

    monkeypatch.setattr(app.app.bot, "download", download)
    return seen


async def test_head_imports_a_csv_document_and_gets_a_report(
    app: TestApp, downloads: list[str]
) -> None:
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, None, document=document("clients.csv", len(CSV)))
    report = app.last_to(app.people.head)
    assert "создано 1, обновлено 0, дублей 0, отклонено 1" in report
    assert "Стр. 3: ООО «Плохой» — отклонён: ИНН не подходит: не сходится контрольная" in report
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert list(names) == ["ООО «Ромашка»"]
    assert downloads == ["file-clients.csv"]


async def test_hundred_megabyte_file_is_refused_without_download(
    app: TestApp, downloads: list[str]
) -> None:
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, "/import")
    await app.say(app.people.head, None, document=document("all.xlsx", 100 * 1024 * 1024))
    assert "Файл слишком большой: 100,0 МБ, можно до 5,0 МБ" in app.last_to(app.people.head)
    assert downloads == []


async def test_export_sends_an_xlsx(app: TestApp) -> None:
    await romashka(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await app.say(app.people.head, "/export")
    [sent] = app.telegram.sent_to(app.people.head.tg_user_id, "SendDocument")
    assert sent.request.document.filename == "counterparties.xlsx"
    assert "Выгрузка контрагентов: 1" in (sent.text or "")


async def test_a_card_button_with_an_unknown_action_is_told_stale(app: TestApp) -> None:
    cp_id = await romashka(app)
    await app.press(app.people.manager, f"k1:forward:{cp_id}:")
    assert app.alerts()[-1] == "Это действие сейчас недоступно: статус уже изменился."
    assert app.telegram.sent_to(app.people.manager.tg_user_id) == []
