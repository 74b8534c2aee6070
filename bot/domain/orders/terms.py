"""The terms of an order message: price category, delivery, payment, deadline, urgency.

Each reader returns the value and the character spans it used, so the position parser can
ignore those words ("отсрочка 30" is no quantity). Offsets are those of the normalised text;
`low` is its folded copy (same length). Price synonyms match in every case form (pymorphy3):
«опт», «оптом», «по оптовой»; a short all-caps one (МО, РЦ) also in lower case when it stands
alone between commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.company import CompanyConfig
from bot.domain.orders.dates import find_deadline
from bot.domain.orders.delivery import DeliveryReader
from bot.domain.orders.lexicon import stem
from bot.domain.orders.morphology import fold, forms_of, lemmas
from bot.domain.orders.parsed import Delivery, Payment, PaymentKind

Span = tuple[int, int]
_SHORT_SYNONYM = 4
_LONG_WORD = 5
_PREPAY_RE = re.compile(
    r"(?<![а-я])(?:(\d{1,3})\s*(?:%|процент\w*)\s*(?:-?\s*(?:ая|ой|ную))?\s*предоплат\w*"
    r"|предоплат\w*\s*(?:в\s+размере\s+)?[—–:-]?\s*(\d{1,3})\s*(?:%|процент\w*)"
    r"|оплат\w*\s*[—–:-]?\s*(\d{1,3})\s*(?:%|процент\w*)"
    r"|(?:пред)?оплат\w*\s*(\d{1,3})\s*(?:/|на)\s*(\d{1,3})(?!\d)"
    r"|(?<![\d/])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])(?=\s*(?:$|[,.;\n]|оплат|предоплат))"
    r"|предоплат\w*|(?:полная\s+)?оплата\s+заранее|100\s*%\s*оплат\w*)"
)
_REST_RE = re.compile(r"[,;]?\s*остальн\w*\s+(?:по\s+факту\w*|после\s+\w+|при\s+\w+)(?:\s+\w+)?")
_DEFER_RE = re.compile(
    r"(?<![а-я])(?:отсрочк\w*|отср\.?|постоплат\w*|оплата\s+через)\s*(?:платежа\s*)?"
    r"(?:(?:по|согласно)\s+[а-я]+\s*)?[—–:-]?\s*(?:на\s+)?"
    r"(?:(\d{1,3})\s*(?:-?\s*(?:ти|и|х))?\s*(?:(?:кал\w*|банк\w*|раб\w*)\.?\s+)?"
    r"(дн\w*|д\.|день|недел\w*|мес\w*)?|(одн\w*|две|два|три|четыре)\s+(недел\w*|мес\w*)"
    r"|(недел\w*|месяц\w*))?"
)
_ON_DELIVERY_RE = re.compile(
    r"(?:(?:оплат\w*|расч[её]т\w*)\s+)?по\s+факту(?:\s+(?:поставки|получения|отгрузки|доставки))?"
    r"|оплат\w*\s+при\s+получении|наложенн\w*\s+плат[её]ж\w*"
    r"|(?:оплат\w*|расч[её]т\w*)\s+(?:после|по)\s+(?:поставк\w*|получени\w*|отгрузк\w*|доставк\w*)"
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
        on_text: list[str] = []
        on_low: list[str] = []
        firsts: set[str] = set()
        self._categories: list[str] = []
        for cat in company.price_categories:
            for syn in sorted({cat.label, *cat.synonyms}, key=len, reverse=True):
                firsts.update((syn.strip()[:1], fold(syn.strip()[:1])))
                for pattern, on_original in _synonym_res(syn):
                    group = f"(?P<p{len(self._categories)}>{pattern.pattern})"
                    (on_text if on_original else on_low).append(group)
                    self._categories.append(cat.id)
        # one regex per text: the longest synonym at a place wins (they are sorted by length);
        # the look-ahead on first letters skips most places at once
        ahead = "(?=[ \\t]*[" + re.escape("".join(sorted(firsts))) + "])"
        self._price = [
            (re.compile(ahead + "(?:" + "|".join(alts) + ")"), on_original)
            for alts, on_original in ((on_text, True), (on_low, False))
            if alts
        ]
        self.delivery = DeliveryReader(company)

    def read(self, text: str, low: str, today: date) -> Terms:
        spans: list[Span] = []
        deadline = find_deadline(low, today, spans)
        payment = self.payment(low, spans)
        price = self.price_category(text, low, spans)
        delivery = self.delivery.read(text, low, spans)
        urgent = self.urgent(low, spans)
        return Terms(price, delivery, payment, deadline, urgent, tuple(spans))

    # ---------------------------------------------------------------------------- price

    def price_category(self, text: str, low: str, spans: list[Span]) -> str | None:
        found: list[tuple[int, int, str]] = []
        for pattern, on_original in self._price:
            for m in pattern.finditer(text if on_original else low):
                cat = self._categories[int((m.lastgroup or "p0")[1:])]
                if not _inside(m.start(), spans) and not _overlaps(m.span(), found):
                    found.append((m.start(), m.end(), cat))
        if not found:
            return None
        found.sort()
        spans.extend((s, e) for s, e, _c in found)
        return found[0][2]

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


def _synonym_res(synonym: str) -> list[tuple[re.Pattern[str], bool]]:
    """A price synonym as regexes: every case form of its words (long words by their stem, so
    a typo in the ending still matches); short all-caps abbreviations (МО, РЦ) case-sensitive,
    and in lower case when they stand alone between commas."""
    s = synonym.strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) <= _SHORT_SYNONYM and s.upper() == s and letters:
        words = [w for w in re.split(r"[\s.]+", s) if w]
        body = r"[\s.]*".join(re.escape(w) for w in words)
        alone = r"[\s.]*".join(re.escape(fold(w)) for w in words)
        return [
            (re.compile(rf"(?<![\w]){body}(?![\w])"), True),
            (re.compile(rf"(?:^|(?<=[,;:\n./]))[ \t]*{alone}(?=[ \t]*(?:[,;.\n/]|$))"), False),
        ]
    parts = []
    for w in re.split(r"[\s.]+", fold(s)):
        if not w:
            continue
        forms = sorted(forms_of(lemmas(w)[0]) | {w}, key=len, reverse=True) if w.isalpha() else [w]
        alternatives = [re.escape(f) for f in forms]
        if len(w) >= _LONG_WORD:
            alternatives.append(re.escape(stem(w)) + r"\w*")
        parts.append("(?:" + "|".join(alternatives) + ")")
    body = r"[\s.]*".join(parts)
    return [(re.compile(rf"(?<![\w]){body}(?![\w])"), False)]


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlaps(span: Span, found: list[tuple[int, int, str]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e, _c in found)


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
