"""A step of the order dialogue: the question asked (with the options it offers) or the
preview, over the draft as it now is. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.domain.catalog import Catalog, ModelMatch
from bot.domain.company import CompanyConfig
from bot.domain.errors import InvalidInput
from bot.domain.orders.draft import TYPED, Ask, Draft, Field
from bot.domain.orders.parsed import ParsedOrder


@dataclass(frozen=True, slots=True)
class ClientChoice:
    counterparty_id: int
    name: str
    inn: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """What to show next: `ask` (with its choices), or the preview when `ask` is None."""

    draft: Draft
    ask: Ask | None
    catalog: Catalog
    today: date
    models: tuple[ModelMatch, ...] = ()
    clients: tuple[ClientChoice, ...] = ()
    new_client: str | None = None  # a name the person may create a client card with
    look_alikes: bool = False  # "create" found possible duplicates: pressing again creates

    @property
    def asks_client(self) -> bool:
        """The client question, its cards still to be found (look-alikes come with it)."""
        return self.ask is not None and self.ask.field is Field.CLIENT and not self.look_alikes

    @property
    def is_recognised(self) -> bool:
        """Whether the text said anything order-like: at least one position."""
        return bool(self.draft.order.positions)


@dataclass(frozen=True, slots=True)
class Known:
    """What every step is decided with."""

    catalog: Catalog
    today: date  # company-local
    company: CompanyConfig  # price categories, transport companies


def step(draft: Draft, ask: Ask | None, known: Known) -> Step:
    """`ask` shown over the draft: typed text answers it from now on; the model question
    offers the models the position may mean (the preview when `ask` is None)."""
    awaiting = ask.field if ask is not None and ask.field in TYPED else None
    draft = replace(draft, awaiting=awaiting, position=ask.position if ask else None)
    shown = Step(draft, ask, known.catalog, known.today)
    index = ask.position if ask is not None and ask.field is Field.MODEL else None
    if index is not None and index >= 0:
        return replace(shown, models=model_choices(draft, index, known.catalog))
    return shown


def model_choices(draft: Draft, index: int, catalog: Catalog) -> tuple[ModelMatch, ...]:
    """Catalog models a position may mean: the parser's candidates, else the closest names."""
    p = draft.order.positions[index]
    for unknown in draft.order.unknown_models:
        if unknown.text == p.model and unknown.suggestions:
            return unknown.suggestions
    return tuple(catalog.search_models(p.model, limit=5))


def search_models(
    text: str, catalog: Catalog, parsed: ParsedOrder | None = None
) -> tuple[ModelMatch, ...]:
    """Models for typed words: what the parser reads in them first, then the closest names."""
    query = " ".join(text.split())[:100]
    item = catalog.get(query) if query else None
    if item is not None:
        return (ModelMatch(item.sku, item.model, 100.0),)
    if len(query) < 2:  # noqa: PLR2004
        raise InvalidInput("order-model-query-short")
    found: dict[str, ModelMatch] = {}
    for p in parsed.positions if parsed else ():
        read = catalog.get(p.sku) if p.sku else None
        if read is not None:
            found.setdefault(read.sku, ModelMatch(read.sku, read.model, 100.0))
    for unknown in parsed.unknown_models if parsed else ():
        for match in unknown.suggestions:
            found.setdefault(match.sku, match)
    for match in catalog.search_models(query, limit=6, score_cutoff=50.0):
        found.setdefault(match.sku, match)
    if not found:
        raise InvalidInput("order-model-not-found", query=query[:60])
    return tuple(found.values())[:6]
