from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import BotMode, SettingsError, load_settings

GOOD = "123456:TEST-token-0123456789abcdef"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "BOT_TOKEN",
        "DATABASE_URL",
        "TIMEZONE",
        "BOT_MODE",
        "WEBHOOK_URL",
        "ADMIN_IDS",
        "TELEGRAM_API_URL",
        "REDIS_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the repo


def test_defaults_with_only_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", GOOD)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.sqlite3"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.bot_mode is BotMode.POLLING
    assert (settings.webhook_host, settings.webhook_port) == ("0.0.0.0", 8080)
    assert settings.timezone is None  # the company file names the zone


def test_admin_ids_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", GOOD)
    monkeypatch.setenv("ADMIN_IDS", "11, 22,33")
    assert load_settings().admin_ids == frozenset({11, 22, 33})


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "BOT_TOKEN: required but not set (get a token from @BotFather)"),
        ({"BOT_TOKEN": "not-a-token"}, "BOT_TOKEN: expected the form <digits>:<secret>"),
        ({"BOT_TOKEN": GOOD, "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL: expected one of"),
        ({"BOT_TOKEN": GOOD, "DATABASE_URL": "::::"}, "DATABASE_URL: expected sqlite+aiosqlite"),
        ({"BOT_TOKEN": GOOD, "TIMEZONE": "Mars/Olympus"}, "TIMEZONE: expected an IANA time zone"),
        (
            {"BOT_TOKEN": GOOD, "BOT_MODE": "webhook"},
            "WEBHOOK_URL: required when BOT_MODE=webhook",
        ),
        (
            {"BOT_TOKEN": GOOD, "BOT_MODE": "webhook", "WEBHOOK_URL": "https://bot.example/tg"},
            "WEBHOOK_SECRET: required when BOT_MODE=webhook",
        ),
        (
            {
                "BOT_TOKEN": GOOD,
                "BOT_MODE": "webhook",
                "WEBHOOK_URL": "https://bot.example/tg",
                "WEBHOOK_SECRET": "short",
            },
            "WEBHOOK_SECRET: expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
        ),
        ({"BOT_TOKEN": GOOD, "BOT_MODE": "carrier-pigeon"}, "BOT_MODE:"),
        ({"BOT_TOKEN": GOOD, "ADMIN_IDS": "12,abc"}, "ADMIN_IDS: expected comma-separated"),
        ({"BOT_TOKEN": GOOD, "TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL: expected an http"),
    ],
)
def test_bad_setting_names_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


def test_bad_setting_stops_start_with_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD, "TIMEZONE": "Nowhere/City"}
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: TIMEZONE: expected an IANA time zone such as Europe/Moscow"
    ]


def test_webhook_without_a_secret_is_refused_with_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BOT_TOKEN": GOOD, "BOT_MODE": "webhook"}
    env |= {"WEBHOOK_URL": "https://bot.example/tg"}
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: WEBHOOK_SECRET: required when BOT_MODE=webhook "
        "(a forged update would otherwise be taken for Telegram's)"
    ]


COMPANY = (ROOT / "bot" / "data" / "company.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("company: [\n  name: x\n", "not valid YAML"),
        (COMPANY.replace("working_days_total: 247", "working_days_total: 250", 1),
         "calendar 2026: 247 working days, stated 250"),
        (COMPANY.replace("  start: ", "  begins: ", 1), "working_time"),
        (COMPANY.replace('"2026-01-05"', '"2026-13-05"', 1), "calendar"),
        ("- just\n- a list\n", "company.yaml"),
        (b"\xff\xfe".decode("latin-1"), ""),
    ],
    ids=["yaml", "working-days", "missing-key", "bad-date", "not-a-mapping", "not-utf8"],
)  # fmt: skip
async def test_bad_company_file_stops_start_with_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    from bot.__main__ import serve  # noqa: PLC0415

    path = tmp_path / "company.yaml"
    path.write_bytes(content.encode("latin-1" if content.startswith("\xff") else "utf-8"))
    settings = load_settings(bot_token=GOOD, company_file=path, _env_file=None)

    assert await serve(settings) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"configuration error: COMPANY_FILE {path}: ")
    assert problem in lines[0]
