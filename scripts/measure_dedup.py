"""Measure the counterparty duplicate check on labelled data.

Usage (from the repository root)::

    .venv/bin/python -m scripts.measure_dedup [--counterparties CSV] [--duplicates CSV ...]
        [--quiet]

Each row of ``counterparty_duplicates.csv`` is an incoming "new client" record; its cells go as
typed (a phone cell may hold two numbers) through ``MatchIndex.candidates`` over
``counterparties.csv``, and ``is_duplicate`` gives the system's answer: an id ("duplicate of
X") or None ("new"). ``--duplicates`` may be given several times: each file is scored, then all
of them together. ``--quiet`` prints the figures only (for a held-back corpus whose failures
must not be read).

- A **positive** is a row where the system names a match (any id).
- A positive is **correct** when the id named is the row's ``expected_match_id``; naming an id
  for a row whose ``expected_match_id`` is empty (a negative), or naming another id, is a false
  positive.
- **precision** = correct positives / positives (1.0 when the system names nothing);
  **recall** = correct positives / rows with a non-empty ``expected_match_id``.

Prints both and every misclassified row as a **miss** (a duplicate taken for new), a **false
match** (a new record taken for a duplicate) or a **wrong match** (the duplicate of another
counterparty), with the candidates, their scores and reasons, and the row's own reason;
exits 1 when either figure is below 0.95.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.domain.counterparties.emails import find_emails
from bot.domain.counterparties.match import (
    Candidate,
    CounterpartyKey,
    IncomingCounterparty,
    MatchIndex,
    is_duplicate,
)
from bot.domain.counterparties.phones import find_phones

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
                phones=tuple(str(phone) for phone in find_phones(row["phones"])),
                emails=tuple(find_emails(row["emails"])),
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
                    phones=(row["in_phone"],),
                    emails=(row["in_email"],),
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


def _kind(outcome: Outcome) -> str:
    if outcome.predicted_id is None:
        return "miss"
    return "false match" if outcome.case.expected_id is None else "wrong match"


def _describe(outcome: Outcome) -> str:
    found = ", ".join(f"{c.id} {c.score:.2f} {'+'.join(c.reasons)}" for c in outcome.candidates)
    case = outcome.case
    return (
        f"{_kind(outcome)} {case.case_id}: expected {case.expected_id or 'new'}, "
        f"got {outcome.predicted_id or 'new'} [{found or 'no candidates'}] ({case.reason})"
    )


def _print_report(title: str, report: DedupReport, quiet: bool) -> None:
    duplicates = sum(o.case.expected_id is not None for o in report.outcomes)
    print(f"== {title}")
    print(f"rows: {len(report.outcomes)} (duplicates {duplicates})")
    print(f"precision: {report.precision:.3f}")
    print(f"recall: {report.recall:.3f}")
    if not quiet:
        for outcome in report.misclassified:
            print(_describe(outcome))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--counterparties", type=Path, default=DATA_DIR / "counterparties.csv")
    parser.add_argument(
        "--duplicates",
        type=Path,
        action="append",
        help="labelled incoming records (repeat for several files)",
    )
    parser.add_argument("--quiet", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    files: list[Path] = args.duplicates or [DATA_DIR / "counterparty_duplicates.csv"]
    reports = [measure(args.counterparties, path) for path in files]
    for path, report in zip(files, reports, strict=True):
        _print_report(str(path), report, args.quiet)
    total = DedupReport(tuple(o for report in reports for o in report.outcomes))
    if len(reports) > 1:
        _print_report("all files", total, quiet=True)
    return 0 if min(total.precision, total.recall) >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
