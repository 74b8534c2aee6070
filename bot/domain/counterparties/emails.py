"""E-mail addresses as they arrive: pasted with ``mailto:``, a display name or capitals.

``normalize_email(" Иван <Zakaz@Romashka-Cher.ru> ")`` gives ``zakaz@romashka-cher.ru``. The
whole address is lower-cased: mail servers treat the local part case-insensitively in practice,
and two spellings of one mailbox must compare equal. The shape check is deliberately basic
(one ``@``, no spaces, a dotted domain); only sending a message proves an address.
``find_emails`` reads every address of a free-text cell, whatever surrounds it.
"""

from __future__ import annotations

import re

from bot.domain.errors import InvalidInput

_ANGLE_ADDRESS = re.compile(r"<([^<>]*)>\s*$")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_ATOM = r"[^@\s<>()\[\],;:\".]+"
_SHAPE = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})+")
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"'«»]+@[^@\s<>()\[\],;:\"'«»]+")


def normalize_email(raw: str) -> str:
    """Return the bare, lower-cased address or raise ``InvalidInput("error-email")``."""
    text = raw.strip()
    angle = _ANGLE_ADDRESS.search(text)
    if angle:
        text = angle.group(1).strip()
    address = _MAILTO.sub("", text).strip().lower()
    if not _SHAPE.fullmatch(address):
        raise InvalidInput("error-email")
    return address


def email_domain(address: str) -> str:
    """The domain of a normalised address (the part after ``@``)."""
    return address.rpartition("@")[2]


def split_emails(text: str) -> list[str]:
    """Split an e-mails field on ``;``, ``,`` or line breaks into non-empty, stripped parts."""
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


def find_emails(text: str) -> list[str]:
    """Every address in ``text``, normalised, in order and without repeats: display names,
    quotes, ``mailto:``, brackets and separators of any kind around them are ignored."""
    found: list[str] = []
    for match in _ADDRESS.finditer(text):
        try:
            found.append(normalize_email(match.group(0).strip(".")))
        except InvalidInput:
            continue  # not an address after all
    return list(dict.fromkeys(found))
