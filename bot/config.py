"""Settings from the environment and `.env` (names are part of the stable interface)."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.domain.company import DEFAULT_TIMEZONE

DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/bot.sqlite3"
TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")
# Telegram's rule for secret_token (1-256 of these), at least 16 so it cannot be guessed
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class BotMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr
    telegram_api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    # The company's zone, when the company file names none (see bot/domain/company.py):
    # build_app settles it, and the settings it hands on carry the one zone.
    timezone: str | None = None
    bot_mode: BotMode = BotMode.POLLING
    webhook_url: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    locale: str = "ru"
    log_format: LogFormat = LogFormat.TEXT
    log_level: str = "INFO"
    company_file: Path | None = None
    catalog_file: Path | None = None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError("expected the form <digits>:<secret> as BotFather gives it")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "expected sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"
            ) from None
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(f"expected one of the drivers {', '.join(SUPPORTED_DRIVERS)}")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Europe/Moscow") from None
        return value

    @field_validator("catalog_file")
    @classmethod
    def _catalog_file(cls, value: Path | None) -> Path | None:
        if value is None:
            return None
        if value.suffix.lower() not in {".csv", ".xlsx"}:
            raise ValueError("expected a .csv or .xlsx file in the format of catalog.csv")
        if not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isascii() and p.isdigit() for p in parts):
                raise ValueError("expected comma-separated Telegram user ids, e.g. 123,456")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http(s) URL")
        return value.rstrip("/") if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        if not SECRET_RE.match(secret):
            raise ValueError("expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return SecretStr(secret)

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> Settings:
        if self.bot_mode is BotMode.WEBHOOK and not self.webhook_url:
            raise ValueError("WEBHOOK_URL: required when BOT_MODE=webhook")
        if self.bot_mode is BotMode.WEBHOOK and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_SECRET: required when BOT_MODE=webhook "
                "(a forged update would otherwise be taken for Telegram's)"
            )
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The company's zone (as build_app settled it with the company file)."""
        return ZoneInfo(self.timezone or DEFAULT_TIMEZONE)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None


def _one_line(exc: ValidationError) -> str:
    error = exc.errors()[0]
    loc = [str(p) for p in error.get("loc", ())]
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if not loc and ":" in message:
        return message
    name = loc[0].upper() if loc else "SETTINGS"
    if error.get("type") == "missing":
        hint = " (get a token from @BotFather)" if name == "BOT_TOKEN" else ""
        return f"{name}: required but not set{hint}"
    return f"{name}: {message}"
