from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.domain.counterparties.fields import Category, PersonEntry, parse_category, parse_people
from bot.domain.counterparties.table import map_header, parse_record, read_table
from bot.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("header", "column"),
    [("Наименование", "name"), ("ИНН", "inn"), ("E-mail", "emails"), ("Эл. почта", "emails"),
     ("Отсрочка, дней", "deferral_days"), ("deferral_days", "deferral_days"),
     ("Ответственный", "manager"), ("Примечание", None)],
)  # fmt: skip
def test_headers_map_to_columns(header: str, column: str | None) -> None:
    assert map_header(header) == column


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_encodings_excel_writes_are_read(encoding: str) -> None:
    text = "Наименование;ИНН;Город\nООО «Ёлка»;3528972289;Вологда\n"
    table = read_table("x.csv", text.encode(encoding))
    [row] = table.rows
    assert row.values["name"] == "ООО «Ёлка»"
    assert row.line == 2


def test_tab_separated_with_a_title_row_and_blank_lines() -> None:
    text = "Выгрузка от 23.11\n\nname\tinn\tcity\n\nООО «А»\t\tТверь\n"
    table = read_table("x.txt", text.encode())
    assert [(r.line, r.values["name"]) for r in table.rows] == [(5, "ООО «А»")]


def test_xlsx_number_cells_become_digits() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Контрагент", "ИНН", "Отсрочка"])
    sheet.append(["ООО «А»", 3528972289.0, 30])
    buffer = io.BytesIO()
    book.save(buffer)
    [row] = read_table("x.xlsx", buffer.getvalue()).rows
    record = parse_record(row.values)
    assert (record.inn, record.deferral_days) == ("3528972289", 30)


def test_shared_counterparties_all_parse(data_dir: Path) -> None:
    table = read_table("c.csv", (data_dir / "counterparties.csv").read_bytes())
    records = [parse_record(r.values) for r in table.rows]
    assert len(records) == 80
    assert records[0].people == (PersonEntry("Захарова Елена Викторовна", "завхоз"),)


def test_people_and_categories() -> None:
    assert parse_people("Иванов И.И. (директор); Петрова Анна") == [
        PersonEntry("Иванов И.И.", "директор"),
        PersonEntry("Петрова Анна", None),
    ]
    assert parse_category("Бюджетная организация") is Category.BUDGET
    assert parse_category("") is Category.END_USER
    with pytest.raises(InvalidInput):
        parse_category("космонавты")
