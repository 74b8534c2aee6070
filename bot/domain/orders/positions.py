"""Steps 3 and 4 of the pipeline: read each position's slots and resolve them against the catalog.

For every group (`segments`) the text after its model is cut into tokens and read into entries
(size, height, colour, quantity: `entries`); each entry becomes a `ParsedPosition` whose model,
unit and colour are the catalog's. What cannot be told is left empty with its candidates:
a model several catalog models fit, a colour two options fit. A colour inferred from a partial
one («синий» → «тёмно-синий/васильковый») is marked assumed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain.catalog import Catalog, CatalogItem, ModelMatch
from bot.domain.orders.colours import ColourSpan, resolve_colour
from bot.domain.orders.entries import Entry, SizeStyle, Sizing, read_breakdown
from bot.domain.orders.model_mentions import Mention, MentionKind, ModelIndex
from bot.domain.orders.morphology import lemmas
from bot.domain.orders.parsed import ParsedPosition, Service, SlotChoice, UnknownModel
from bot.domain.orders.segments import Group
from bot.domain.orders.tokens import tokenize
from bot.domain.orders.workshop import Services

_COUNT_OF_RE = re.compile(r"по\s+(?:числу|количеству|кол-ву)\s+([а-я]+)")


@dataclass(frozen=True, slots=True)
class Resolved:
    positions: tuple[ParsedPosition, ...]
    unknown: tuple[UnknownModel, ...]


def build_positions(
    models: ModelIndex,
    text: str,
    work: str,
    groups: Sequence[Group],
    colours: Sequence[ColourSpan],
    services: Services,
) -> Resolved:
    """One position per entry of every group, in the order of the text."""
    catalog = models.catalog
    readings = _read_groups(catalog, work, groups, colours)
    positions: list[ParsedPosition] = []
    unknown: list[UnknownModel] = []
    group_colour: list[ColourSpan | None] = []
    for gi, (g, reading) in enumerate(zip(groups, readings, strict=True)):
        m = g.mention
        service = _service(gi, services)
        made = service is Service.MANUFACTURE
        item = catalog.get(m.sku) if m.sku and not made else None
        if m.kind is MentionKind.UNKNOWN and not made and not g.is_vague:
            unknown.append(UnknownModel(m.phrase, tuple(catalog.search_models(m.phrase))))
        elif m.kind is MentionKind.AMBIGUOUS and not made:
            unknown.append(UnknownModel(m.phrase, _candidates(catalog, m)))
        if item is not None:
            model = item.model
        elif made:
            model = models.phrase_of(text, work, m) + services.manufacture.get(gi, "")
        else:
            model = m.phrase
        fallback = reading.colour or _run_colour(groups, readings, gi)
        carried = (
            g.same_as if g.same_as is not None else (gi - 1 if reading.copies_colour else None)
        )
        if fallback is None and carried is not None and 0 <= carried < len(group_colour):
            fallback = group_colour[carried]
        group_colour.append(fallback)
        unclear = (m.kind is MentionKind.AMBIGUOUS or g.is_vague) and service is None
        for e in reading.entries or (Entry(),):
            written = colours[e.colour] if e.colour >= 0 else fallback
            if group_colour[-1] is None:
                group_colour[-1] = written
            choice = resolve_colour(written, item)
            is_carried = e.colour < 0 and reading.colour is None and written is not None
            if (
                is_carried
                and choice.value is None
                and written is not None
                and len(written.names) > 1
            ):
                # «такие же брюки» after a серый/красный jacket: the trousers' grey
                main = ColourSpan(written.start, written.end, written.names[:1], None)
                retry = resolve_colour(main, item)
                if retry.value is not None:
                    choice = replace(retry, is_assumed=True)
            candidates: list[SlotChoice] = []
            if choice.candidates:
                candidates.append(SlotChoice("colour", choice.candidates))
            if unclear and m.candidates:
                candidates.append(SlotChoice("model", m.candidates))
            positions.append(
                ParsedPosition(
                    model=model,
                    sku=item.sku if item else None,
                    colour=choice.value,
                    size=e.size,
                    height=e.height,
                    qty=e.qty,
                    unit=item.unit if item else _unit(e),
                    service=service,
                    is_logo_requested=gi in services.logo,
                    is_model_unclear=unclear,
                    assumed=("colour",) if choice.is_assumed else (),
                    candidates=tuple(candidates),
                )
            )
    return Resolved(tuple(positions), tuple(unknown))


@dataclass(frozen=True, slots=True)
class _Reading:
    entries: tuple[Entry, ...]
    colour: ColourSpan | None  # the colour said for the whole group
    copies_colour: bool


def _read_groups(
    catalog: Catalog, work: str, groups: Sequence[Group], colours: Sequence[ColourSpan]
) -> list[_Reading]:
    """Step 3: the entries (size, height, colour, quantity) written for each group."""
    colour_spans = [(c.start, c.end) for c in colours]
    out: list[_Reading] = []
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
        if count_of is not None:
            entries = _count_of(count_of.group(1), groups, gi, group_entries) or entries
        group_entries.append(entries)
        default = breakdown.default_colour if breakdown.default_colour >= 0 else source.pre_colour
        colour = colours[default] if default >= 0 else None
        out.append(_Reading(entries, colour, breakdown.copies_colour))
    return out


def _run_colour(groups: Sequence[Group], readings: list[_Reading], gi: int) -> ColourSpan | None:
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
    """«шапочки … по числу халатов»: one entry with the total of that garment."""
    keys = set(lemmas(word))
    total = 0
    for j in range(gi):
        stem = groups[j].mention.type_stem
        if stem is not None and stem in keys:
            total += sum(e.qty or 0 for e in group_entries[j])
    return (Entry(qty=total),) if total else None


def _candidates(catalog: Catalog, m: Mention) -> tuple[ModelMatch, ...]:
    items = [i for i in (catalog.get(s) for s in m.candidates) if i is not None]
    return tuple(ModelMatch(i.sku, i.model, 100.0) for i in items)


def _service(group: int, services: Services) -> Service | None:
    if group in services.manufacture:
        return Service.MANUFACTURE
    if group in services.made_to_measure:
        return Service.MADE_TO_MEASURE
    if group in services.alteration:
        return Service.ALTERATION
    return None


def _style(item: CatalogItem) -> SizeStyle:
    if not item.sizes:
        return SizeStyle.NONE
    if any("-" in s for s in item.sizes):
        return SizeStyle.PAIRED
    return SizeStyle.NUMERIC


def _unit(entry: Entry) -> str:
    if entry.unit in ("пара", "компл."):
        return entry.unit
    return "шт"
