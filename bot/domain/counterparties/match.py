"""Finding the existing counterparties a "new" one may duplicate.

Build a ``MatchIndex`` once over the existing counterparties (``CounterpartyKey``) and ask it for
``candidates(incoming)``: a list of ``Candidate(id, score, reasons)``, best first, of at most
``MAX_CANDIDATES`` entries scoring at least ``CANDIDATE_THRESHOLD``. ``is_duplicate`` turns that
list into a single answer. The rules, strongest first:

- **INN.** An equal INN is the same counterparty (score 1.0), whatever the name says: renamed,
  another legal form, or a branch. **Branch rule:** the same INN with a different KPP is a
  branch (обособленное подразделение) of that counterparty, still a duplicate; it scores
  ``BRANCH_SCORE`` and carries the reason ``branch_kpp`` so the service can offer to record the
  branch instead of a new counterparty. An incoming INN is read as typed (spaces and dashes
  dropped); an invalid one is ignored.
- **A different valid INN is a different counterparty**, however alike the rest is: such a
  candidate keeps the reason ``other_inn`` and its score is capped at ``OTHER_INN_CAP``, so it
  may be shown as "similar" but is never a duplicate.
- **Phone and e-mail.** An equal phone (E.164, extension ignored) or e-mail (normalised) scores
  ``CONTACT_SCORE``. A shared corporate mail domain (not a public mail service) is a weak hint.
- **Name.** Normalised names (``company_names``) compared with rapidfuzz; individuals ("ИП
  Иванов И.И.") by surname and initials. The similarity is multiplied by a city factor: the same
  city keeps it, an unknown city lowers it, another city lowers it more. A word that only one
  name has (a number, "Плюс", "Механика") marks another company and caps the similarity.
- Several independent signals for one candidate add ``CORROBORATION`` each to the best one.

The contact person of the incoming record is not used: people move between companies and one
person may buy for several, so a shared contact is no evidence of a duplicate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.domain.counterparties.emails import email_domain, normalize_email, split_emails
from bot.domain.counterparties.inn import parse_typed_inn, validate_kpp
from bot.domain.counterparties.names import PersonName, name_words, person_name
from bot.domain.counterparties.phones import normalize_phone, split_phones
from bot.domain.errors import InvalidInput

CANDIDATE_THRESHOLD = 0.5
DUPLICATE_THRESHOLD = 0.85
AMBIGUITY_MARGIN = 0.03
MAX_CANDIDATES = 5
INN_SCORE = 1.0
BRANCH_SCORE = 0.97
CONTACT_SCORE = 0.95
EMAIL_DOMAIN_SCORE = 0.6
OTHER_INN_CAP = 0.5
CORROBORATION = 0.03
NAME_FLOOR = 0.6
INITIALS_SIMILARITY = 0.9
EXTRA_WORD_CAP = 0.75
CITY_FACTOR_SAME = 1.0
CITY_FACTOR_UNKNOWN = 0.8
CITY_FACTOR_OTHER = 0.6
_FUZZY_LIMIT = 10
_FUZZY_CUTOFF = 60
_WORD_MATCH = 80
_MIN_CONTAINED_WORD = 4
_GENERIC_WORDS = frozenset(("тд", "ук", "оп", "чоп", "гк", "г", "компания", "группа", "фирма"))
_CITY_PREFIXES = frozenset(("г", "гор", "город"))
_PUBLIC_MAIL_DOMAINS = frozenset(
    (
        "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "yandex.ru", "ya.ru",
        "yandex.com", "rambler.ru", "gmail.com", "outlook.com", "hotmail.com", "icloud.com",
        "yahoo.com", "narod.ru",
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


@dataclass(frozen=True, slots=True)
class _Names:
    words: tuple[str, ...]
    person: PersonName | None
    city: tuple[str, ...]

    @classmethod
    def of(cls, name: str, city: str) -> _Names:
        city_words = tuple(w for w in name_words(city) if w not in _CITY_PREFIXES)
        return cls(tuple(name_words(name)), person_name(name), city_words)


@dataclass(slots=True)
class _Evidence:
    signals: dict[MatchReason, float] = field(default_factory=dict)
    notes: list[MatchReason] = field(default_factory=list)

    def add(self, reason: MatchReason, score: float) -> None:
        self.signals[reason] = max(score, self.signals.get(reason, 0.0))


def _phone_keys(raws: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for part in (p for raw in raws for p in split_phones(raw)):
        try:
            keys.add(normalize_phone(part).e164)
        except InvalidInput:
            continue  # an unreadable phone is no evidence either way
    return keys


def _email_keys(raws: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for part in (p for raw in raws for p in split_emails(raw)):
        try:
            keys.add(normalize_email(part))
        except InvalidInput:
            continue
    return keys


def _valid_or_empty(parse: Callable[[str], str], value: str) -> str:
    try:
        return parse(value)
    except InvalidInput:
        return ""  # a malformed INN or KPP is no evidence either way


def _person_similarity(a: PersonName, b: PersonName) -> float:
    if a.surname != b.surname:
        return 0.0
    exact = True
    for x, y in ((a.first, b.first), (a.patronymic, b.patronymic)):
        if x is None or y is None or len(x) == 1 or len(y) == 1:
            exact = False
            if x is not None and y is not None and x[0] != y[0]:
                return 0.0
        elif x != y:
            return 0.0
    return 1.0 if exact else INITIALS_SIMILARITY


def _has_distinguishing_word(words: Sequence[str], other: Sequence[str]) -> bool:
    """Whether ``words`` has a word (not a generic one) that ``other`` lacks."""
    other_compact = "".join(other)
    for word in words:
        if word in _GENERIC_WORDS or word in other:
            continue
        if any(ch.isdigit() for ch in word):
            return True  # numbers tell companies apart: "№ 5" is not "№ 7"
        if len(word) >= _MIN_CONTAINED_WORD and word in other_compact:
            continue
        if not any(fuzz.ratio(word, o) >= _WORD_MATCH for o in other):
            return True
    return False


def _word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    a_compact, b_compact = "".join(a), "".join(b)
    if not a_compact or not b_compact:
        return 0.0
    if a_compact == b_compact:
        return 1.0
    score = (
        max(fuzz.ratio(a_compact, b_compact), fuzz.token_sort_ratio(" ".join(a), " ".join(b)))
        / 100
    )
    if _has_distinguishing_word(a, b) or _has_distinguishing_word(b, a):
        score = min(score, EXTRA_WORD_CAP)
    return score


def _strip_city(words: tuple[str, ...], city: set[str]) -> tuple[str, ...]:
    stripped = tuple(w for w in words if w not in city)
    return stripped or words


def _name_evidence(incoming: _Names, existing: _Names) -> tuple[MatchReason, float] | None:
    if incoming.person and existing.person:
        similarity = _person_similarity(incoming.person, existing.person)
        reason = MatchReason.NAME if similarity == 1.0 else MatchReason.INITIALS
    else:
        cities = set(incoming.city) | set(existing.city)
        similarity = _word_similarity(
            _strip_city(incoming.words, cities), _strip_city(existing.words, cities)
        )
        reason = MatchReason.NAME if similarity == 1.0 else MatchReason.SIMILAR_NAME
    if similarity < NAME_FLOOR:
        return None
    return reason, similarity * _city_factor(incoming.city, existing.city)


def _city_factor(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return CITY_FACTOR_UNKNOWN
    return CITY_FACTOR_SAME if a == b else CITY_FACTOR_OTHER


class MatchIndex:
    """Existing counterparties with their matching keys computed once; reusable and read-only."""

    def __init__(self, keys: Iterable[CounterpartyKey]) -> None:
        self._keys: list[CounterpartyKey] = []
        self._names: list[_Names] = []
        self._compacts: list[str] = []
        self._by_inn: dict[str, list[int]] = defaultdict(list)
        self._by_phone: dict[str, list[int]] = defaultdict(list)
        self._by_email: dict[str, list[int]] = defaultdict(list)
        self._by_domain: dict[str, list[int]] = defaultdict(list)
        self._by_surname: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            names = _Names.of(key.name, key.city)
            self._keys.append(key)
            self._names.append(names)
            self._compacts.append("".join(names.words))
            if key.inn:
                self._by_inn[key.inn.strip()].append(i)
            for phone in _phone_keys(key.phones):
                self._by_phone[phone].append(i)
            for email in _email_keys(key.emails):
                self._by_email[email].append(i)
                self._by_domain[email_domain(email)].append(i)
            if names.person:
                self._by_surname[names.person.surname].append(i)

    def __len__(self) -> int:
        return len(self._keys)

    def candidates(self, incoming: IncomingCounterparty) -> list[Candidate]:
        """Existing counterparties the incoming one may be, best first (see module doc)."""
        evidence: dict[int, _Evidence] = defaultdict(_Evidence)
        inn = _valid_or_empty(parse_typed_inn, incoming.inn)
        self._add_inn(evidence, inn, _valid_or_empty(validate_kpp, incoming.kpp))
        self._add_contacts(evidence, incoming)
        self._add_names(evidence, _Names.of(incoming.name, incoming.city))
        found = [self._candidate(i, ev, inn) for i, ev in evidence.items() if ev.signals]
        found = [c for c in found if c.score >= CANDIDATE_THRESHOLD]
        found.sort(key=lambda c: (-c.score, c.id))
        return found[:MAX_CANDIDATES]

    def _add_inn(self, evidence: dict[int, _Evidence], inn: str, kpp: str) -> None:
        for i in self._by_inn.get(inn, ()) if inn else ():
            existing_kpp = self._keys[i].kpp.strip()
            if kpp and existing_kpp and kpp != existing_kpp:
                evidence[i].add(MatchReason.INN, BRANCH_SCORE)
                evidence[i].notes.append(MatchReason.BRANCH_KPP)
            else:
                evidence[i].add(MatchReason.INN, INN_SCORE)

    def _add_contacts(
        self, evidence: dict[int, _Evidence], incoming: IncomingCounterparty
    ) -> None:
        for phone in _phone_keys(incoming.phones):
            for i in self._by_phone.get(phone, ()):
                evidence[i].add(MatchReason.PHONE, CONTACT_SCORE)
        for email in _email_keys(incoming.emails):
            for i in self._by_email.get(email, ()):
                evidence[i].add(MatchReason.EMAIL, CONTACT_SCORE)
            domain = email_domain(email)
            if domain in _PUBLIC_MAIL_DOMAINS:
                continue
            for i in self._by_domain.get(domain, ()):
                if MatchReason.EMAIL not in evidence[i].signals:
                    evidence[i].add(MatchReason.EMAIL_DOMAIN, EMAIL_DOMAIN_SCORE)

    def _add_names(self, evidence: dict[int, _Evidence], incoming: _Names) -> None:
        compact = "".join(incoming.words)
        if not compact:
            return
        nearest = process.extract(
            compact,
            self._compacts,
            scorer=fuzz.ratio,
            limit=_FUZZY_LIMIT,
            score_cutoff=_FUZZY_CUTOFF,
        )
        indices = {i for _, _, i in nearest}
        if incoming.person:
            indices.update(self._by_surname.get(incoming.person.surname, ()))
        for i in indices:
            found = _name_evidence(incoming, self._names[i])
            if found is None:
                continue
            reason, score = found
            evidence[i].add(reason, score)
            if self._names[i].city and self._names[i].city == incoming.city:
                evidence[i].notes.append(MatchReason.SAME_CITY)

    def _candidate(self, i: int, evidence: _Evidence, inn: str) -> Candidate:
        key = self._keys[i]
        scores = evidence.signals.values()
        score = min(1.0, max(scores) + CORROBORATION * (len(evidence.signals) - 1))
        reasons = [*evidence.signals, *evidence.notes]
        if inn and key.inn.strip() and key.inn.strip() != inn:
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
