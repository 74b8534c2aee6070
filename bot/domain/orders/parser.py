"""Parse an order typed in free Russian into a `ParsedOrder` (rules, morphology and the catalog;
no ML). The parser is a pipeline; each step is a function of its own module:

1. normalise (`text`, `tables`, `letter`): unify characters, numbers in words → digits, pasted
   tables → typed lines, and mark a letter's headers and signature;
2. the order's own slots (`client_mentions`, `terms`): the client and INN, the price category,
   delivery, payment, deadline and urgency; their words are blanked out for what follows, as are
   phones, e-mails and list numbers;
3. segment (`workshop`, `segments`): the services asked for, then the text cut into one group
   per model mention (with carried models and shared breakdowns);
4. read each slot (`slots`, `tokens`, `entries`): sizes, heights, colours and quantities;
5. resolve against the catalog (`positions`, `colours`): SKU, unit, colour (or its candidates);
6. check completeness (`rules`): the work of each position and what is missing.

The parser never raises on a text: anything it cannot read is left empty and shows up in
`missing`, a position's `candidates` or `unknown_models`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.catalog import Catalog
from bot.domain.company import CompanyConfig
from bot.domain.orders.client_mentions import ClientDirectory, ClientMention, InnMention, find_inn
from bot.domain.orders.colours import ColourBook
from bot.domain.orders.letter import Layout, read_layout
from bot.domain.orders.lexicon import LOGO_RE
from bot.domain.orders.model_mentions import ModelIndex
from bot.domain.orders.morphology import fold
from bot.domain.orders.number_words import number_forms
from bot.domain.orders.parsed import ParsedOrder, ParsedPosition, UnknownModel
from bot.domain.orders.positions import resolve_positions
from bot.domain.orders.rules import apply_work, missing_fields, order_work
from bot.domain.orders.segments import Group, Segmenter
from bot.domain.orders.slots import read_slots
from bot.domain.orders.tables import rewrite_tables
from bot.domain.orders.terms import TermReader, Terms
from bot.domain.orders.text import Text, normalise
from bot.domain.orders.workshop import (
    MASK,
    GroupSpan,
    assign_services,
    blank,
    clause_end,
    find_service_marks,
)

Span = tuple[int, int]
_PHONE_RE = re.compile(
    r"(?:тел\.?|телефон|моб\.?)?\s*:?\s*(?:\+7|(?<!\d)8)[\s\-(]*\d{3,5}[\s\-)]*\d{1,3}[\s\-]*\d{2}"
    r"[\s\-]*\d{2}(?:\s*доб\.?\s*\d+)?"
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_NUMBER_SIGN_RE = re.compile(r"№\s*\d+")
_LIST_MARKER_RE = re.compile(r"(?m)(?:^|(?<=;))[ \t]*\d{1,2}[.)](?=[ \t]*[^\W\d_])")
_BULLET_RE = re.compile(r"(?m)^[ \t]*[-—–•·*▪►][ \t]+(?=\D)")
_CLASS_RE = re.compile(r"(?<![\d.,])\d\s*класс\w*|класс\w*\s+защиты\s+\d")
_NAMED_PLACE_RE = re.compile(r"(?<![\w«])([А-ЯЁ][а-яё]{2,})\s+«[^»\n]{2,40}»")
_CAMEL_RE = re.compile(r"(?<![\w«\"-])([А-ЯЁ][а-яё]+(?:[А-ЯЁ][а-яё]+)+)(?![\w»\"-])")
_EXTENSION_RE = re.compile(r"(?<![а-я])доб\.?\s*\d{1,5}")
_KPP_RE = re.compile(r"(?:кпп|инн/кпп)\s*:?\s*[\d/ ]{9,24}|/\s*\d{9}(?!\d)")


@dataclass(frozen=True, slots=True)
class OrderSlots:
    """Step 2: what the message says about the order as a whole, and the spans it used."""

    client: ClientMention | None
    client_id: str | None
    inn: InnMention | None
    terms: Terms
    masks: tuple[Span, ...]


class OrderParser:
    """Build once per catalog/company/client directory; `parse` is pure and fast."""

    def __init__(self, catalog: Catalog, company: CompanyConfig, clients: ClientDirectory) -> None:
        self.catalog = catalog
        self.company = company
        self.clients = clients
        self.models = ModelIndex(catalog)
        self.segmenter = Segmenter(self.models)
        self.colours = ColourBook(catalog)
        self.terms = TermReader(company)
        number_forms()  # the number words' forms, built once per process

    def parse(self, text: str, *, today: date) -> ParsedOrder:
        # 1. normalise
        doc = rewrite_tables(normalise(text.replace(MASK, " ") if text else ""))
        layout = read_layout(doc)
        # 2. the order's own slots
        slots = self.order_slots(doc, layout, today)
        # 3. segment into positions
        work = blank(doc.low, [*layout.meta, *slots.masks], MASK)
        marks, work = find_service_marks(work)
        colours = self.colours.find(doc.text, work)
        groups = self.segmenter.groups(doc.text, work, colours)
        spans = [GroupSpan(g.start, g.mention.start, g.end) for g in groups]
        services = assign_services(work, spans, marks, self._logo_targets(doc.low, groups))
        # 4. read each slot
        readings = read_slots(self.catalog, work, groups, colours)
        # 5. resolve against the catalog
        resolved = resolve_positions(
            self.models, doc.text, work, groups, readings, colours, services
        )
        # 6. check completeness
        return self._complete(doc, slots, resolved.positions, resolved.unknown)

    def _complete(
        self,
        doc: Text,
        slots: OrderSlots,
        found: tuple[ParsedPosition, ...],
        unknown: tuple[UnknownModel, ...],
    ) -> ParsedOrder:
        positions = apply_work(found, self.catalog)
        terms = slots.terms
        return ParsedOrder(
            client=doc.source(slots.client.start, slots.client.end) if slots.client else None,
            client_id=slots.client_id,
            inn=slots.inn.inn if slots.inn else None,
            positions=positions,
            price_category=terms.price_category,
            work=order_work(positions),
            delivery=terms.delivery,
            deadline=terms.deadline,
            urgent=terms.urgent,
            payment=terms.payment,
            missing=missing_fields(
                positions,
                self.catalog,
                has_client=slots.client is not None or slots.inn is not None,
                price_category=terms.price_category,
            ),
            unknown_models=unknown,
        )

    def order_slots(self, doc: Text, layout: Layout, today: date) -> OrderSlots:
        """The client, INN and terms; and the spans that hold no positions."""
        text, low = doc.text, doc.low
        masks: list[Span] = []
        inn = find_inn(text)
        if inn is not None:
            masks.append((inn.start, inn.end))
        for pattern in (_PHONE_RE, _EMAIL_RE):
            masks.extend(
                m.span()
                for m in pattern.finditer(low)
                if any(c.isdigit() or c == "@" for c in m.group(0))
            )
        for pattern in (_LIST_MARKER_RE, _BULLET_RE, _CLASS_RE, _KPP_RE, _EXTENSION_RE):
            masks.extend(m.span() for m in pattern.finditer(low))
        body = [*masks, *layout.headers]  # a letter's subject names a product, not the client
        client = (
            self.clients.find(blank(text, body, " "))
            or self._new_client(text, body)
            or self.clients.find(blank(text, masks, " "))
        )
        if client is not None:
            masks.append((client.start, client.end))
        masks.extend(m.span() for m in _NUMBER_SIGN_RE.finditer(low))
        client_id = self.clients.by_inn(inn.inn) if inn else None
        client_id = client_id or (client.client_id if client else None)
        hidden = [*masks, *layout.meta]  # headers, greetings and signatures hold no terms
        terms = self.terms.read(blank(text, hidden, " "), blank(low, hidden, " "), today)
        return OrderSlots(client, client_id, inn, terms, (*masks, *terms.spans))

    def _new_client(self, text: str, masks: list[Span]) -> ClientMention | None:
        """A client not in the base: «Кафе «Ласточка»», «ДорМостСтрой» (no catalog word)."""
        visible = blank(text, masks, " ")
        for pattern in (_NAMED_PLACE_RE, _CAMEL_RE):
            for m in pattern.finditer(visible):
                first = fold(m.group(1))
                if not self.models.word_keys(first) and not self.colours.colour_of(first):
                    return ClientMention(m.group(0), None, m.start(), m.end())
        return None

    def _logo_targets(self, low: str, groups: list[Group]) -> dict[int, frozenset[int]]:
        """Logo clauses naming garments ("вышивка на бейсболки") → the groups of that garment."""
        out: dict[int, frozenset[int]] = {}
        for m in LOGO_RE.finditer(low):
            start = max(low.rfind(c, 0, m.start()) for c in ",;\n.") + 1
            clause = low[start : clause_end(low, m.end())]
            stems = {
                k
                for w in re.findall(r"[^\W\d_]+", clause)
                for k, _q in self.models.word_keys(w)
                if k in self.models.type_stems
            }
            hit = frozenset(i for i, g in enumerate(groups) if g.mention.type_stem in stems)
            if hit:
                out[m.start()] = hit
        return out


def parse_order(
    text: str,
    catalog: Catalog,
    company: CompanyConfig,
    clients: ClientDirectory,
    *,
    today: date,
) -> ParsedOrder:
    """One-off parse; build an `OrderParser` once to parse many messages fast."""
    return OrderParser(catalog, company, clients).parse(text, today=today)
