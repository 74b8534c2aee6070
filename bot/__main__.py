"""`python -m bot` starts the bot; `python -m bot backup FILE` copies the SQLite database."""

from __future__ import annotations

import asyncio
import signal
import sys

import structlog

from bot.app import build_app
from bot.backup import BackupError, backup_sqlite
from bot.config import Settings, SettingsError, load_settings
from bot.domain.company import CompanyConfigError, TimezoneConflict, default_company_path
from bot.telegram.runmodes import AnotherInstanceRunning
from storage import migrate

EXIT_BAD_SETTINGS = 2
EXIT_CONFLICT = 3
USAGE = "usage: python -m bot [backup FILE]"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)  # noqa: T201
        return EXIT_BAD_SETTINGS
    if args[:1] == ["backup"] and len(args) == 2:  # noqa: PLR2004
        try:
            backup_sqlite(settings.database_url, args[1])
        except BackupError as exc:
            print(f"backup failed: {exc}", file=sys.stderr)  # noqa: T201
            return 1
        print(f"backup written to {args[1]}")  # noqa: T201
        return 0
    if args:
        print(USAGE, file=sys.stderr)  # noqa: T201
        return EXIT_BAD_SETTINGS
    return asyncio.run(serve(settings))


async def serve(settings: Settings) -> int:
    try:
        app = build_app(settings)
    except TimezoneConflict as exc:
        print(f"configuration error: {exc}", file=sys.stderr)  # noqa: T201
        return EXIT_BAD_SETTINGS
    except (CompanyConfigError, OSError) as exc:
        path = settings.company_file or default_company_path()
        problem = " ".join(str(exc).split())  # one line, whatever the parser said
        print(f"configuration error: COMPANY_FILE {path}: {problem}", file=sys.stderr)  # noqa: T201
        return EXIT_BAD_SETTINGS
    log = structlog.get_logger()
    await migrate.upgrade(app.engine)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("bot_starting", mode=settings.bot_mode.value)
    try:
        await app.run(stop)
    except AnotherInstanceRunning as exc:
        log.error("another_instance_running", detail=str(exc))
        print(  # noqa: T201
            "another bot process is already polling with this token; stop it first "
            "(Telegram answered 409 Conflict)",
            file=sys.stderr,
        )
        return EXIT_CONFLICT
    log.info("bot_stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
