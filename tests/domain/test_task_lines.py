"""A task's lines and what its steps noted, typed (TaskLines), and the JSON of `tasks.details`
they are stored as: rows written before the type existed read the same."""

from __future__ import annotations

from datetime import date

from bot.domain.tasks.lines import Attachment, TaskLines, order_attachments, planned_lines

# `tasks.details` as rows written before TaskLines held it (JSON keys are strings).
OLD_WAREHOUSE_ROW = {
    "routed": ["warehouse"],
    "attachments": [
        {"file_id": "logo-layout", "kind": "photo", "who": "Ирина Лебедева"},
        {"file_id": "spec", "kind": "document", "who": "Ирина Лебедева", "note": "размеры"},
    ],
    "qty": {"11": 7, "12": 5},
    "work": {"11": ["stock", "procure"], "12": ["stock", "logo"]},
    "short": {"11": 3},
}
OLD_SUPPLY_ROW = {
    "routed": ["supply"],
    "attachments": [],
    "qty": {"11": 3},
    "work": {"11": ["procure"]},
    "expected_on": "2026-11-27",
    "for_warehouse": [11],
}
OLD_DELIVERY_ROW = {
    "routed": ["delivery"],
    "attachments": [],
    "qty": {"11": 10},
    "work": {},
    "tracking": "ПЭК 1234-5678",
    "photos": ["ph-1", "ph-2"],
}


def test_an_old_warehouse_row_reads_its_lines_files_and_shortage() -> None:
    lines = TaskLines.from_json(OLD_WAREHOUSE_ROW)
    assert lines.qty == {11: 7, 12: 5}
    assert lines.work == {11: ("stock", "procure"), 12: ("stock", "logo")}
    assert lines.short == {11: 3}
    assert lines.routed == ("warehouse",)
    assert lines.attachments == (
        Attachment("logo-layout", "photo", "Ирина Лебедева"),
        Attachment("spec", "document", "Ирина Лебедева", "размеры"),
    )
    assert lines.position_ids == [11, 12]
    assert (lines.expected_on, lines.tracking, lines.photos) == (None, "", ())


def test_an_old_supply_row_reads_its_expected_date_and_the_warehouse_positions() -> None:
    lines = TaskLines.from_json(OLD_SUPPLY_ROW)
    assert lines.expected_on == date(2026, 11, 27)
    assert lines.for_warehouse == (11,)
    assert lines.short == {}


def test_an_old_delivery_row_reads_its_tracking_and_photos() -> None:
    lines = TaskLines.from_json(OLD_DELIVERY_ROW)
    assert lines.tracking == "ПЭК 1234-5678"
    assert lines.photos == ("ph-1", "ph-2")
    assert lines.work == {}


def test_an_empty_row_has_no_lines() -> None:
    assert TaskLines.from_json({}) == TaskLines()


def test_rows_written_back_read_the_same_and_keep_the_stored_format() -> None:
    for row in (OLD_WAREHOUSE_ROW, OLD_SUPPLY_ROW, OLD_DELIVERY_ROW):
        lines = TaskLines.from_json(row)
        written = lines.to_json()
        assert TaskLines.from_json(written) == lines
        assert {k: v for k, v in row.items() if v} == written  # empty values are left out


def test_a_shortage_is_noted_per_position_and_zero_is_not_missing() -> None:
    lines = TaskLines.from_json(OLD_WAREHOUSE_ROW).missing({12: 2, 11: 0})
    assert lines.short == {12: 2}
    assert lines.qty == {11: 7, 12: 5}  # what the task works on stays


def test_supply_not_yet_ordered_takes_on_what_the_warehouse_lacks() -> None:
    lines = TaskLines.from_json(OLD_SUPPLY_ROW).plus_missing({11: 2, 12: 4})
    assert lines.qty == {11: 5, 12: 4}
    assert lines.work == {11: ("procure",), 12: ("procure",)}
    assert lines.for_warehouse == (11, 12)
    assert lines.position_ids == [11, 12]


def test_goods_from_supply_make_the_warehouse_lines_whole() -> None:
    warehouse = TaskLines.from_json(OLD_WAREHOUSE_ROW)  # 11: 7 of 10 (3 missing), 12: 5
    arrived = {11: 3, 12: 1, 13: 4}
    lines = warehouse.restocked(arrived, ordered={11: 10, 12: 5, 13: 4})
    assert lines.short == {}  # line 11 lacked 3: whole again, its quantity stays
    assert lines.qty == {11: 7, 12: 5, 13: 4}  # 12 is capped at the order; 13 is new
    assert lines.work[13] == ("stock",)
    assert lines.work[12] == ("logo", "stock")


def test_goods_for_a_line_collected_in_part_add_to_it() -> None:
    warehouse = TaskLines(qty={11: 7}, work={11: ("stock", "procure")})
    lines = warehouse.restocked({11: 3}, ordered={11: 10})
    assert lines.qty == {11: 10}


def test_a_changed_position_is_reshared_or_dropped_with_its_shortage() -> None:
    warehouse = TaskLines.from_json(OLD_WAREHOUSE_ROW)
    assert warehouse.reshared(12, 8).qty == {11: 7, 12: 8}
    dropped = warehouse.reshared(11, 0)
    assert dropped.qty == {12: 5}
    assert 11 not in dropped.work
    assert dropped.short == {}
    assert dropped.position_ids == [12]


def test_steps_note_the_expected_date_tracking_files_and_photos() -> None:
    lines = TaskLines().expected(date(2026, 12, 1)).tracked("CDEK-1")
    assert lines.to_json() == {"expected_on": "2026-12-01", "tracking": "CDEK-1"}
    files = TaskLines()
    for n in range(4):
        files = files.attached(Attachment(f"f{n}", "document"), keep=3)
        files = files.photographed(f"p{n}", keep=2)
    assert [a.file_id for a in files.attachments] == ["f1", "f2", "f3"]  # the newest kept
    assert files.photos == ("p2", "p3")


def test_who_may_work_on_a_task_includes_the_departments_routed_to_it() -> None:
    lines = TaskLines(routed=("logo",))
    assert lines.departments("workshop") == {"workshop", "logo"}


def test_a_task_made_later_gets_each_file_of_the_order_once() -> None:
    spec = Attachment("spec", "document", "Ирина")
    first = TaskLines(attachments=(spec,))
    second = TaskLines(attachments=(spec, Attachment("logo", "photo")))
    files = order_attachments([first, second])
    lines = planned_lines({5: 2}, {5: ["procure"]}, ["supply"], files)
    assert [a.file_id for a in lines.attachments] == ["spec", "logo"]
    assert lines.to_json()["work"] == {"5": ["procure"]}
    assert lines.to_json()["routed"] == ["supply"]
