"""A model's breakdown: the entries its text gives, with what is said once for all of them.

`read_breakdown` runs the `entries` reader, then applies what applies to every entry: a height
said once after a list of sizes («48 50 и 52 54 рост 3», «…по 2 шт каждого, рост 164»), a size
and height said before a colour list («52-54/182-188: серые — 5, синие — 5»), a colour said once
(«…, цвет хаки»), the sizes carried by «того же», a bare quantity after copied sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.domain.orders.entries import Entry, Reader
from bot.domain.orders.sizes import SizeStyle, Sizing
from bot.domain.orders.tokens import Token


@dataclass(frozen=True, slots=True)
class Breakdown:
    entries: tuple[Entry, ...]
    default_colour: int  # a colour said once for the whole model, or -1
    copies_previous: bool
    copies_qty: bool
    copies_colour: bool = False  # «такие же», «того же цвета»: the colour of the model before


def read_breakdown(
    tokens: list[Token],
    sizing: Sizing,
    *,
    pre_qty: int | None = None,
    previous: Sequence[Entry] = (),
) -> Breakdown:
    reader = Reader(tokens, sizing, pre_qty, previous)
    reader.read()
    entries = _inherit(list(reader.entries), reader.inherit_from)
    if sizing.style is SizeStyle.PAIRED:
        _carry_size(entries)
    if reader.copies:
        entries = _spread_qty(entries)
    group_height = reader.group_height
    last = entries[-1] if entries else None
    if (
        last is not None
        and len(entries) > 1
        and last.height
        and last.size is None
        and last.qty is None
    ):
        entries.pop()  # "…по 2 шт каждого, рост 164": one height for all
        group_height = last.height
    if (
        last is not None
        and len(entries) > 1
        and last.height
        and all(e.height is None and e.qty is None and e.size for e in entries[:-1])
    ):
        group_height = last.height  # «48 50 и 52 54 рост 3»: one height for the listed sizes
    if group_height is not None or reader.group_size is not None:
        if not entries:
            entries.append(Entry())
        for e in entries:
            e.height = e.height or group_height
            e.size = e.size or reader.group_size
    default = -1
    bare = [e for e in entries if e.size is None and e.height is None and e.qty is None]
    if bare:
        default = bare[0].colour
        entries = [e for e in entries if all(e is not b for b in bare)]
    distinct = {e.colour for e in entries if e.colour >= 0}
    if len(distinct) == 1 and default < 0:
        default = next(iter(distinct))
    if default < 0 and distinct:
        carried = -1
        for e in entries:
            if e.colour >= 0:
                carried = e.colour
            elif carried >= 0:
                e.colour = carried
    return Breakdown(
        tuple(entries), default, reader.copies, reader.copies_qty, reader.copies_colour
    )


def _carry_size(entries: list[Entry]) -> None:
    """«52 54 третьего роста 8 штук и четвёртого роста 4 штуки»: a height and a quantity with no
    size of their own take the size just before (marked, so the preview shows it as assumed)."""
    for prev, e in pairwise(entries):
        if e.size is None and e.height and e.qty is not None and prev.size and prev.height:
            e.size, e.is_size_carried = prev.size, True


def _inherit(entries: list[Entry], start: int | None) -> list[Entry]:
    """«ещё 5 того же 4 рост»: entries after a bare «того же» take the size and height before."""
    if start is None or start == 0 or start > len(entries):
        return entries
    base = entries[start - 1]
    for e in entries[start:]:
        e.size = e.size or base.size
        e.height = e.height or base.height
    return entries


def _spread_qty(entries: list[Entry]) -> list[Entry]:
    """«такие же 2»: a bare quantity after copied sizes is each copied size's quantity."""
    if len(entries) < 2:  # noqa: PLR2004
        return entries
    last = entries[-1]
    if last.size is None and last.height is None and last.qty is not None:
        copied = entries[:-1]
        if all(e.qty is None for e in copied):
            for e in copied:
                e.qty, e.unit, e.colour = (
                    last.qty,
                    last.unit,
                    (e.colour if e.colour >= 0 else last.colour),
                )
            return copied
    return entries
