"""The card's buttons end to end in-process: call, logging a contact through the pickers,
merging a card that has an order, importing a table that is not one or repeats a client."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.roles import Role
from bot.views.callbacks import ClientCb
from storage.models import ContactPerson, Counterparty, Interaction, Order
from tests.handlers.test_clients import document, last_sent, romashka
from tests.harness import TestApp
from tests.orders_seed import seed_order


async def test_call_button_sends_the_numbers_as_contacts(app: TestApp) -> None:
    cp_id = await romashka(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    async with app.app.make_uow() as uow:
        uow.counterparties.add_person(
            ContactPerson(
                counterparty_id=cp_id,
                full_name="Захарова Елена",
                phone_e164="+79115550001",
                created_at=app.clock.now(),
            )
        )
        await uow.commit()
    manager = app.people.manager
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    card = last_sent(app, manager)
    assert "📞 Позвонить" in card.buttons
    await app.press(manager, card.callback_data("Позвонить"))
    sent = app.telegram.sent_to(manager.tg_user_id, "SendContact")
    assert [(c.request.phone_number, c.request.first_name, c.request.last_name) for c in sent] == [
        ("+79218662011", "ООО «Ромашка»", None),
        ("+79115550001", "Захарова Елена", "ООО «Ромашка»"),
    ]


async def test_card_without_phones_has_no_call_button_and_says_why(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    cp_id = await app.add_counterparty("ООО «Тишина»", manager=app.people.manager)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    assert "📞 Позвонить" not in last_sent(app, manager).buttons
    await app.press(manager, ClientCb(action="call", cp=cp_id).pack())
    assert app.alerts()[-1] == "В карточке нет ни одного телефона — добавьте его через «Изменить»."
    assert app.telegram.sent_to(manager.tg_user_id, "SendContact") == []


async def test_contacts_logged_through_the_pickers_build_the_timeline(app: TestApp) -> None:
    cp_id = await romashka(app)
    manager = app.people.manager
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    await app.press(manager, last_sent(app, manager).callback_data("Записать контакт"))
    forms = last_sent(app, manager)
    assert set(forms.buttons[:6]) == {
        "входящий звонок", "исходящий звонок", "встреча", "письмо", "мессенджер", "визит",
    }  # fmt: skip
    await app.press(manager, forms.callback_data("встреча"))
    await app.press(manager, last_sent(app, manager).callback_data("думает"))
    await app.say(manager, "образцы тканей; понравился серый; прислать КП")
    picker = last_sent(app, manager)
    assert [b for b in picker.buttons if "," in b] == [
        "Завтра, 24.11", "Через 3 раб. дня, 26.11", "Через неделю, 30.11",
    ]  # fmt: skip
    await app.press(manager, picker.callback_data("Ввести дату"))  # «pick» a date
    assert "Напишите дату" in app.last_to(manager)
    await app.say(manager, "2.12")
    assert app.last_to(manager) == (
        "Записал контакт с «ООО «Ромашка»». Контрольный срок — 02.12.2026."
    )

    app.clock.advance(3600)
    await app.press(manager, ClientCb(action="log", cp=cp_id).pack())
    await app.press(manager, last_sent(app, manager).callback_data("исходящий звонок"))
    await app.press(manager, last_sent(app, manager).callback_data("договорились"))
    await app.say(manager, "КП отправлено; ждут счёт")
    await app.press(manager, last_sent(app, manager).callback_data("Без срока"))
    assert "Записал контакт с «ООО «Ромашка»»." in app.alerts()[-1]

    rows = await app.read(
        lambda uow: uow.session.scalars(select(Interaction).order_by(Interaction.id))
    )
    logged = [(i.form, i.outcome, i.control_on, i.control_closed_at is not None) for i in rows]
    assert logged == [
        ("meeting", "thinking", date(2026, 12, 2), True),  # done with by the next contact
        ("call_out", "agreed", None, False),
    ]
    await app.press(manager, ClientCb(action="open", cp=cp_id).pack())
    card = app.last_to(manager)
    assert "Следующий шаг не запланирован." in card
    timeline = card[card.index("Последние контакты:") :]
    assert timeline.index("исходящий звонок") < timeline.index("встреча")  # newest first
    assert (
        "встреча · Ирина Лебедева · думает: образцы тканей — понравился серый → прислать КП"
        in (timeline)
    )


async def test_merge_moves_the_orders_and_the_kept_card_shows_them(app: TestApp) -> None:
    keep = await romashka(app)
    drop = await app.add_counterparty("Ромашка (Череповец)", manager=app.people.manager)
    seeded = await seed_order(app, counterparty_id=drop)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    head = app.people.head
    await app.press(head, ClientCb(action="merge", cp=keep).pack())
    await app.say(head, "Ромашка (Череповец)")
    await app.press(head, last_sent(app, head).callback_data("Ромашка (Череповец)"))
    await app.press(head, last_sent(app, head).callback_data("Оставить «ООО «Ромашка»»"))
    order = await app.read(lambda uow: uow.session.get(Order, seeded.order_id))
    assert order is not None
    assert order.counterparty_id == keep
    assert await app.read(lambda uow: uow.counterparties.find(drop)) is None
    card = app.last_to(head)
    assert card.startswith("🏢 ООО «Ромашка»")
    assert f"• №{seeded.number}: позиций 1" in card


# --- import in Telegram -------------------------------------------------------------------


@pytest.fixture
def served(app: TestApp, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What bot.download returns for a file id (the recording session serves no files)."""
    files: dict[str, bytes] = {}

    async def download(file: Any, destination: io.BytesIO, **_: Any) -> io.BytesIO:
        destination.write(files[file.file_id])
        return destination

    monkeypatch.setattr(app.app.bot, "download", download)
    return files


