"""Views the sender renders outbox rows with, by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.texts import Texts
from bot.views import departments, people
from bot.views.rendered import Rendered

View = Callable[[Texts, dict[str, Any]], Rendered]

VIEWS: dict[str, View] = {
    "inviter_told_registered": people.inviter_told_registered,
    "user_role_changed": people.user_role_changed,
    "user_deactivated": people.user_deactivated,
    "admin_binding_lost": departments.admin_binding_lost,
    # clients feature views (below this line)
    # orders feature views (below this line)
}


def render(texts: Texts, view: str, params: dict[str, Any]) -> Rendered:
    try:
        return VIEWS[view](texts, params)
    except KeyError as exc:
        raise LookupError(f"no view {view!r} or a missing parameter: {exc}") from exc
