"""Deadlines written in an order ("к пятнице", "до 15.12", "через неделю", "завтра к обеду").

Resolved against the day the message was sent. "завтра" in a clause about the client sending
something ("кол-во скажут завтра", "образец привезут завтра") is no deadline. A date without a
year that lies more than 60 days back is taken as next year's; a nearer past date is kept, so
validation can say it is in the past.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.domain.orders.lexicon import MONTH_RE, WEEKDAY_RE, month_number, weekday_number

Span = tuple[int, int]
_PAST_TOLERANCE_DAYS = 60
_CLAUSE_END = re.compile(r"[.,;\n!?]")
_INFO_VERB_RE = re.compile(
    r"скаж\w*|пришл\w*|привез(?:ут|ет|[её]т)|скин\w*|уточн\w*|сообщ\w*|вышл\w*|дадут|подтверд\w*"
    r"|позвон\w*|ответ\w*|напиш\w*|образ\w*|мерк\w*|макет\w*|оплат\w*"
)
# «размеры сабо завтра»: a slot the client tells tomorrow (no number between them)
_INFO_NOUN_RE = re.compile(r"(?:размер\w*|рост\w*|кол-?\s?в\w*|количеств\w*|цвет\w*)[^\d]{0,25}$")
_DATE_NUM_RE = re.compile(
    r"(?:(?<![а-я])(?:к|до|на|срок\w*(?:\s+до)?|не\s+позднее|отгрузк\w*)\s+)?"
    r"(?<![\d./])(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?(?![\d/]|\.\d)"
)
_DATE_WORD_RE = re.compile(
    r"(?:(?<![а-я])(?:к|до|на|срок\w*(?:\s+до)?|не\s+позднее)\s+)?(?<![\d.])(\d{1,2})"
    r"(?:-?(?:го|е|ое|ому|му|м))?\s+" + MONTH_RE + r"(?:\s+(\d{4})\s*(?:г\.?|года)?)?"
)
_WEEKDAY_RE = re.compile(
    r"(?<![а-я])(?:к|до|на|в|во)\s+(следующ\w*\s+)?" + WEEKDAY_RE + r"(\s+следующ\w*\s+недел\w*)?"
)
_RELATIVE_RE = re.compile(
    r"(?<![а-я])(?:(послезавтра)|(завтра)|(сегодня)"
    r"|(?:до|к)\s+конц[ау]\s+(?:этой\s+|этого\s+|текущего\s+)?(недели|месяца|года)"
    r"|(?:через|в\s+течени[еи])\s+(\d{1,2}|одну|один|две|два|три|пару)?\s*"
    r"(дн\w*|день|недел\w*|месяц\w*))(?![а-я])"
)


def find_deadline(low: str, today: date, spans: list[Span]) -> date | None:
    """The first deadline written ("к пятнице", "до 15.12", "через неделю"), from `today`."""
    found: list[tuple[int, int, date]] = []
    for m in _DATE_NUM_RE.finditer(low):
        d = _date(today, int(m.group(1)), int(m.group(2)), m.group(3))
        if d is not None and not _after_ot(low, m.start(1)):
            found.append((m.start(), m.end(), d))
    for m in _DATE_WORD_RE.finditer(low):
        month = month_number(m.group(2))
        d = _date(today, int(m.group(1)), month or 0, m.group(3))
        if d is not None and not _after_ot(low, m.start(1)):
            found.append((m.start(), m.end(), d))
    for m in _WEEKDAY_RE.finditer(low):
        wd = weekday_number(m.group(2))
        if wd is not None:
            found.append((m.start(), m.end(), _weekday(today, wd, bool(m.group(1) or m.group(3)))))
    for m in _RELATIVE_RE.finditer(low):
        d = _relative(m, today, low)
        if d is not None:
            found.append((m.start(), m.end(), d))
    if not found:
        return None
    found.sort()
    spans.extend((s, e) for s, e, _d in found)
    return found[0][2]


def _date(today: date, day: int, month: int, year_text: str | None) -> date | None:
    year = today.year
    if year_text:
        year = int(year_text)
        if year < 100:  # noqa: PLR2004
            year += 2000
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    if not year_text and d < today - timedelta(days=_PAST_TOLERANCE_DAYS):
        try:
            d = date(year + 1, month, day)
        except ValueError:
            return None
    return d


def _after_ot(low: str, pos: int) -> bool:
    """ "письмо от 20.11" is no deadline."""
    return bool(re.search(r"(?<![а-я])от\s*$", low[max(0, pos - 6) : pos]))


def _weekday(today: date, weekday: int, next_week: bool) -> date:
    if next_week:
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=weekday)
    delta = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=delta)


def _relative(m: re.Match[str], today: date, low: str) -> date | None:
    after_tomorrow, tomorrow, today_word, end_of, n_text, unit = m.groups()
    if after_tomorrow or tomorrow or today_word:
        start = max(low.rfind(c, 0, m.start()) for c in ".,;\n!?") + 1
        clause = low[start : _clause_end(low, m.end())]
        if _INFO_VERB_RE.search(clause) or _INFO_NOUN_RE.search(low, start, m.start()):
            return None
        return today + timedelta(days=2 if after_tomorrow else 1 if tomorrow else 0)
    if end_of == "недели":
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if end_of == "месяца":
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if end_of == "года":
        return date(today.year, 12, 31)
    if unit is None:
        return None
    n = 1
    if n_text:
        n = (
            int(n_text)
            if n_text.isdigit()
            else {"пару": 2, "две": 2, "два": 2, "три": 3}.get(n_text, 1)
        )
    if unit.startswith("недел"):
        return today + timedelta(days=7 * n)
    if unit.startswith("месяц"):
        month = today.month - 1 + n
        year, month = today.year + month // 12, month % 12 + 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)
    return today + timedelta(days=n)


def _clause_end(low: str, pos: int) -> int:
    m = _CLAUSE_END.search(low, pos)
    return m.start() if m else len(low)
