"""User-facing texts from Fluent files in bot/locales/<locale>/.

Fluent refuses a whole message when one placeable is longer than 2,500 characters (its guard
against expansion), so a long user text (a request, an answer, a note) would be dropped. Long
string values are put in after formatting instead: Fluent sees a short stand-in. A message
that still fails to render is never silent: it is logged, and the best text Fluent could
make (the message with the failed placeables named) is used.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import structlog
from fluent.runtime import FluentBundle, FluentResource
from fluent.runtime.types import fluent_number

LOCALES_DIR = Path(__file__).parent / "locales"
FLUENT_PART_LIMIT = 2500  # fluent.runtime's MAX_PART_LENGTH: a longer placeable fails
LONG_VALUE = 200  # string values longer than this are put in after formatting

log = structlog.get_logger()


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
        args, long_values = _fluent_args(params)
        text, errors = self._bundle.format_pattern(message.value, args)
        text = str(text)
        for stand_in, value in long_values.items():
            text = text.replace(stand_in, value)
        if errors:
            log.error("text_render_failed", key=key, errors=[str(e) for e in errors][:3])
        return text

    def __call__(self, key: str, /, **params: Any) -> str:
        return self.get(key, **params)


def _fluent_args(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Numbers stay numbers (plural rules need them) but are never grouped: 2026, not 2 026.
    Long strings are replaced by stand-ins (returned with their values, to put back)."""
    args: dict[str, Any] = {}
    long_values: dict[str, str] = {}
    for k, v in params.items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            args[k] = fluent_number(v, useGrouping=False)
            continue
        value = v if isinstance(v, str) else str(v)
        if len(value) > LONG_VALUE:
            stand_in = f"\u2063{secrets.token_hex(6)}\u2063"  # invisible separators
            long_values[stand_in] = value
            value = stand_in
        args[k] = value
    return args, long_values
