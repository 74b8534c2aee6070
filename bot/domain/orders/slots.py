"""Step 3 of the pipeline, read each slot: what is written for every position of a group.

For every group (`segments`) the text after its model is cut into tokens (`tokens`) and read
into entries — size, height, colour, quantity (`entries`) — with what carries over: the sizes
of the model before («те же размеры»), a total of another garment («по числу халатов»), the
colour said once for a model's lines («KR-201 … x3, KR-201 … x2, цвет т.син/васильк»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.catalog import Catalog, CatalogItem
from bot.domain.orders.breakdown import read_breakdown
from bot.domain.orders.colours import ColourSpan
from bot.domain.orders.entries import Entry
from bot.domain.orders.model_mentions import Mention
from bot.domain.orders.morphology import lemmas
from bot.domain.orders.segments import Group
from bot.domain.orders.sizes import SizeStyle, Sizing
from bot.domain.orders.tokens import tokenize

_COUNT_OF_RE = re.compile(
    r"по\s+(?:числу|количеству|кол-ву)\s+([а-я]+)|(?<![а-я])на\s+(всех|каждого)(?![а-я])"
)


@dataclass(frozen=True, slots=True)
class Reading:
    """The entries of one group and the colour said for all of them."""

    entries: tuple[Entry, ...]
    colour: ColourSpan | None  # the colour said for the whole group (or its model's lines)
    copies_colour: bool  # «такие же», «того же цвета»: the colour of the model before


def read_slots(
    catalog: Catalog, work: str, groups: Sequence[Group], colours: Sequence[ColourSpan]
) -> list[Reading]:
    """The entries (size, height, colour, quantity) written for each group, in order."""
    colour_spans = [(c.start, c.end) for c in colours]
    out: list[Reading] = []
    group_entries: list[tuple[Entry, ...]] = []
    for gi, g in enumerate(groups):
        m = g.mention
        source = groups[g.shares_with] if g.shares_with is not None else g
        tokens = tokenize(work, source.mention.end, source.end, colour_spans)
        pre_qty = g.pre_qty if g.shares_with is None else source.pre_qty
        previous = _previous(groups, gi, group_entries)
        breakdown = read_breakdown(tokens, sizing(catalog, m), pre_qty=pre_qty, previous=previous)
        entries = breakdown.entries
        count_of = _COUNT_OF_RE.search(work, m.end, g.end)
        if count_of is not None and all(e.qty is None for e in entries):
            word = count_of.group(1) or count_of.group(2)
            entries = _count_of(word, groups, gi, group_entries) or entries
        group_entries.append(entries)
        default = breakdown.default_colour if breakdown.default_colour >= 0 else source.pre_colour
        colour = colours[default] if default >= 0 else None
        out.append(Reading(entries, colour, breakdown.copies_colour))
    return [
        Reading(r.entries, r.colour or _run_colour(groups, out, gi), r.copies_colour)
        for gi, r in enumerate(out)
    ]


def sizing(catalog: Catalog, m: Mention) -> Sizing:
    """How sizes are written for the models a mention may mean."""
    items = [i for i in (catalog.get(s) for s in m.candidates) if i is not None]
    if not items:
        return Sizing(SizeStyle.FREE, frozenset())
    styles = {_style(i) for i in items}
    sizes = frozenset(s for i in items for s in i.sizes)
    return Sizing(styles.pop() if len(styles) == 1 else SizeStyle.FREE, sizes)


def _previous(
    groups: Sequence[Group], gi: int, group_entries: list[tuple[Entry, ...]]
) -> tuple[Entry, ...]:
    """The entries of the model before, over all its consecutive groups (one line each)."""
    if gi == 0:
        return ()
    sku = groups[gi - 1].mention.sku
    out: list[Entry] = []
    j = gi - 1
    while j >= 0 and (j == gi - 1 or (sku is not None and groups[j].mention.sku == sku)):
        out[:0] = group_entries[j]
        j -= 1
    return tuple(out)


def _count_of(
    word: str, groups: Sequence[Group], gi: int, group_entries: list[tuple[Entry, ...]]
) -> tuple[Entry, ...] | None:
    """«шапочки … по числу халатов»: one entry with the total of that garment; «колпаки на
    всех»: the total of every position before."""
    keys = set(lemmas(word))
    everyone = word in ("всех", "каждого")
    total = 0
    for j in range(gi):
        stem = groups[j].mention.type_stem
        if everyone or (stem is not None and stem in keys):
            total += sum(e.qty or 0 for e in group_entries[j])
    return (Entry(qty=total),) if total else None


def _run_colour(groups: Sequence[Group], readings: list[Reading], gi: int) -> ColourSpan | None:
    """«KR-201 56-58 x3, KR-201 60-62 x2, цвет т.син/васильк»: lines of one model share the
    colour said once for them."""
    sku = groups[gi].mention.sku
    if sku is None:
        return None
    j = gi + 1
    while j < len(groups) and groups[j].mention.sku == sku:
        if readings[j].colour is not None:
            return readings[j].colour
        j += 1
    return None


def _style(item: CatalogItem) -> SizeStyle:
    if not item.sizes:
        return SizeStyle.NONE
    if any("-" in s for s in item.sizes):
        return SizeStyle.PAIRED
    return SizeStyle.NUMERIC
