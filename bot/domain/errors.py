"""Domain errors: a message key for the locale file plus parameters.

Services raise them; the edge (handlers/errors.py) turns the key into Russian text.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. ``key`` names a message in the locale files."""

    default_key = "error-generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or self.default_key
        self.params = params
        super().__init__(self.key, params)


class NotFound(DomainError):
    default_key = "error-not-found"


class Forbidden(DomainError):
    default_key = "error-forbidden"


class InvalidInput(DomainError):
    default_key = "error-invalid-input"


class InvalidTransition(DomainError):
    default_key = "error-invalid-transition"


class Conflict(DomainError):
    default_key = "error-conflict"


class TryAgain(Exception):
    """The database was busy (a concurrent writer won) or the connection died: nothing was
    written; handle the whole update again."""
