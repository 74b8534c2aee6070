"""All routers, in the order they see an update."""

from __future__ import annotations

from aiogram import Router

from handlers import cancel, departments, errors, fallback, outbox, staff, start


def build_routers() -> list[Router]:
    return [
        errors.build_router(),  # errors only: sees no messages
        cancel.build_router(),  # first: /cancel leaves any dialogue, whatever its state
        start.build_router(),
        staff.build_router(),
        departments.build_router(),
        outbox.build_router(),
        # clients feature routers (below this line)
        # orders feature routers (below this line)
        fallback.build_router(),  # last: whatever nobody else took
    ]
