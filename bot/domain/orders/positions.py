"""Step 4 of the pipeline, resolve: every entry of every group becomes a `ParsedPosition` whose
model, unit and colour are the catalog's.

What cannot be told is left empty with its candidates (a model several catalog models fit, a
colour two options fit) so the dialogue can offer a button per candidate; a colour inferred from
a partial one («синий» → the model's only blue «тёмно-синий/васильковый») is marked assumed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain.catalog import Catalog, ModelMatch
from bot.domain.orders.colours import ColourSpan, resolve_colour
from bot.domain.orders.entries import Entry
from bot.domain.orders.model_mentions import Mention, MentionKind, ModelIndex
from bot.domain.orders.parsed import ParsedPosition, Service, SlotChoice, UnknownModel
from bot.domain.orders.segments import Group
from bot.domain.orders.slots import Reading
from bot.domain.orders.workshop import Services


@dataclass(frozen=True, slots=True)
class Resolved:
    positions: tuple[ParsedPosition, ...]
    unknown: tuple[UnknownModel, ...]


def resolve_positions(
    models: ModelIndex,
    text: str,
    work: str,
    groups: Sequence[Group],
    readings: Sequence[Reading],
    colours: Sequence[ColourSpan],
    services: Services,
) -> Resolved:
    """One position per entry of every group, in the order of the text."""
    catalog = models.catalog
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
        fallback = reading.colour
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
                    assumed=_assumed(choice.is_assumed, e.is_size_carried),
                    candidates=tuple(candidates),
                )
            )
    return Resolved(tuple(positions), tuple(unknown))


def _assumed(colour: bool, size: bool) -> tuple[str, ...]:
    return (*(("colour",) if colour else ()), *(("size",) if size else ()))


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


def _unit(entry: Entry) -> str:
    if entry.unit in ("пара", "компл."):
        return entry.unit
    return "шт"
