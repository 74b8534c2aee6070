"""User-facing texts from Fluent files in bot/locales/<locale>/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

LOCALES_DIR = Path(__file__).parent / "locales"


class Texts:
    def __init__(self, bundle: FluentBundle, locale: str) -> None:
        self._bundle = bundle
        self.locale = locale

    @classmethod
    def load(cls, locale: str = "ru") -> Texts:
        folder = LOCALES_DIR / locale
        if not folder.is_dir():
            raise ValueError(f"no locale folder {folder}")
        bundle = FluentBundle([locale], use_isolating=False)
        for path in sorted(folder.glob("*.ftl")):
            bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        return cls(bundle, locale)

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def get(self, key: str, /, **params: Any) -> str:
        if not self._bundle.has_message(key):
            raise KeyError(f"no text {key!r} in locale {self.locale}")
        message = self._bundle.get_message(key)
        assert message.value is not None, key
        text, errors = self._bundle.format_pattern(message.value, _fluent_args(params))
        if errors:
            raise ValueError(f"text {key!r}: {errors[0]}")
        return str(text)

    def __call__(self, key: str, /, **params: Any) -> str:
        return self.get(key, **params)


def _fluent_args(params: dict[str, Any]) -> dict[str, Any]:
    """Numbers stay numbers (plural rules need them) but are never grouped: 2026, not 2 026."""
    return {
        k: fluent_number(v, useGrouping=False)
        if isinstance(v, int | float) and not isinstance(v, bool)
        else v
        if isinstance(v, str)
        else str(v)
        for k, v in params.items()
    }
