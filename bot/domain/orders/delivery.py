"""How an order travels: a transport company (and the city it goes to), our own driver (and the
address), or pickup.

Carriers are the company's, with their synonyms in any case form («ПЭКом», «Деловыми
Линиями»); a one-word synonym that is also a common word («Энергия», «Байкал») counts only near
delivery words, a preposition or a known city. The destination city is read apart from the
carrier («Деловыми Линиями до Костромы», «ПЭК, г. Екатеринбург»), an address with its
landmark («Окружное шоссе 14, напротив АЗС»).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.domain.company import CompanyConfig
from bot.domain.orders.lexicon import CITIES, CITY_ALIASES, stem
from bot.domain.orders.morphology import fold
from bot.domain.orders.parsed import Delivery, DeliveryKind

Span = tuple[int, int]
_CLAUSE_END = re.compile(r"[,;\n!?]|\.(?=\s|$)(?<!(?<![а-я])г\.)")
_GENITIVE_TO_NOMINATIVE = {"а": "", "я": "ь", "и": "ь", "ы": "а"}  # до Котласа, до Перми
_ACCUSATIVE_TO_NOMINATIVE = {"у": "а", "ю": "я"}  # в Шексну
_SHORT_SYNONYM = 4
_LONG_WORD = 5
_CASE_ENDINGS = r"(?:ом|а|у|е|ами|ой|ем)?"
_PICKUP_RE = re.compile(
    r"(?<![а-я])(?:самовывоз\w*|заберут\s+сами|сами\s+заберут|забер[её]т\s+сам\w*"
    r"|сам\w*\s+забер\w*|забирают\s+сами|забер[её]т\s+клиент"
    r"|(?<![а-я])(?:заберут|забирают|забирать\s+будут)(?!\s+(?:образ|мерк|макет)))"
)
_OWN_RE = re.compile(
    r"(?<![а-я])(?:(?:доставк\w*|доставим|доставить|привез\w*|отвез\w*)\s+)?"
    r"(?:наш\w*|сво\w*)\s+(?:водител\w*|машин\w*|транспорт\w*|доставк\w*|курьер\w*|газел\w*)"
    r"|(?<![а-я])доставк\w*\s+наш\w*|(?<![а-я])(?:доставим|привез[её]м|отвез[её]м)\s+сами"
)
_CARRIER_CONTEXT_RE = re.compile(
    r"(?:тк|т\.к\.|доставк\w*|отправ\w*|отгруз\w*|транспортн\w*|через)\W*$"
)
_TK_PREFIX_RE = re.compile(
    r"(?:(?:доставк\w*|отправ\w*|отгрузк\w*)\s+)?(?:тк|т\.к\.|транспортн\w*\s+компани\w*)\s*$"
)
_CITY_AFTER_RE = re.compile(
    r"[ \t»\"]*(,[ \t]*)?(?:(до|в|во)\s+)?(?:(?:г|город|гор)\.?\s*)?([^\W\d_][\w.\-]*)"
    r"(?:\s+([^\W\d_][\w\-]*))?"
)
_STREET_WORDS = (
    r"ул\.?|улица|пр-т\.?|пр\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.?|набережная|пл\.|площадь"
    r"|б-р|бульвар|мкр\.?|микрорайон|проезд|тракт"
)
_HOUSE = r"\d+[а-яА-Я]?(?:[/-]\d+)?(?:\s*(?:корп|стр|к)\.?\s*\d+)?"
_STREET_RE = re.compile(
    rf"(?:\b(?:{_STREET_WORDS}))\s*[А-ЯЁA-Z0-9][\wё.\-]*(?:\s+[А-ЯЁ][\wё\-]*)?\s*,?\s*"
    rf"(?:д\.?\s*|дом\s*)?{_HOUSE}"
    rf"|[А-ЯЁ][\wё\-]+\s+(?:{_STREET_WORDS})\s*,?\s*(?:д\.?\s*|дом\s*)?{_HOUSE}",
    re.IGNORECASE,
)
_LANDMARK_RE = re.compile(
    r"\s*,?\s*(?:напротив|рядом\s+с|около|возле|за|у|во\s+двор\w*|вход\w*|проходн\w*)"
    r"[^.,;\n()]{0,40}|\s*\([^)\n]{0,40}\)"
)
_STREET_CASE_RE = re.compile(r"(?<![а-яё])улиц[уеы](?![а-яё])", re.IGNORECASE)
_ON_STREET_RE = re.compile(
    r"(?:\bна|\bв)\s+([А-ЯЁ][\wё\-]+)\s*,?\s*(\d+[а-я]?)(?![\d.,:])", re.IGNORECASE
)


class DeliveryReader:
    """Compiled once from the company config (carriers and their synonyms)."""

    def __init__(self, company: CompanyConfig) -> None:
        self._carriers: list[tuple[re.Pattern[str], bool, bool, str]] = []
        for tc in company.transport_companies:
            for syn in sorted({tc.name, *tc.synonyms}, key=len, reverse=True):
                pattern, on_original = carrier_re(syn)
                needs_context = " " not in syn.strip() and not on_original and len(syn) > 4  # noqa: PLR2004
                self._carriers.append((pattern, on_original, needs_context, tc.name))
                if on_original:  # «кит в пермь» typed in lower case: only with delivery words
                    lower = re.compile(pattern.pattern.lower())
                    self._carriers.append((lower, False, True, tc.name))
        self._cities = {stem(c.split()[0].split("-")[0]): c for c in CITIES}
        self._cities.update({stem(c): c for c in CITIES})
        self._city_stems = tuple(self._cities)

    def read(self, text: str, low: str, spans: list[Span]) -> Delivery | None:
        carrier = self._carrier(text, low, spans)
        if carrier is not None:
            name, start, end = carrier
            city, city_end = self._city_after(text, low, end)
            if city is None:
                city = self._city_before(text, low, start)
            address = _address(text, start, spans)
            spans.append((start, city_end))
            return Delivery(DeliveryKind.TRANSPORT_COMPANY, name, city, address)
        m = _OWN_RE.search(low)
        if m is not None:
            city, city_end = self._city_after(text, low, m.end(), own=True)
            if city is None:
                city = self._city_before(text, low, m.start())
            address = _address(text, m.start(), spans)
            spans.append((m.start(), max(m.end(), city_end)))
            return Delivery(DeliveryKind.OWN_DRIVER, None, city, address)
        m = _PICKUP_RE.search(low)
        if m is not None:
            spans.append(m.span())
            return Delivery(DeliveryKind.PICKUP)
        return None

    def _carrier(self, text: str, low: str, spans: list[Span]) -> tuple[str, int, int] | None:
        found: list[tuple[int, int, str]] = []
        for pattern, on_original, needs_context, name in self._carriers:
            for m in pattern.finditer(text if on_original else low):
                if any(s <= m.start() < e for s, e in spans):
                    continue
                if needs_context and not self._in_context(text, low, m.start(), m.end()):
                    continue
                start = m.start()
                prefix = _TK_PREFIX_RE.search(low[max(0, start - 40) : start])
                if prefix is not None:
                    start -= len(prefix.group(0))
                found.append((start, m.end(), name))
                break
        return _first(found) if found else None

    def _in_context(self, text: str, low: str, start: int, end: int) -> bool:
        before = low[max(0, start - 30) : start]
        if _CARRIER_CONTEXT_RE.search(before) or re.match(r"\s+(?:до|в)\s", low[end : end + 5]):
            return True
        city, _end = self._city_after(text, low, end, own=True, bare=True)
        return city is not None

    def _city_after(
        self, text: str, low: str, pos: int, *, own: bool = False, bare: bool = False
    ) -> tuple[str | None, int]:
        lead = re.match(r"[ \t]*,?", low[pos:])
        clause_end = _clause_end(low, pos + (lead.end() if lead else 0), 40)
        m = _CITY_AFTER_RE.match(low, pos, clause_end)
        if m is None:
            return None, pos
        comma, prep, word, word2 = m.group(1), m.group(2), m.group(3), m.group(4)
        if own and prep is None and not bare:
            return None, pos
        known_only = own or comma is not None or bare
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


def carrier_re(synonym: str) -> tuple[re.Pattern[str], bool]:
    """A carrier synonym as a regex, in any case form («ПЭКом», «Деловыми Линиями»); short
    all-caps abbreviations match case-sensitively (lower case too when it is all lower)."""
    s = synonym.strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) <= _SHORT_SYNONYM and s.upper() == s and letters:
        words = re.split(r"[\s.]+", s)
        body = r"[\s.]*".join(re.escape(w) for w in words if w)
        first = re.escape(s[:1])
        return re.compile(
            rf"(?=[{first}{first.lower()}])(?<![\w]){body}{_CASE_ENDINGS}(?![\w])"
        ), True
    parts = []
    for w in re.split(r"[\s.]+", fold(s)):
        if w:
            long_word = len(w) >= _LONG_WORD
            parts.append(
                re.escape(stem(w)) + r"\w*" if long_word else re.escape(w) + _CASE_ENDINGS
            )
    body = r"[\s.]*".join(parts)
    first = re.escape(fold(s)[:1])
    return re.compile(rf"(?={first})(?<![\w]){body}(?![\w])"), False


def _first(found: list[tuple[int, int, str]]) -> tuple[str, int, int]:
    start, end, name = min(found, key=lambda f: (f[0], -f[1]))
    return name, start, end


def _clause_end(low: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(low, pos, min(len(low), pos + limit))
    return m.start() if m else min(len(low), pos + limit)


def _address(text: str, start: int, spans: list[Span]) -> str | None:
    m = _STREET_RE.search(text)
    if m is not None:
        end = m.end()
        landmark = _LANDMARK_RE.match(text, end)
        if landmark is not None:
            end = landmark.end()
        spans.append((m.start(), end))
        return _STREET_CASE_RE.sub("улица", text[m.start() : end]).strip(" ,.")
    window_end = min(len(text), start + 120)
    m = _ON_STREET_RE.search(text, start, window_end)
    if m is None:
        return None
    spans.append(m.span())
    street = m.group(1)
    if street.lower() in ("улицу", "улице"):
        return None
    if street.lower().endswith(("ой", "ую")) and len(street) > 4:  # noqa: PLR2004 - Складской
        street = street[:-2] + ("АЯ" if street.isupper() else "ая")
    return f"{street} {m.group(2)}"
