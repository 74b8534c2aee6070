"""Parse an order typed in free Russian into a `ParsedOrder` (rules plus the catalog, no ML).

Steps, each working on the same character offsets:
1. find the INN, phones and the client; read the terms (price, delivery, payment, deadline,
   urgency) and blank out the words they used;
2. note the workshop services asked for (logo, made to measure, alteration, manufacture);
3. find colours and model mentions; each mention owns the text up to the next one, where its
   sizes, heights, colours and quantities are read (order_entries);
4. resolve colours against the model, then apply the stock rule and completeness (order_rules).

The parser never raises on a text: anything it cannot read is left empty and shows up in
`missing` or `unknown_models`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from bot.domain.catalog import Catalog, CatalogItem, ModelMatch
from bot.domain.company import CompanyConfig
from bot.domain.orders.client_mentions import ClientDirectory, find_inn
from bot.domain.orders.colours import ColourSpan, find_colours, resolve_colour
from bot.domain.orders.entries import Entry, SizeStyle, Sizing, read_breakdown
from bot.domain.orders.letter import read_layout
from bot.domain.orders.lexicon import LOGO_RE, NUMBER_PHRASE_RE, number_phrase_value
from bot.domain.orders.model_mentions import Mention, MentionKind, ModelIndex
from bot.domain.orders.parsed import ParsedOrder, ParsedPosition, Service, UnknownModel
from bot.domain.orders.rules import apply_work, missing_fields, order_work
from bot.domain.orders.tables import rewrite_tables
from bot.domain.orders.terms import TermReader
from bot.domain.orders.text import normalise
from bot.domain.orders.tokens import tokenize
from bot.domain.orders.workshop import (
    MASK,
    GroupSpan,
    Services,
    assign_services,
    blank,
    clause_end,
    find_service_marks,
)

MAX_TEXT = 8192
Span = tuple[int, int]

_PHONE_RE = re.compile(
    r"(?:тел\.?|телефон|моб\.?)?\s*:?\s*(?:\+7|(?<!\d)8)[\s\-(]*\d{3,5}[\s\-)]*\d{1,3}[\s\-]*\d{2}"
    r"[\s\-]*\d{2}(?:\s*доб\.?\s*\d+)?"
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_NUMBER_SIGN_RE = re.compile(r"№\s*\d+")
_LIST_MARKER_RE = re.compile(r"(?m)(?:^|(?<=;))[ \t]*\d{1,2}[.)](?=[ \t]*[^\W\d_])")
_ODD_SPACE_RE = re.compile(r"[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\r]")
_CLASS_RE = re.compile(r"(?<![\d.,])\d\s*класс\w*|класс\w*\s+защиты\s+\d")
_PRE_QTY_RE = re.compile(
    r"(?:(?<![\w.,/\-])(\d{1,5})|(" + NUMBER_PHRASE_RE.pattern + r"))[ \t]+"
    r"(?:(?:шт|штук\w*|компл\w*|комплект\w*|пар\w*)\.?[ \t]+)?$"
)
_HEADCOUNT_RE = re.compile(r"(\d{1,4})\s*(?:чел(?:овек[аи]?)?\.?)(?![а-я])")
_SAME_MODEL_RE = re.compile(r"(?<![а-я])(?:тот|та|то|те|так\w*)\s+же\s*(?:сам\w*\s*)?$")
_ORPHAN_RE = re.compile(
    r"(?:(?:и|ещ[её]|плюс|также|нужн\w*|надо|нужен)\s+)*"
    r"([^\W\d_]{3,}(?:[ \t-]+[^\W\d_]+){0,3})\s*[-—–:]?\s*(\d{1,5})\s*"
    r"(шт|штук\w*|пар\w*|компл\w*)(?![а-я])"
)
_ORPHAN_STOP = re.compile(
    r"^(?:размер\w*|рост\w*|итого|всего|кол|количеств\w*|цен\w*|сумм\w*|срок\w*|заявк\w*|сч[её]т\w*"
    r"|договор\w*|тел|доб|дом|ул|улиц\w*|цех\w*|склад\w*|корпус\w*|этаж\w*|по|на|в|из|от|для"
    r"|кажд\w*|штук\w*|шт|пар\w*|компл\w*|позици\w*|наименован\w*|человек\w*|чел|макет\w*"
    r"|логотип\w*|цвет\w*|р|рр|размеров|остальн\w*|это|их|им|нам|мне)$"
)


@dataclass(frozen=True, slots=True)
class _Group:
    mention: Mention
    start: int  # where its prefix (quantity/colour before the model) begins
    end: int  # where its breakdown ends
    pre_qty: int | None
    pre_colour: int
    same_as: int | None = None  # "такая же куртка": the group it repeats


class OrderParser:
    """Build once per catalog/company/client directory; `parse` is pure and fast."""

    def __init__(self, catalog: Catalog, company: CompanyConfig, clients: ClientDirectory) -> None:
        self.catalog = catalog
        self.company = company
        self.clients = clients
        self.models = ModelIndex(catalog)
        self.terms = TermReader(company)

    def parse(self, text: str, *, today: date) -> ParsedOrder:
        doc = rewrite_tables(normalise(text.replace(MASK, " ") if text else ""))
        layout = read_layout(doc)
        text, low = doc.text, doc.low
        masks: list[Span] = list(layout.meta)
        inn = find_inn(text)
        if inn is not None:
            masks.append((inn.start, inn.end))
        for pattern in (_PHONE_RE, _EMAIL_RE):
            masks.extend(m.span() for m in pattern.finditer(low) if _digits(m.group(0)) >= 1)
        masks.extend((m.start(), m.end()) for m in _LIST_MARKER_RE.finditer(low))
        masks.extend(m.span() for m in _CLASS_RE.finditer(low))
        client = self.clients.find(blank(text, [m for m in masks if m not in layout.meta], " "))
        if client is not None:
            masks.append((client.start, client.end))
        masks.extend(m.span() for m in _NUMBER_SIGN_RE.finditer(low))
        client_id = self.clients.by_inn(inn.inn) if inn else None
        client_id = client_id or (client.client_id if client else None)
        term_masks = [m for m in masks if m not in layout.meta or m in layout.headers]
        terms = self.terms.read(blank(text, term_masks, " "), blank(low, term_masks, " "), today)
        masks.extend(terms.spans)
        work = blank(low, masks, MASK)
        services_at, work = find_service_marks(work)
        colours = find_colours(text, work)
        mentions = self._mentions(text, work, colours)
        groups = self._groups(work, mentions, colours)
        spans = [GroupSpan(g.start, g.mention.start, g.end) for g in groups]
        services = assign_services(work, spans, services_at, self._logo_targets(low, groups))
        positions, unknown = self._positions(text, work, groups, colours, services)
        positions = apply_work(positions, self.catalog)
        has_client = bool(client is not None or inn is not None)
        return ParsedOrder(
            client=doc.source(client.start, client.end) if client else None,
            client_id=client_id,
            inn=inn.inn if inn else None,
            positions=positions,
            price_category=terms.price_category,
            work=order_work(positions),
            delivery=terms.delivery,
            deadline=terms.deadline,
            urgent=terms.urgent,
            payment=terms.payment,
            missing=missing_fields(
                positions, self.catalog, has_client=has_client, price_category=terms.price_category
            ),
            unknown_models=unknown,
        )

    # ---------------------------------------------------------------------------- mentions

    def _mentions(self, text: str, work: str, colours: list[ColourSpan]) -> list[Mention]:
        spans = [(c.start, c.end) for c in colours]
        found = self.models.find_mentions(text, work, spans)
        found = sorted([*found, *self._orphans(text, work, found, colours)], key=lambda m: m.start)
        out = []
        for i, m in enumerate(found):
            if not m.has_type_noun:
                limit = found[i + 1].start if i + 1 < len(found) else len(work)
                window = work[m.end : min(limit, m.end + 40)].split("\n", 1)[0]
                has_colour = any(m.end <= c.start < m.end + len(window) for c in colours)
                if not (re.search(r"\d", window) or has_colour):
                    continue
            out.append(m)
        return out

    def _orphans(
        self, text: str, work: str, found: list[Mention], colours: list[ColourSpan]
    ) -> list[Mention]:
        """Clauses like "шлем пожарный 3 шт": an item no catalog word names, with a quantity."""
        out = []
        start = 0
        for end in [*(m.start() for m in re.finditer(r"[,;\n+]|\.(?=\s|$)", work)), len(work)]:
            clause_start, start = start, end + 1
            m = _ORPHAN_RE.match(work, clause_start + _lead(work, clause_start, end), end)
            if m is None:
                continue
            words = m.group(1)
            s, e = m.start(1), m.end(1)
            if any(_ORPHAN_STOP.match(w) for w in re.split(r"[ \t-]+", words)):
                continue
            if any(s <= mm.start < e or mm.start <= s < mm.end for mm in found):
                continue
            if any(c.start < e and s < c.end for c in colours):
                continue
            phrase = text[s:e]
            phrase = phrase[:1].upper() + phrase[1:]
            out.append(Mention(s, e, MentionKind.UNKNOWN, None, (), phrase, True, None))
        return out

    def _groups(
        self, work: str, mentions: list[Mention], colours: list[ColourSpan]
    ) -> list[_Group]:
        prefixes: list[tuple[int, int | None, int]] = []
        prev_end = 0
        for m in mentions:
            start, pre_qty, pre_colour = m.start, None, -1
            for idx, c in enumerate(colours):
                if prev_end <= c.start and c.end <= start and not work[c.end : start].strip():
                    start, pre_colour = c.start, idx
            q = _PRE_QTY_RE.search(work, prev_end, start)
            # a number right before a model is its quantity, unless the model before has none
            before = work[prev_end : q.start()] if q else ""
            owner_has_qty = (
                not prefixes
                or prefixes[-1][1] is not None
                or re.search(r"\d", before) is not None
                or NUMBER_PHRASE_RE.search(before) is not None
            )
            if q is not None and owner_has_qty and _pre_qty_allowed(before):
                value = int(q.group(1)) if q.group(1) else number_phrase_value(q.group(2))
                if value is not None:
                    start, pre_qty = q.start(), value
            line_start = max(work.rfind("\n", 0, start) + 1, prev_end)
            head = _HEADCOUNT_RE.search(work, line_start, start)
            if head is not None and pre_qty is None:
                pre_qty = int(head.group(1))
                start = min(start, head.start())
            prefixes.append((start, pre_qty, pre_colour))
            prev_end = m.end
        groups: list[_Group] = []
        for i, mention in enumerate(mentions):
            m = mention
            same_as = None
            if m.kind is MentionKind.AMBIGUOUS and _SAME_MODEL_RE.search(work, 0, m.start):
                m, same_as = self._same_model(m, groups)
            start, pre_qty, pre_colour = prefixes[i]
            end = prefixes[i + 1][0] if i + 1 < len(mentions) else len(work)
            groups.append(_Group(m, start, max(end, m.end), pre_qty, pre_colour, same_as))
        return groups

    # ---------------------------------------------------------------------------- positions

    def _positions(
        self,
        text: str,
        work: str,
        groups: list[_Group],
        colours: list[ColourSpan],
        services: Services,
    ) -> tuple[tuple[ParsedPosition, ...], tuple[UnknownModel, ...]]:
        positions: list[ParsedPosition] = []
        unknown: list[UnknownModel] = []
        previous: tuple[Entry, ...] = ()
        colour_spans = [(c.start, c.end) for c in colours]
        group_colour: list[ColourSpan | None] = []
        for gi, g in enumerate(groups):
            m = g.mention
            tokens = tokenize(work, m.end, g.end, colour_spans)
            breakdown = read_breakdown(
                tokens, self._sizing(m), pre_qty=g.pre_qty, previous=previous
            )
            previous = breakdown.entries
            service = _service(gi, services)
            made = service is Service.MANUFACTURE
            item = self.catalog.get(m.sku) if m.sku and not made else None
            if m.kind is MentionKind.UNKNOWN and not made:
                unknown.append(UnknownModel(m.phrase, tuple(self.catalog.search_models(m.phrase))))
            elif m.kind is MentionKind.AMBIGUOUS and not made:
                unknown.append(UnknownModel(m.phrase, self._candidates(m)))
            model = item.model if item else m.phrase + services.manufacture.get(gi, "")
            default = breakdown.default_colour if breakdown.default_colour >= 0 else g.pre_colour
            fallback = colours[default] if default >= 0 else None
            if fallback is None and g.same_as is not None:
                fallback = group_colour[g.same_as]
            group_colour.append(fallback)
            for e in breakdown.entries or (Entry(),):
                written = colours[e.colour] if e.colour >= 0 else fallback
                if group_colour[-1] is None:
                    group_colour[-1] = written
                positions.append(
                    ParsedPosition(
                        model=model,
                        sku=item.sku if item else None,
                        colour=resolve_colour(written, item),
                        size=e.size,
                        height=e.height,
                        qty=e.qty,
                        unit=item.unit if item else _unit(e),
                        service=service,
                        is_logo_requested=gi in services.logo,
                        is_model_unclear=m.kind is MentionKind.AMBIGUOUS and service is None,
                    )
                )
        return tuple(positions), tuple(unknown)

    def _same_model(self, m: Mention, groups: list[_Group]) -> tuple[Mention, int | None]:
        """ "тот же костюм …", "такая же куртка …": the model named before, or its sibling."""
        for index in range(len(groups) - 1, -1, -1):
            prev = groups[index].mention
            if prev.sku is None:
                continue
            sku: str | None = prev.sku
            if prev.type_stem != m.type_stem:
                sku = self.models.sibling(prev.sku, m.type_stem)
            item = self.catalog.get(sku) if sku else None
            if item is not None:
                found = replace(
                    m,
                    kind=MentionKind.CATALOG,
                    sku=item.sku,
                    candidates=(item.sku,),
                    phrase=item.model,
                )
                return found, index
            break
        return m, None

    def _logo_targets(self, low: str, groups: list[_Group]) -> dict[int, frozenset[int]]:
        """Logo clauses naming garments ("вышивка на бейсболки") → the groups of that garment."""
        out: dict[int, frozenset[int]] = {}
        for m in LOGO_RE.finditer(low):
            clause = low[m.start() : clause_end(low, m.end())]
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

    def _sizing(self, m: Mention) -> Sizing:
        items = [i for i in (self.catalog.get(s) for s in m.candidates) if i is not None]
        if not items:
            return Sizing(SizeStyle.FREE, frozenset())
        styles = {_style(i) for i in items}
        sizes = frozenset(s for i in items for s in i.sizes)
        return Sizing(styles.pop() if len(styles) == 1 else SizeStyle.FREE, sizes)

    def _candidates(self, m: Mention) -> tuple[ModelMatch, ...]:
        items = [i for i in (self.catalog.get(s) for s in m.candidates) if i is not None]
        return tuple(ModelMatch(i.sku, i.model, 100.0) for i in items)


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


# -------------------------------------------------------------------------------- helpers


def _lead(work: str, start: int, end: int) -> int:
    """Length of the blanks (spaces, masked words) at the start of a clause."""
    i = start
    while i < end and (work[i].isspace() or work[i] in MASK + "—–-:()«»\"'"):
        i += 1
    return i - start


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


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


def _pre_qty_allowed(before: str) -> bool:
    """A number right before a model is its quantity unless it ends the previous breakdown."""
    stripped = before.rstrip()
    if not stripped:
        return True
    last = stripped[-1]
    if last in ",;:\n+" + MASK or last in ".!?()":
        return True
    m = re.search(r"([^\W\d_]+)$", stripped)
    return m is not None and not re.fullmatch(r"шт|штук\w*|пар\w*|компл\w*|р|рост\w*", m.group(1))
