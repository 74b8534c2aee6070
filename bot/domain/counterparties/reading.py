"""Reading the matching keys out of a record as it was typed or pasted.

People put things where they fit: an INN with its label ("ИНН: 3526682400") or in groups
("35 25 45 97 45"), the INN/KPP pair in the name cell ("ООО «Ромашка» инн/кпп
3528972289/352801001"), two phones in one cell, ``tel:`` links, e-mails with display names.
``read_record`` collects every INN, KPP, phone (E.164, extension dropped) and e-mail it finds in
the fields, and gives back the name with the identifiers cut out of it. The contact person is
not read: a person is no evidence of a company (see ``match``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.counterparties.emails import find_emails
from bot.domain.counterparties.inn import find_tax_ids, read_inn_field, read_kpp_field
from bot.domain.counterparties.phones import find_phones

# A phone or e-mail pasted into the name cell after a label: "Ромашка, тел. 8 921 866-20-11".
_CONTACT_LABEL = re.compile(
    r"(?<![^\W\d_])(?:тел|телефон|моб|tel|phone|e-?mail|эл\.?\s*почта|почта)(?![^\W\d_])",
    re.IGNORECASE,
)


# An address pasted into the name cell, with its label and decoration: "e-mail: <x@y.ru>".
_EMAIL_IN_NAME = re.compile(
    r"(?:(?<![^\W\d_])(?:e-?mail|эл\.?\s*почта|почта)\s*:?\s*)?<?(?:mailto:)?"
    r"[^@\s<>()\[\],;:\"'«»]+@[^@\s<>()\[\],;:\"'«»]+>?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RecordKeys:
    name: str
    inns: frozenset[str]
    kpps: frozenset[str]
    phones: frozenset[str]
    emails: frozenset[str]
    city: str


def phone_keys(raws: Iterable[str]) -> frozenset[str]:
    """The E.164 numbers (without extensions) of every phone in ``raws``."""
    return frozenset(phone.e164 for raw in raws for phone in find_phones(raw))


def email_keys(raws: Iterable[str]) -> frozenset[str]:
    return frozenset(email for raw in raws for email in find_emails(raw))


def read_record(
    name: str,
    inn: str = "",
    kpp: str = "",
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    city: str = "",
) -> RecordKeys:
    """Every identifier the fields hold, wherever it was typed (see the module doc)."""
    in_inn = read_inn_field(inn)
    in_kpp = read_kpp_field(kpp)
    in_name = find_tax_ids(name)
    in_phones = [find_tax_ids(raw) for raw in phones]
    in_emails = [find_tax_ids(raw) for raw in emails]
    in_city = find_tax_ids(city)
    found = [in_inn, in_name, *in_phones, *in_emails, in_city]
    phone_texts = [tax.rest for tax in in_phones]
    emails_in_name = find_emails(in_name.rest)
    clean_name = _EMAIL_IN_NAME.sub(" ", in_name.rest) if emails_in_name else in_name.rest
    label = _CONTACT_LABEL.search(clean_name)
    if label and find_phones(clean_name[label.end() :]):  # "Почта России" keeps its name
        phone_texts.append(clean_name[label.end() :])
        clean_name = clean_name[: label.start()]
    return RecordKeys(
        name=" ".join(clean_name.split()).strip(" ,;:-"),
        inns=frozenset(inn for tax in found for inn in tax.inns),
        kpps=frozenset((*(k for tax in found for k in tax.kpps), *([in_kpp] if in_kpp else []))),
        phones=phone_keys(phone_texts),
        emails=email_keys(tax.rest for tax in in_emails) | frozenset(emails_in_name),
        city=in_city.rest if in_city.inns or in_city.kpps else city,
    )
