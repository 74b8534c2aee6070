"""Measure the counterparty duplicate check on labelled data.

Usage (from the repository root)::

    .venv/bin/python -m scripts.measure_dedup [--counterparties CSV] [--duplicates CSV]

Each row of ``counterparty_duplicates.csv`` is an incoming "new client" record; it is run
through ``MatchIndex.candidates`` over ``counterparties.csv`` and ``is_duplicate`` gives the
system's answer: an id ("duplicate of X") or None ("new").

- A **positive** is a row where the system names a match (any id).
- A positive is **correct** when the id named is the row's ``expected_match_id``; naming an id
  for a row whose ``expected_match_id`` is empty (a negative), or naming another id, is a false
  positive.
- **precision** = correct positives / positives (1.0 when the system names nothing);
  **recall** = correct positives / rows with a non-empty ``expected_match_id``.

Prints both and every misclassified row; exits 1 when either is below 0.95.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.domain.counterparties.emails import normalize_email, split_emails
from bot.domain.counterparties.match import (
    Candidate,
    CounterpartyKey,
    IncomingCounterparty,
    MatchIndex,
    is_duplicate,
)
from bot.domain.counterparties.phones import normalize_phone, split_phones

DATA_DIR = Path(__file__).resolve().parents[1] / "tests" / "data"
GOAL = 0.95


@dataclass(frozen=True, slots=True)
class DedupCase:
    case_id: str
    incoming: IncomingCounterparty
    expected_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: DedupCase
    predicted_id: str | None
    candidates: tuple[Candidate, ...]

    @property
    def is_correct(self) -> bool:
        return self.predicted_id == self.case.expected_id


@dataclass(frozen=True, slots=True)
class DedupReport:
    outcomes: tuple[Outcome, ...]

    @property
    def precision(self) -> float:
        positives = [o for o in self.outcomes if o.predicted_id is not None]
        if not positives:
            return 1.0
        return sum(o.is_correct for o in positives) / len(positives)

    @property
    def recall(self) -> float:
        expected = [o for o in self.outcomes if o.case.expected_id is not None]
        if not expected:
            return 1.0
        return sum(o.is_correct for o in expected) / len(expected)

    @property
    def misclassified(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.is_correct)


def load_counterparties(path: Path) -> list[CounterpartyKey]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            CounterpartyKey(
                id=row["id"],
                name=row["name"],
                inn=row["inn"],
                kpp=row["kpp"],
                phones=tuple(str(normalize_phone(p)) for p in split_phones(row["phones"])),
                emails=tuple(normalize_email(e) for e in split_emails(row["emails"])),
                city=row["city"],
            )
            for row in csv.DictReader(file)
        ]


def load_cases(path: Path) -> list[DedupCase]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            DedupCase(
                case_id=row["case_id"],
                incoming=IncomingCounterparty(
                    name=row["in_name"],
                    inn=row["in_inn"],
                    kpp=row["in_kpp"],
                    phones=tuple(split_phones(row["in_phone"])),
                    emails=tuple(split_emails(row["in_email"])),
                    contact=row["in_contact"],
                    city=row["in_city"],
                ),
                expected_id=row["expected_match_id"] or None,
                reason=row["reason"],
            )
            for row in csv.DictReader(file)
        ]


def measure(counterparties: Path, duplicates: Path) -> DedupReport:
    index = MatchIndex(load_counterparties(counterparties))
    outcomes = []
    for case in load_cases(duplicates):
        candidates = index.candidates(case.incoming)
        outcomes.append(Outcome(case, is_duplicate(candidates), tuple(candidates)))
    return DedupReport(tuple(outcomes))


def _describe(outcome: Outcome) -> str:
    found = ", ".join(f"{c.id} {c.score:.2f} {'+'.join(c.reasons)}" for c in outcome.candidates)
    case = outcome.case
    return (
        f"{case.case_id}: expected {case.expected_id or 'new'}, "
        f"got {outcome.predicted_id or 'new'} [{found or 'no candidates'}] ({case.reason})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--counterparties", type=Path, default=DATA_DIR / "counterparties.csv")
    parser.add_argument(
        "--duplicates", type=Path, default=DATA_DIR / "counterparty_duplicates.csv"
    )
    args = parser.parse_args(argv)
    report = measure(args.counterparties, args.duplicates)
    print(f"rows: {len(report.outcomes)}")
    print(f"precision: {report.precision:.3f}")
    print(f"recall: {report.recall:.3f}")
    for outcome in report.misclassified:
        print(_describe(outcome))
    return 0 if min(report.precision, report.recall) >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
