"""Colours written in an order and the catalog colour they mean for a model.

"серый с красным", "серый/красный", "серо-красный" are one two-colour combination (main/trim);
"зелёная с белой окантовкой" is a colour with a finish, kept as written for made items.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.catalog import CatalogItem
from bot.domain.orders.lexicon import (
    COLOUR_JOIN_RE,
    COLOUR_RE,
    COMPOUND_PREFIXES,
    COMPOUND_RE,
    TRIM_NOUN_RE,
    colour_name,
)

_COMPOUND_LOOKBACK = 12
_TWO = 2


@dataclass(frozen=True, slots=True)
class ColourSpan:
    start: int
    end: int
    names: tuple[str, ...]
    trim: str | None  # "с белой окантовкой": a finish, not a second catalog colour


def find_colours(text: str, work: str) -> list[ColourSpan]:
    """Colours in `work` (folded text), combinations joined into one span."""
    found = [(m.start(), m.end(), colour_name(m)) for m in COLOUR_RE.finditer(work)]
    out: list[ColourSpan] = []
    i = 0
    while i < len(found):
        s, e, name = found[i]
        if i + 1 < len(found) and COLOUR_JOIN_RE.fullmatch(work, e, found[i + 1][0]):
            _s2, e2, name2 = found[i + 1]
            trim = TRIM_NOUN_RE.match(work, e2)
            if trim is not None:
                out.append(ColourSpan(s, trim.end(), (name,), text[e : trim.end()].strip()))
            else:
                out.append(ColourSpan(s, e2, (name, name2), None))
            i += 2
            continue
        compound = COMPOUND_RE.search(work, max(0, s - _COMPOUND_LOOKBACK), s)
        first = COMPOUND_PREFIXES[compound.group(1)] if compound else None
        if compound is not None and first is not None and first != name:
            out.append(ColourSpan(compound.start(), e, (first, name), None))
        else:
            out.append(ColourSpan(s, e, (name,), None))
        i += 1
    return out


def resolve_colour(written: ColourSpan | None, item: CatalogItem | None) -> str | None:
    """The catalog colour meant, or the written one when the model has no such colour.

    A model with one catalog colour gets it when the text names none; a single colour that
    starts exactly one of the model's combinations means that combination ("серая" Вьюга →
    серый/красный); when it starts several, the colour is left to be asked.
    """
    if item is None:
        if written is None:
            return None
        if written.trim:
            return f"{written.names[0]} {written.trim.lower()}"
        return "/".join(written.names)
    options = item.colours
    if written is None:
        return options[0] if len(options) == 1 else None
    names = written.names
    if len(names) == _TWO:
        for combo in (f"{names[0]}/{names[1]}", f"{names[1]}/{names[0]}"):
            if combo in options:
                return combo
        return "/".join(names)
    main = names[0]
    if main in options:
        return main
    starting = [o for o in options if o.split("/")[0].startswith(main)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        return None
    return options[0] if len(options) == 1 else main