async def test_a_picture_named_csv_is_not_a_table(app: TestApp, served: dict[str, bytes]) -> None:
    await app.add_person(app.people.head, Role.HEAD, "sales")
    served["file-scan.csv"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    await app.say(app.people.head, None, document=document("scan.csv", 16))
    refused = app.last_to(app.people.head)
    assert "Не смог прочитать файл: он повреждён или это не таблица" in refused
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert list(names) == []


async def test_import_report_names_the_card_a_row_duplicates(
    app: TestApp, served: dict[str, bytes]
) -> None:
    await romashka(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    table = (
        "Наименование;ИНН;Город;Телефон\n"
        "Ромашка;;Череповец;8 921 866-20-11\n"
        "ООО «Василёк»;;Вологда;\n"
        "ООО «Ромашка»;3528972289;Череповец;\n"
    ).encode("cp1251")
    served["file-clients.csv"] = table
    await app.say(app.people.head, None, document=document("clients.csv", len(table)))
    report = app.last_to(app.people.head)
    assert "создано 1, обновлено 1, дублей 1, отклонено 0" in report
    assert "Стр. 2: Ромашка — дубль «ООО «Ромашка»», не создан" in report
    assert "Стр. 3: ООО «Василёк» — создан" in report
    assert "Стр. 4: ООО «Ромашка» — обновлён" in report
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert sorted(names) == ["ООО «Василёк»", "ООО «Ромашка»"]


async def test_unparseable_phone_is_explained_and_asked_again(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    manager = app.people.manager
    await app.say(manager, "/newclient")
    await app.say(manager, "ООО «Клён»")
    await app.press(manager, last_sent(app, manager).callback_data("Без ИНН"))
    await app.press(manager, last_sent(app, manager).callback_data("Пропустить"))
    await app.say(manager, "12-34")
    assert app.last_to(manager).startswith("Не разобрал номер телефона")
    assert await app.read(lambda uow: uow.counterparties.all()) == []
    await app.say(manager, "8 (8172) 75-43-21 доб. 5")
    assert "Создал карточку «ООО «Клён»»" in app.texts_to(manager)[-2]
    [card] = await app.read(lambda uow: uow.counterparties.all())
    phones = await app.read(lambda uow: uow.counterparties.phones(card.id))
    assert [(p.e164, p.extension) for p in phones] == [("+78172754321", "5")]
