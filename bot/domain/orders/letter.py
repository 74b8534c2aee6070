"""The parts of a forwarded letter that hold no order: headers, greeting, signature.

- headers (`From:`, `Тема:`, `Дата:`, `-----Original Message-----`, `FW:`): no positions, no
  terms — the date a letter was sent is no deadline, its subject no quantity;
- the greeting («Добрый день, Ирина Олеговна!»);
- the signature: after «С уважением» / «--» up to a blank line, and any line that is only a
  person's name (pymorphy3 knows first names, surnames and patronymics), a job title, a company
  with its legal form, INN/KPP, a phone or an e-mail — unless it also holds sizes or quantities.

The client is still looked for in all of them (a signature names the company); positions are
not (a «Бригадир» signing is no suit «Бригадир», «Носков Роман» no socks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import razdel

from bot.domain.orders.morphology import grammemes
from bot.domain.orders.text import Text

Span = tuple[int, int]
_HEADER_RE = re.compile(
    r"^[ \t>]*(?:(?:from|sent|to|cc|subject|date|от|кому|копия|тема|дата|отправлено|отправитель"
    r"|получатель)\s*:|(?:fw|fwd|re|пересл\w*)\s*:|-{2,}\s*(?:forwarded|original|пересылаем)"
    r"|-{3,}\s*$)",
    re.IGNORECASE,
)
# A sentence of courtesy: a greeting or thanks, with no numbers («Добрый день, Ирина
# Олеговна!», «Светлана, привет!», «Заранее спасибо.»); razdel tells where sentences end.
_COURTESY_RE = re.compile(
    r"(?<![а-яё])(?:здравствуй\w*|добр\w+\s+(?:день|утро|вечер)|доброго\s+времени|привет\w*"
    r"|спасибо|благодар\w*)",
    re.IGNORECASE,
)
_CLOSING_RE = re.compile(
    r"^[ \t>]*(?:с\s+уважением|--\s*$|—\s*$|best\s+regards|regards|спасибо[.!]?\s*$"
    r"|с\s+наилучшими)",
    re.IGNORECASE,
)
_INITIALS_RE = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.")
_JOB_RE = re.compile(
    r"^[ \t>]*(?:директор|ген\.?\s*директор|генеральн\w+|менеджер|специалист|начальник|инженер"
    r"|главн\w+|заместител\w*|зам\.|бухгалтер|прораб|шеф-повар|сестра-хозяйка|старш\w+"
    r"|заведующ\w*|контрактн\w+|снабженец|кладовщик|руководител\w*|экономист|юрист|механик\s+\w+"
    r"|администратор|завхоз|диспетчер|инспектор|представител\w*|отдел\s)",
    re.IGNORECASE,
)
_LEGAL_LINE_RE = re.compile(
    r"(?:^|\s)(?:ООО|АО|ОАО|ЗАО|ПАО|ИП|ГБУЗ|ГБПОУ|МБОУ|МАДОУ|МУП|ГУП|БУ)\s+[«\"A-ZА-ЯЁ]"
)
_CONTACT_RE = re.compile(
    r"^[ \t>]*(?:инн|кпп|огрн|тел\.?|телефон|моб\.?|e-?mail|почта|сайт|www\.|http|р/с|к/с|бик"
    r"|\+7|8\s*\(|8-\d{3}|\(\d{3,5}\))",
    re.IGNORECASE,
)
_ORDER_CONTENT_RE = re.compile(
    r"\d{2}\s*[-/]\s*\d{2}(?!\d{2,})|\d\s*(?:шт|пар|компл|к-т)|(?<![а-я])(?:размер|рост)"
    r"|(?<![а-я])(?:опт|розниц|дилер|отсрочк|предоплат|самовывоз|доставк)",
    re.IGNORECASE,
)
_PHONE_LINE_RE = re.compile(r"^[ \t>]*(?:тел\.?|телефон|моб\.?|факс|\+7|8\s*\(\d)", re.IGNORECASE)
_QUOTE_MARK_RE = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_MAX_NAME_WORDS = 3
_NAME_LINE_RE = re.compile(r"^[ \t>]*[А-ЯЁ][а-яё]+(?:[ \t,.-]+[А-ЯЁ][а-яё]+){0,2}[ \t,.]*$")
_MAX_COURTESY = 60


@dataclass(frozen=True, slots=True)
class Layout:
    """Spans of the normalised text: `headers` (no terms either) and `meta` (no positions)."""

    headers: tuple[Span, ...]
    meta: tuple[Span, ...]


def read_layout(doc: Text) -> Layout:
    headers: list[Span] = []
    meta: list[Span] = [m.span() for m in _QUOTE_MARK_RE.finditer(doc.text)]
    in_signature = False
    pos = 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip(" \t>"):
            in_signature = False
            continue
        if _HEADER_RE.match(line):
            headers.append((start, end))
            meta.append((start, end))
            continue
        if _CLOSING_RE.match(line):
            in_signature = True
            meta.append((start, end))
            continue
        signature = in_signature or _is_signature_line(line)
        if _PHONE_LINE_RE.match(line) or (signature and not _ORDER_CONTENT_RE.search(line)):
            meta.append((start, end))
        elif _COURTESY_RE.search(line):
            meta.extend(courtesy(line, start))
    return Layout(tuple(headers), tuple(sorted(meta)))


def courtesy(line: str, offset: int = 0) -> list[Span]:
    """The sentences of a line that only greet or thank (razdel finds the sentences)."""
    return [
        (offset + s.start, offset + s.stop)
        for s in razdel.sentenize(line)
        if _COURTESY_RE.search(s.text)
        and not re.search(r"\d", s.text)
        and len(s.text) <= _MAX_COURTESY
    ]


def _is_signature_line(line: str) -> bool:
    if _INITIALS_RE.search(line) or _JOB_RE.match(line) or _CONTACT_RE.match(line):
        return True
    after_name = line.rsplit("»", maxsplit=1)[-1]
    if _LEGAL_LINE_RE.search(line) and not re.search(r"[:—–-]\s*[а-яё]", after_name):
        return True
    return _is_person_name(line)


def _is_person_name(line: str) -> bool:
    if not _NAME_LINE_RE.match(line):
        return False
    words = [t.text for t in razdel.tokenize(line) if t.text.isalpha()]
    if not 1 <= len(words) <= _MAX_NAME_WORDS or re.search(r"[\d«»\"]", line):
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    return all(_NAME_TAGS & grammemes(w) for w in words)
