"""The terms of an order message: price category, delivery, payment, deadline, urgency.

Each reader returns the value and the character spans it used, so the position parser can
ignore those words ("отсрочка 30" is no quantity). Offsets are those of the original text;
`low` is `fold(text)` (same length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

from bot.domain.company import CompanyConfig
from bot.domain.orders.dates import find_deadline
from bot.domain.orders.lexicon import (
    CITIES,
    CITY_ALIASES,
    fold,
    stem,
)
from bot.domain.orders.parsed import Delivery, DeliveryKind, Payment, PaymentKind

Span = tuple[int, int]
_CLAUSE_END = re.compile(r"[.,;\n!?]")
_GENITIVE_TO_NOMINATIVE = {"а": "", "я": "ь", "и": "ь", "ы": "а"}  # до Котласа, до Перми
_ACCUSATIVE_TO_NOMINATIVE = {"у": "а", "ю": "я"}  # в Шексну
_SHORT_SYNONYM = 4

_PICKUP_RE = re.compile(
    r"(?<![а-я])(?:самовывоз\w*|заберут\s+сами|сами\s+заберут|забер[её]т\s+сам\w*"
    r"|сам\w*\s+забер\w*|забирают\s+сами|забер[её]т\s+клиент)"
)
_OWN_RE = re.compile(
    r"(?<![а-я])(?:(?:доставк\w*|доставим|доставить|привез\w*|отвез\w*)\s+)?"
    r"(?:наш\w*|сво\w*)\s+(?:водител\w*|машин\w*|транспорт\w*|доставк\w*|курьер\w*|газел\w*)"
    r"|(?<![а-я])доставк\w*\s+наш\w*|(?<![а-я])(?:доставим|привез[её]м|отвез[её]м)\s+сами"
)
_CARRIER_CONTEXT_RE = re.compile(r"(?:тк|т\.к\.|доставк\w*|отправ\w*|транспортн\w*|через)\W*$")
_TK_PREFIX_RE = re.compile(
    r"(?:(?:доставк\w*|отправ\w*)\s+)?(?:тк|т\.к\.|транспортн\w*\s+компани\w*)\s*$"
)
_CITY_AFTER_RE = re.compile(
    r"\s*(,\s*)?(?:(до|в|во)\s+)?([^\W\d_][\w.\-]*)(?:\s+([^\W\d_][\w\-]*))?"
)
_STREET_RE = re.compile(
    r"(?:\bул\.?|\bулица|\bпр-т\.?|\bпр\.|\bпроспект|\bпер\.|\bпереулок|\bш\.|\bшоссе|\bнаб\.?"
    r"|\bнабережная|\bпл\.|\bплощадь|\bб-р|\bбульвар|\bмкр\.?|\bмикрорайон)\s*"
    r"[А-ЯЁA-Z0-9][\wё.\-]*(?:\s+[А-ЯЁ][\wё\-]*)?\s*,?\s*(?:д\.?\s*|дом\s*)?"
    r"\d+[а-яА-Я]?(?:[/-]\d+)?(?:\s*(?:корп|стр|к)\.?\s*\d+)?",
    re.IGNORECASE,
)
_ON_STREET_RE = re.compile(
    r"(?:\bна|\bв)\s+([А-ЯЁ][\wё\-]+)\s*,?\s*(\d+[а-я]?)(?![\d.,:])", re.IGNORECASE
)
_PREPAY_RE = re.compile(
    r"(?<![а-я])(?:(\d{1,3})\s*%\s*(?:-?\s*(?:ая|ой|ную))?\s*предоплат\w*"
    r"|предоплат\w*\s*(?:в\s+размере\s+)?(\d{1,3})\s*%"
    r"|(?:пред)?оплат\w*\s*(\d{1,3})\s*(?:/|на)\s*(\d{1,3})(?!\d)"
    r"|(?<![\d/])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])(?=\s*(?:$|[,.;\n]|оплат|предоплат))"
    r"|предоплат\w*|(?:полная\s+)?оплата\s+заранее|100\s*%\s*оплат\w*)"
)
_REST_RE = re.compile(r"[,;]?\s*остальн\w*\s+(?:по\s+факту\w*|после\s+\w+|при\s+\w+)(?:\s+\w+)?")
_DEFER_RE = re.compile(
    r"(?<![а-я])(?:отсрочк\w*|постоплат\w*|оплата\s+через)\s*(?:платежа\s*)?(?:на\s+)?"
    r"(?:(\d{1,3})\s*(?:-?\s*(?:ти|и|х))?\s*(?:(?:кал\w*|банк\w*|раб\w*)\.?\s+)?"
    r"(дн\w*|д\.|день|недел\w*|мес\w*)?|(одн\w*|две|два|три|четыре)\s+(недел\w*|мес\w*)"
    r"|(недел\w*|месяц\w*))?"
)
_ON_DELIVERY_RE = re.compile(
    r"(?:(?:оплат\w*|расч[её]т\w*)\s+)?по\s+факту(?:\s+(?:поставки|получения|отгрузки|доставки))?"
    r"|оплат\w*\s+при\s+получении|наложенн\w*\s+плат[её]ж\w*"
)
_SMALL_NUMBERS = {"одн": 1, "две": 2, "два": 2, "три": 3, "четыре": 4}
_URGENT_RE = re.compile(
    r"срочн\w*|(?<![а-я])горит|горящ\w*|!{3,}|asap|в\s+приоритете|как\s+можно\s+(?:скорее|быстрее)"
    r"|побыстрее|в\s+первую\s+очередь"
)


@dataclass(frozen=True, slots=True)
class Terms:
    price_category: str | None
    delivery: Delivery | None
    payment: Payment | None
    deadline: date | None
    urgent: bool
    spans: tuple[Span, ...]


class TermReader:
    """Compiled once from the company config (price synonyms, carriers)."""

    def __init__(self, company: CompanyConfig) -> None:
        self._price: list[tuple[re.Pattern[str], bool, str]] = []
        for cat in company.price_categories:
            for syn in sorted({cat.label, *cat.synonyms}, key=len, reverse=True):
                self._price.append((*_synonym_re(syn), cat.id))
        self._carriers: list[tuple[re.Pattern[str], bool, bool, str]] = []
        for tc in company.transport_companies:
            for syn in sorted({tc.name, *tc.synonyms}, key=len, reverse=True):
                pattern, on_original = _synonym_re(syn)
                needs_context = " " not in syn.strip() and not on_original and len(syn) > 4  # noqa: PLR2004
                self._carriers.append((pattern, on_original, needs_context, tc.name))
        self._cities = {stem(c.split()[0].split("-")[0]): c for c in CITIES}
        self._cities.update({stem(c): c for c in CITIES})
        self._city_stems = tuple(self._cities)

    def read(self, text: str, low: str, today: date) -> Terms:
        spans: list[Span] = []
        deadline = find_deadline(low, today, spans)
        payment = self.payment(low, spans)
        price = self.price_category(text, low, spans)
        delivery = self.delivery(text, low, spans)
        urgent = self.urgent(low, spans)
        return Terms(price, delivery, payment, deadline, urgent, tuple(spans))

    # ---------------------------------------------------------------------------- price

    def price_category(self, text: str, low: str, spans: list[Span]) -> str | None:
        found: list[tuple[int, int, str]] = []
        for pattern, on_original, cat in self._price:
            for m in pattern.finditer(text if on_original else low):
                if not _inside(m.start(), spans) and not _overlaps(m.span(), found):
                    found.append((m.start(), m.end(), cat))
        if not found:
            return None
        found.sort()
        spans.extend((s, e) for s, e, _c in found)
        return found[0][2]

    # ---------------------------------------------------------------------------- delivery

    def delivery(self, text: str, low: str, spans: list[Span]) -> Delivery | None:
        carrier = self._carrier(text, low, spans)
        if carrier is not None:
            name, start, end = carrier
            city, city_end = self._city_after(text, low, end)
            address = _address(text, low, start, spans)
            spans.append((start, city_end))
            return Delivery(DeliveryKind.TRANSPORT_COMPANY, name, city, address)
        m = _OWN_RE.search(low)
        if m is not None:
            city, city_end = self._city_after(text, low, m.end(), own=True)
            if city is None:
                city = self._city_before(text, low, m.start())
            address = _address(text, low, m.start(), spans)
            spans.append((m.start(), max(m.end(), city_end)))
            return Delivery(DeliveryKind.OWN_DRIVER, None, city, address)
        m = _PICKUP_RE.search(low)
        if m is not None:
            spans.append(m.span())
            return Delivery(DeliveryKind.PICKUP)
        return None

    def _carrier(self, text: str, low: str, spans: list[Span]) -> tuple[str, int, int] | None:
        for pattern, on_original, needs_context, name in self._carriers:
            for m in pattern.finditer(text if on_original else low):
                if _inside(m.start(), spans):
                    continue
                before = low[max(0, m.start() - 30) : m.start()]
                after = low[m.end() : m.end() + 5]
                if needs_context and not (
                    _CARRIER_CONTEXT_RE.search(before) or re.match(r"\s+(?:до|в)\s", after)
                ):
                    continue
                start = m.start()
                prefix = _TK_PREFIX_RE.search(low[max(0, start - 40) : start])
                if prefix is not None:
                    start -= len(prefix.group(0))
                return name, start, m.end()
        return None

    def _city_after(
        self, text: str, low: str, pos: int, *, own: bool = False
    ) -> tuple[str | None, int]:
        lead = re.match(r"[ \t]*,?", low[pos:])
        clause_end = _clause_end(low, pos + (lead.end() if lead else 0), 40)
        m = _CITY_AFTER_RE.match(low, pos, clause_end)
        if m is None:
            return None, pos
        comma, prep, word, word2 = m.group(1), m.group(2), m.group(3), m.group(4)
        if own and prep is None:
            return None, pos
        known_only = own or comma is not None
        city = self.city(word, word2, text[m.start(3)], prep, known_only=known_only)
        if city is None:
            return None, pos
        return city, (m.end(4) if word2 and city.count(" ") else m.end(3))

    def _city_before(self, text: str, low: str, pos: int) -> str | None:
        """ "доставка до Череповца нашим водителем": a known city earlier in the same clause."""
        start = max(low.rfind(c, 0, pos) for c in ".,;\n") + 1
        for m in re.finditer(r"(?<![а-я])(до|в|во)\s+([^\W\d_][\w\-]*)", low[start:pos]):
            s = start + m.start(2)
            city = self.city(m.group(2), None, text[s], m.group(1), known_only=True)
            if city is not None:
                return city
        return None

    def city(
        self,
        word: str,
        word2: str | None,
        first_char: str,
        prep: str | None,
        *,
        known_only: bool = False,
    ) -> str | None:
        """A city named by an inflected word ("до Мурманска", "в Шексну", "до Питера")."""
        w = word.strip(".")
        if w in CITY_ALIASES:
            return CITY_ALIASES[w]
        s = stem(w)
        for key in (s, stem(w.split("-")[0])):
            if key in CITY_ALIASES:
                return CITY_ALIASES[key]
            if key in self._cities:
                return self._cities[key]
        if len(s) >= 5:  # noqa: PLR2004 - "череповца" → Череповец (a vowel drops out)
            found = process.extractOne(s, self._city_stems, scorer=fuzz.ratio, score_cutoff=85)
            if found is not None:
                return self._cities[found[0]]
        if known_only or not first_char.isupper() or len(w) < 3:  # noqa: PLR2004
            return None
        base = w  # an unknown town: undo the case ending its preposition asks for
        if prep == "до" and base[-1] in _GENITIVE_TO_NOMINATIVE:
            base = base[:-1] + _GENITIVE_TO_NOMINATIVE[base[-1]]
        elif prep in ("в", "во") and base[-1] in _ACCUSATIVE_TO_NOMINATIVE:
            base = base[:-1] + _ACCUSATIVE_TO_NOMINATIVE[base[-1]]
        return base[:1].upper() + base[1:]

    # ---------------------------------------------------------------------------- payment

    def payment(self, low: str, spans: list[Span]) -> Payment | None:
        for m in _PREPAY_RE.finditer(low):
            if _inside(m.start(), spans):
                continue
            nums = [int(g) for g in m.groups() if g is not None]
            if len(nums) == 2 and sum(nums) != 100:  # noqa: PLR2004
                continue
            percent = nums[0] if nums else 100
            if not 0 < percent <= 100:  # noqa: PLR2004
                continue
            spans.append(m.span())
            rest = _REST_RE.match(low, m.end())
            if rest is not None:
                spans.append(rest.span())
            return Payment(PaymentKind.PREPAYMENT, None, percent)
        deferral = _DEFER_RE.search(low)
        if deferral is not None:
            spans.append(deferral.span())
            return Payment(PaymentKind.DEFERRAL, _deferral_days(deferral), None)
        on_delivery = _ON_DELIVERY_RE.search(low)
        if on_delivery is not None:
            spans.append(on_delivery.span())
            return Payment(PaymentKind.ON_DELIVERY)
        return None

    # ---------------------------------------------------------------------------- deadline

    def urgent(self, low: str, spans: list[Span]) -> bool:
        hits = list(_URGENT_RE.finditer(low))
        spans.extend(m.span() for m in hits)
        return bool(hits)


def _synonym_re(synonym: str) -> tuple[re.Pattern[str], bool]:
    """A synonym as a regex; short all-caps abbreviations (МО, РЦ, ДЛ) match case-sensitively."""
    s = synonym.strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) <= _SHORT_SYNONYM and s.upper() == s and any(c.isalpha() for c in s):
        words = re.split(r"[\s.]+", s)
        body = r"[\s.]*".join(re.escape(w) for w in words if w)
        return re.compile(rf"(?<![\w]){body}(?![\w])"), True
    parts = []
    for w in re.split(r"[\s.]+", fold(s)):
        if not w:
            continue
        parts.append(re.escape(stem(w)) + r"\w*" if len(w) >= 5 else re.escape(w))  # noqa: PLR2004
    body = r"[\s.]*".join(parts)
    return re.compile(rf"(?<![\w]){body}(?![\w])"), False


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlaps(span: Span, found: list[tuple[int, int, str]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e, _c in found)


def _clause_end(low: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(low, pos, min(len(low), pos + limit))
    return m.start() if m else min(len(low), pos + limit)


def _address(text: str, low: str, start: int, spans: list[Span]) -> str | None:
    m = _STREET_RE.search(text)
    if m is not None:
        spans.append(m.span())
        return m.group(0).strip(" ,.")
    window_end = min(len(text), start + 120)
    m = _ON_STREET_RE.search(text, start, window_end)
    if m is None:
        return None
    spans.append(m.span())
    street = m.group(1)
    if street.lower().endswith(("ой", "ую")) and len(street) > 4:  # noqa: PLR2004 - Складской
        street = street[:-2] + ("АЯ" if street.isupper() else "ая")
    return f"{street} {m.group(2)}"


def _deferral_days(m: re.Match[str]) -> int | None:
    n, unit, word_n, word_unit, bare_unit = m.groups()
    if n is not None:
        days = int(n)
        if unit and unit.startswith("недел"):
            return days * 7
        if unit and unit.startswith("мес"):
            return days * 30
        return days
    if word_n is not None:
        k = next((v for p, v in _SMALL_NUMBERS.items() if word_n.startswith(p)), 1)
        return k * (7 if word_unit.startswith("недел") else 30)
    if bare_unit is not None:
        return 7 if bare_unit.startswith("недел") else 30
    return None
