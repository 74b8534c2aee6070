"""Finding the existing counterparties a "new" one may duplicate.

Build a ``MatchIndex`` once over the existing counterparties (``CounterpartyKey``) and ask it for
``candidates(incoming)``: a list of ``Candidate(id, score, reasons)``, best first, of at most
``MAX_CANDIDATES`` entries scoring at least ``CANDIDATE_THRESHOLD``. ``is_duplicate`` turns that
list into a single answer. The incoming record is read as typed (``reading.read_record``): INNs
and KPPs wherever they stand (labelled, in groups, in the name cell), every phone of a cell,
``tel:``/``mailto:`` links, display names. The rules, strongest first:

- **INN.** An equal INN is the same counterparty (score 1.0), whatever the name says: renamed,
  another legal form, or a branch. **Branch rule:** the same INN with a different KPP is a
  branch (обособленное подразделение) of that counterparty, still a duplicate; it scores
  ``BRANCH_SCORE`` and carries the reason ``branch_kpp`` so the service can offer to record the
  branch instead of a new counterparty. An invalid INN is ignored.
- **A different valid INN is a different counterparty**, however alike the rest is: such a
  candidate keeps the reason ``other_inn`` and its score is capped at ``OTHER_INN_CAP``, so it
  may be shown as "similar" but is never a duplicate.
- **Phone and e-mail.** An equal phone (E.164, extension ignored) or e-mail (normalised) scores
  ``CONTACT_SCORE``. A shared corporate mail domain (not a public mail service) is a weak hint
  alone (``EMAIL_DOMAIN_SCORE``); together with a name at least ``DOMAIN_NAME_FLOOR`` alike
  (an abbreviation such as "ВСК" of "Вологодская Сервисная Компания" counts, and so does a
  shortened name: "Мехколонна" of "Мехколонна-35") and no other city, it is the same
  counterparty (``DOMAIN_NAME_SCORE``).
- **Name.** See ``similarity``: company words with rapidfuzz, individuals by surname and
  initials, abbreviations. The similarity is multiplied by a city factor: the same city keeps
  it, an unknown city lowers it, another city lowers it more.
- Several independent signals for one candidate add ``CORROBORATION`` each to the best one.

The contact person of the incoming record is not used: people move between companies and one
person may buy for several, so a shared contact is no evidence of a duplicate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.domain.counterparties.emails import email_domain
from bot.domain.counterparties.reading import email_keys, phone_keys, read_record
from bot.domain.counterparties.similarity import (
    CityRelation,
    NameKey,
    NameKind,
    NameMatch,
    compare_names,
    may_abbreviate,
    surname_slip,
)

CANDIDATE_THRESHOLD = 0.5
DUPLICATE_THRESHOLD = 0.85
AMBIGUITY_MARGIN = 0.03
MAX_CANDIDATES = 5
INN_SCORE = 1.0
BRANCH_SCORE = 0.97
CONTACT_SCORE = 0.95
EMAIL_DOMAIN_SCORE = 0.6
DOMAIN_NAME_SCORE = 0.92
DOMAIN_NAME_FLOOR = 0.8
OTHER_INN_CAP = 0.5
CORROBORATION = 0.03
CITY_FACTOR: dict[CityRelation, float] = {
    CityRelation.SAME: 1.0,
    CityRelation.UNKNOWN: 0.8,
    CityRelation.OTHER: 0.6,
}
_FUZZY_LIMIT = 10
_FUZZY_CUTOFF = 60
_INDEXED_WORD = 4
_COMMON_WORD = 30
_WORD_CUTOFF = 80
_ALIKE_WORDS = 5
_PUBLIC_MAIL_DOMAINS = frozenset(
    (
        "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "yandex.ru", "ya.ru",
        "yandex.com", "yandex.by", "yandex.kz", "yandex.ua", "rambler.ru", "ro.ru", "lenta.ru",
        "autorambler.ru", "myrambler.ru", "gmail.com", "googlemail.com", "outlook.com",
        "hotmail.com", "live.com", "icloud.com", "me.com", "yahoo.com", "narod.ru", "qip.ru",
        "pochta.ru", "e1.ru", "ngs.ru", "ukr.net", "tut.by", "proton.me", "protonmail.com",
    )
)  # fmt: skip


class MatchReason(StrEnum):
    INN = "inn"
    BRANCH_KPP = "branch_kpp"
    PHONE = "phone"
    EMAIL = "email"
    EMAIL_DOMAIN = "email_domain"
    NAME = "name"
    SIMILAR_NAME = "similar_name"
    INITIALS = "initials"
    ABBREVIATION = "abbreviation"
    SAME_CITY = "same_city"
    OTHER_INN = "other_inn"


@dataclass(frozen=True, slots=True)
class IncomingCounterparty:
    """A would-be new counterparty as entered; every field may be empty or malformed."""

    name: str = ""
    inn: str = ""
    kpp: str = ""
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    contact: str = ""
    city: str = ""


@dataclass(frozen=True, slots=True)
class CounterpartyKey:
    """What matching needs of an existing counterparty (phones E.164, e-mails normalised)."""

    id: str
    name: str
    inn: str = ""
    kpp: str = ""
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    city: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(slots=True)
class _Evidence:
    signals: dict[MatchReason, float] = field(default_factory=dict)
    notes: list[MatchReason] = field(default_factory=list)
    name: NameMatch | None = None
    domain: bool = False

    def add(self, reason: MatchReason, score: float) -> None:
        self.signals[reason] = max(score, self.signals.get(reason, 0.0))


_NAME_REASONS: dict[NameKind, MatchReason] = {
    NameKind.NAME: MatchReason.NAME,
    NameKind.SIMILAR_NAME: MatchReason.SIMILAR_NAME,
    NameKind.INITIALS: MatchReason.INITIALS,
    NameKind.ABBREVIATION: MatchReason.ABBREVIATION,
}


class MatchIndex:
    """Existing counterparties with their matching keys computed once; reusable and read-only."""

    def __init__(self, keys: Iterable[CounterpartyKey]) -> None:
        self._keys: list[CounterpartyKey] = []
        self._names: list[NameKey] = []
        self._compacts: list[str] = []
        self._by_inn: dict[str, list[int]] = defaultdict(list)
        self._by_phone: dict[str, list[int]] = defaultdict(list)
        self._by_email: dict[str, list[int]] = defaultdict(list)
        self._by_domain: dict[str, list[int]] = defaultdict(list)
        self._by_surname: dict[str, list[int]] = defaultdict(list)
        self._surnames_by_shape: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._by_word: dict[str, list[int]] = defaultdict(list)
        self._by_initial: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            names = NameKey.of(key.name, key.city)
            self._keys.append(key)
            self._names.append(names)
            self._compacts.append(names.compact)
            if key.inn.strip():
                self._by_inn[key.inn.strip()].append(i)
            for phone in phone_keys(key.phones):
                self._by_phone[phone].append(i)
            for email in email_keys(key.emails):
                self._by_email[email].append(i)
                self._by_domain[email_domain(email)].append(i)
            if names.person:
                surname = names.person.surname
                if surname not in self._by_surname:
                    self._surnames_by_shape[(len(surname), surname[:1])].append(surname)
                self._by_surname[surname].append(i)
            for word in set(names.words):
                if len(word) >= _INDEXED_WORD:
                    self._by_word[word].append(i)
            if names.compact:
                self._by_initial[names.compact[0]].append(i)
        self._words = list(self._by_word)

    def __len__(self) -> int:
        return len(self._keys)

    def candidates(self, incoming: IncomingCounterparty) -> list[Candidate]:
        """Existing counterparties the incoming one may be, best first (see module doc)."""
        record = read_record(
            incoming.name,
            incoming.inn,
            incoming.kpp,
            incoming.phones,
            incoming.emails,
            incoming.city,
        )
        evidence: dict[int, _Evidence] = defaultdict(_Evidence)
        self._add_inn(evidence, record.inns, record.kpps)
        self._add_contacts(evidence, record.phones, record.emails)
        self._add_names(evidence, NameKey.of(record.name, record.city))
        found = [self._candidate(i, ev, record.inns) for i, ev in evidence.items() if ev.signals]
        found = [c for c in found if c.score >= CANDIDATE_THRESHOLD]
        found.sort(key=lambda c: (-c.score, c.id))
        return found[:MAX_CANDIDATES]

    def _add_inn(
        self, evidence: dict[int, _Evidence], inns: frozenset[str], kpps: frozenset[str]
    ) -> None:
        for i in (i for inn in inns for i in self._by_inn.get(inn, ())):
            existing_kpp = self._keys[i].kpp.strip()
            if kpps and existing_kpp and existing_kpp not in kpps:
                evidence[i].add(MatchReason.INN, BRANCH_SCORE)
                evidence[i].notes.append(MatchReason.BRANCH_KPP)
            else:
                evidence[i].add(MatchReason.INN, INN_SCORE)

    def _add_contacts(
        self, evidence: dict[int, _Evidence], phones: frozenset[str], emails: frozenset[str]
    ) -> None:
        for phone in phones:
            for i in self._by_phone.get(phone, ()):
                evidence[i].add(MatchReason.PHONE, CONTACT_SCORE)
        for email in emails:
            for i in self._by_email.get(email, ()):
                evidence[i].add(MatchReason.EMAIL, CONTACT_SCORE)
            domain = email_domain(email)
            if domain in _PUBLIC_MAIL_DOMAINS:
                continue
            for i in self._by_domain.get(domain, ()):
                evidence[i].domain = True
                if MatchReason.EMAIL not in evidence[i].signals:
                    evidence[i].add(MatchReason.EMAIL_DOMAIN, EMAIL_DOMAIN_SCORE)

    def _name_candidates(self, incoming: NameKey) -> set[int]:
        """Existing counterparties whose names are worth comparing with the incoming one: the
        nearest whole names (with and without the city), the same or a mistyped surname, a
        shared or mistyped distinctive word, and, for an abbreviation, the same initial."""
        indices: set[int] = set()
        for compact in {incoming.compact, "".join(incoming.without_city())}:
            nearest = process.extract(
                compact,
                self._compacts,
                scorer=fuzz.ratio,
                limit=_FUZZY_LIMIT,
                score_cutoff=_FUZZY_CUTOFF,
            )
            indices.update(i for _, _, i in nearest)
        if incoming.person:
            surname = incoming.person.surname
            for other in self._surnames_by_shape.get((len(surname), surname[:1]), ()):
                if other == surname or surname_slip(surname, other):
                    indices.update(self._by_surname[other])
        for word in incoming.words:
            if len(word) >= _INDEXED_WORD:
                for alike, _, _ in process.extract(
                    word,
                    self._words,
                    scorer=fuzz.ratio,
                    limit=_ALIKE_WORDS,
                    score_cutoff=_WORD_CUTOFF,
                ):
                    sharing = self._by_word[alike]
                    if len(sharing) <= _COMMON_WORD:  # a common word tells little
                        indices.update(sharing)
            if may_abbreviate(word, incoming.capitals):
                indices.update(self._by_initial.get(word[0], ()))
        return indices

    def _add_names(self, evidence: dict[int, _Evidence], incoming: NameKey) -> None:
        if not incoming.compact:
            return
        for i in self._name_candidates(incoming) | set(evidence):
            match = compare_names(incoming, self._names[i])
            if match is None:
                continue
            found = evidence[i]
            found.name = match
            found.add(_NAME_REASONS[match.kind], match.similarity * CITY_FACTOR[match.city])
            if match.city is CityRelation.SAME:
                found.notes.append(MatchReason.SAME_CITY)

    def _candidate(self, i: int, evidence: _Evidence, inns: frozenset[str]) -> Candidate:
        key = self._keys[i]
        name = evidence.name
        if (
            evidence.domain
            and name is not None
            and (name.similarity >= DOMAIN_NAME_FLOOR or name.shortened)
            and name.city is not CityRelation.OTHER
        ):
            evidence.add(MatchReason.EMAIL_DOMAIN, DOMAIN_NAME_SCORE)
        scores = evidence.signals.values()
        score = min(1.0, max(scores) + CORROBORATION * (len(evidence.signals) - 1))
        reasons = [*evidence.signals, *evidence.notes]
        if inns and key.inn.strip() and key.inn.strip() not in inns:
            score = min(score, OTHER_INN_CAP)
            reasons.append(MatchReason.OTHER_INN)
        order = list(MatchReason)
        return Candidate(
            id=key.id,
            score=round(score, 4),
            reasons=tuple(str(r) for r in sorted(reasons, key=order.index)),
        )


def find_candidates(
    incoming: IncomingCounterparty, existing: Iterable[CounterpartyKey]
) -> list[Candidate]:
    """One-off ``MatchIndex(existing).candidates(incoming)``; build the index to reuse it."""
    return MatchIndex(existing).candidates(incoming)


def is_duplicate(candidates: Sequence[Candidate]) -> str | None:
    """The id the incoming record duplicates, or None: it is new, or the match is ambiguous.

    The best candidate must reach ``DUPLICATE_THRESHOLD`` and lead the next one by more than
    ``AMBIGUITY_MARGIN``; when two counterparties tie (e.g. two branch records with one INN),
    there is no single answer and the service should show the candidates instead.
    """
    if not candidates or candidates[0].score < DUPLICATE_THRESHOLD:
        return None
    if len(candidates) > 1 and candidates[0].score - candidates[1].score <= AMBIGUITY_MARGIN:
        return None
    return candidates[0].id
