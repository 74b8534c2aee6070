"""/routing: which department gets which kind of order work, and the admin's buttons."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.orders.routing import BACK_TO_DEFAULT, NO_DEPARTMENT, RouteChoices, RouteLine
from bot.texts import Texts
from bot.views.callbacks import RouteCb
from bot.views.rendered import Rendered, button, keyboard
from bot.views.tasks import label


def _kind(texts: Texts, kind: str) -> str:
    return label(texts, "routing-kind", kind)


def _department(texts: Texts, title: str | None) -> str:
    return title or texts("routing-none")


def routing_table(texts: Texts, lines: Sequence[RouteLine]) -> Rendered:
    out = [texts("routing-title")]
    rows = []
    for line in lines:
        out.append(
            texts(
                "routing-line",
                kind=_kind(texts, line.kind),
                department=_department(texts, line.department),
                default="yes" if line.is_default else "no",
                default_department=_department(texts, line.default_department),
            )
        )
        rows.append([button(_kind(texts, line.kind), RouteCb(kind=line.kind).pack())])
    out.append(texts("routing-hint"))
    return Rendered("\n".join(out), keyboard(rows))


def route_choices(texts: Texts, choices: RouteChoices) -> Rendered:
    rows = [
        [button(d.title, RouteCb(kind=choices.kind, dept=d.id).pack())]
        for d in choices.departments
    ]
    if choices.may_be_none:
        rows.append(
            [
                button(
                    texts("routing-button-none"),
                    RouteCb(kind=choices.kind, dept=NO_DEPARTMENT).pack(),
                )
            ]
        )
    rows.append(
        [
            button(
                texts("routing-button-default", department=_department(texts, choices.default)),
                RouteCb(kind=choices.kind, dept=BACK_TO_DEFAULT).pack(),
            )
        ]
    )
    rows.append([button(texts("routing-button-back"), RouteCb(kind="").pack())])
    text = texts(
        "routing-pick",
        kind=_kind(texts, choices.kind),
        department=_department(texts, choices.current),
    )
    return Rendered(text, keyboard(rows))


def route_changed(texts: Texts, line: RouteLine) -> str:
    return texts(
        "routing-changed",
        kind=_kind(texts, line.kind),
        department=_department(texts, line.department),
    )
