from __future__ import annotations

import pytest

from bot.domain.claims.rules import (
    MAX_FILES,
    AttachmentKind,
    FileRef,
    check_description,
    check_file,
    department_for,
    format_number,
    set_numbers,
)
from bot.domain.company import default_company_path, load_company
from bot.domain.errors import InvalidInput

CLAIMS = load_company(default_company_path()).claims


def ref(group: str | None = None, size: int | None = 1000) -> FileRef:
    return FileRef(AttachmentKind.PHOTO, "f", None, None, size, group)


def test_the_number_follows_the_company_file() -> None:
    assert format_number(CLAIMS, 2026, 42) == "П-2026-00042"


def test_an_album_is_one_set_any_other_file_its_own() -> None:
    files = [ref("a"), ref("a"), ref(), ref("b"), ref("a"), ref("b")]
    assert set_numbers(files) == [1, 1, 2, 3, 1, 3]
    assert set_numbers([ref(), ref("c")], first=4) == [4, 5]


@pytest.mark.parametrize(
    ("category", "in_house", "department"),
    [
        ("defect", False, "supply"),
        ("defect", True, "workshop"),
        ("size_fit", True, "workshop"),
        ("mis_sort", True, "warehouse"),
        ("logo", False, "logo"),
        ("late_delivery", False, "delivery"),
        ("other", False, "sales"),
    ],
)
def test_the_department_follows_the_kind(category: str, in_house: bool, department: str) -> None:
    assert department_for(CLAIMS, category, in_house=in_house) == department


def test_kinds_the_client_picks_from() -> None:
    assert [c.label for c in CLAIMS.categories] == [
        "брак", "пересорт", "недовложение", "не тот размер", "маломерит/большемерит",
        "задержка доставки", "нанесение логотипа", "другое",
    ]  # fmt: skip


def test_bad_files_and_descriptions() -> None:
    with pytest.raises(InvalidInput, match="claim-file-too-big"):
        check_file(ref(size=25 * 1024 * 1024), 0)
    with pytest.raises(InvalidInput, match="claim-too-many-files"):
        check_file(ref(), MAX_FILES)
    check_file(ref(size=None), MAX_FILES - 1)
    with pytest.raises(InvalidInput, match="claim-description-empty"):
        check_description("  \n ")
    assert check_description("  шов  ") == "шов"
