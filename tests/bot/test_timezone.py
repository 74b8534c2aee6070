"""One time zone: the company file's, or TIMEZONE for a file without one; both set and
different refuses the start. The calendar, order dates and what people see use the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.domain.company import CompanyConfigError, default_company_path, parse_company
from bot.services.orders import routing
from tests.fakes.clock import FakeClock
from tests.harness import TestApp

GOOD = "123456:TEST-token-0123456789abcdef"
ROOT = Path(__file__).resolve().parents[2]


def company_file(tmp_path: Path, company: str | None, working_time: str | None) -> Path:
    """The packaged company.yaml with its two zone fields set as given (None: left out)."""
    data: dict[str, Any] = yaml.safe_load(default_company_path().read_text(encoding="utf-8"))
    for section, zone in (("company", company), ("working_time", working_time)):
        data[section].pop("timezone", None)
        if zone is not None:
            data[section]["timezone"] = zone
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def zones_in_use(app: TestApp) -> set[str]:
    """What the calendar, order dates, views and the services' cards each go by."""
    stored = await app.read(routing.zone_name)
    a = app.app
    return {a.company.timezone, str(a.calendar.zone), str(a.settings.zone), stored}


@pytest.mark.parametrize(
    ("in_file", "environment", "expected"),
    [
        ("Asia/Yekaterinburg", None, "Asia/Yekaterinburg"),  # the company file's
        (None, "Asia/Yekaterinburg", "Asia/Yekaterinburg"),  # a file without one: TIMEZONE
        ("Asia/Yekaterinburg", "Asia/Yekaterinburg", "Asia/Yekaterinburg"),  # both, alike
        (None, None, "Europe/Moscow"),
    ],
)
async def test_one_zone_is_used_for_the_calendar_order_dates_and_display(
    tmp_path: Path,
    database_url: str,
    clock: FakeClock,
    in_file: str | None,
    environment: str | None,
    expected: str,
) -> None:
    path = company_file(tmp_path, in_file, None)
    settings: dict[str, Any] = {"company_file": str(path)}
    if environment is not None:
        settings["timezone"] = environment
    app = await TestApp.start(database_url, clock, **settings)
    try:
        assert await zones_in_use(app) == {expected}
        assert app.app.calendar.zone == ZoneInfo(expected)
    finally:
        await app.close()


def test_a_company_file_whose_two_zone_fields_disagree_is_refused(tmp_path: Path) -> None:
    path = company_file(tmp_path, "Europe/Moscow", "Asia/Tokyo")
    with pytest.raises(CompanyConfigError, match=r"Europe/Moscow.*Asia/Tokyo.*disagree"):
        parse_company(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_an_old_company_file_naming_the_zone_only_in_working_time_is_read(
    tmp_path: Path,
) -> None:
    path = company_file(tmp_path, None, "Asia/Omsk")
    company = parse_company(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert company.timezone == "Asia/Omsk"
    assert company.working_time["timezone"] == "Asia/Omsk"


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_is_refused_when_timezone_and_the_company_file_disagree(tmp_path: Path) -> None:
    path = company_file(tmp_path, "Europe/Moscow", None)
    result = run_bot(tmp_path, TIMEZONE="Asia/Tokyo", COMPANY_FILE=str(path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: TIMEZONE=Asia/Tokyo but the company file says timezone "
        "Europe/Moscow: set the zone in one place, or the same in both"
    ]
    assert not (tmp_path / "data").exists()  # refused before touching the database
