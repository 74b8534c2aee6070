"""Measure the order parser on orders.jsonl: accuracy per field, share of orders fully right.

    .venv/bin/python scripts/measure_parser.py [--orders tests/data/orders.jsonl]
        [--catalog tests/data/catalog.csv] [--clients tests/data/counterparties.csv]
        [--company bot/data/company.yaml] [--quiet]

Scoring follows data/README.md: the client by `client_id` (its text only where the id is null),
a delivery address by street name and house number, an item outside the catalog by its wording
(case, ё and quotes ignored), `missing` as a set. A parsed position beyond the expected ones
counts as wrong in every position field.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.domain.catalog import load_catalog_csv  # noqa: E402
from bot.domain.company import default_company_path, load_company  # noqa: E402
from bot.domain.orders.client_mentions import ClientDirectory  # noqa: E402
from bot.domain.orders.parser import OrderParser  # noqa: E402

ORDER_FIELDS = ("client", "price_category", "work", "delivery", "deadline", "urgent", "payment",
                "missing", "positions_count")  # fmt: skip
POSITION_FIELDS = ("model", "sku", "colour", "size", "height", "qty", "unit", "work")
DATA = ROOT / "tests" / "data"
REFERENCE_DAY = date(2026, 11, 23)  # data/README.md: every sample message was sent then


@dataclass
class Report:
    orders: int = 0
    fully_right: int = 0
    order_fields: Counter[str] = field(default_factory=Counter)
    position_fields: Counter[str] = field(default_factory=Counter)
    positions: int = 0
    failures: list[tuple[str, list[str]]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def fully_right_share(self) -> float:
        return self.fully_right / self.orders if self.orders else 0.0

    @property
    def position_accuracy(self) -> float:
        total = self.positions * len(POSITION_FIELDS)
        return sum(self.position_fields.values()) / total if total else 1.0

    def field_accuracy(self, name: str) -> float:
        """Share right of an order field (`work`) or a position field (`positions.work`)."""
        if name.startswith("positions."):
            right = self.position_fields[name.removeprefix("positions.")]
            return right / self.positions if self.positions else 1.0
        return self.order_fields[name] / self.orders if self.orders else 1.0


def build_parser(
    catalog: Path = DATA / "catalog.csv",
    clients: Path = DATA / "counterparties.csv",
    company: Path | None = None,
) -> OrderParser:
    return OrderParser(
        load_catalog_csv(catalog),
        load_company(company or default_company_path()),
        ClientDirectory.from_csv(clients),
    )


def load_orders(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def measure(orders: Iterable[dict[str, Any]], parser: OrderParser) -> Report:
    report = Report()
    started = time.perf_counter()
    for order in orders:
        sent_at = order.get("sent_at")
        today = datetime.fromisoformat(sent_at).date() if sent_at else REFERENCE_DAY
        got = parser.parse(order["text"], today=today).to_dict()
        diffs = compare(order["expected"], got, report)
        report.orders += 1
        if diffs:
            report.failures.append((order.get("id", "?"), diffs))
        else:
            report.fully_right += 1
    report.seconds = time.perf_counter() - started
    return report


def compare(expected: dict[str, Any], got: dict[str, Any], report: Report) -> list[str]:
    """Differences of one parse (empty: fully right); counts right fields into the report."""
    diffs: list[str] = []

    def check(name: str, ok: bool, detail: str) -> None:
        if ok:
            report.order_fields[name] += 1
        else:
            diffs.append(f"{name}: {detail}")

    if expected["client_id"] is not None:
        check("client", got["client_id"] == expected["client_id"],
              f"{got['client_id']} ({got['client']!r}) != {expected['client_id']}")  # fmt: skip
    else:
        same = got["client_id"] is None and _norm(got["client"]) == _norm(expected["client"])
        check("client", same, f"{got['client']!r}/{got['client_id']} != {expected['client']!r}")
    for name in ("price_category", "work", "deadline", "urgent", "payment"):
        check(name, got[name] == expected[name], f"{got[name]} != {expected[name]}")
    check("delivery", _same_delivery(expected["delivery"], got["delivery"]),
          f"{got['delivery']} != {expected['delivery']}")  # fmt: skip
    check("missing", sorted(got["missing"]) == sorted(expected["missing"]),
          f"{got['missing']} != {expected['missing']}")  # fmt: skip
    want, have = expected["positions"], got["positions"]
    check("positions_count", len(want) == len(have), f"{len(have)} != {len(want)}")
    for i in range(max(len(want), len(have))):
        report.positions += 1
        w = want[i] if i < len(want) else None
        h = have[i] if i < len(have) else None
        for name in POSITION_FIELDS:
            ok = w is not None and h is not None and _same_position_field(name, w, h)
            if ok:
                report.position_fields[name] += 1
            else:
                have_value = h.get(name) if h else "-"
                want_value = w.get(name) if w else "-"
                diffs.append(f"positions[{i}].{name}: {have_value} != {want_value}")
    return diffs


def _same_position_field(name: str, want: dict[str, Any], have: dict[str, Any]) -> bool:
    if name == "model" and want["sku"] is None:
        return _norm(want["model"]) == _norm(have["model"])
    return bool(want[name] == have[name])


def _same_delivery(want: dict[str, Any] | None, have: dict[str, Any] | None) -> bool:
    if want is None or have is None:
        return want is have
    if any(want[k] != have[k] for k in ("kind", "carrier", "city")):
        return False
    if want["address"] is None or have["address"] is None:
        return want["address"] is have["address"]
    return _address_key(want["address"]) == _address_key(have["address"])


def _address_key(address: str) -> tuple[str, ...]:
    words = [
        w for w in re.findall(r"[^\W_]+", _norm(address)) if w not in {"ул", "улица", "д", "дом"}
    ]
    for i, w in enumerate(words):
        if w[0].isdigit():
            return (*words[:i], w)
    return tuple(sorted(words))


def _norm(text: str | None) -> str:
    if text is None:
        return ""
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[«»\"'“”]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def print_report(report: Report, *, quiet: bool = False) -> None:
    print(f"orders: {report.orders}, fully right: {report.fully_right} "
          f"({report.fully_right_share:.1%})")  # fmt: skip
    print(f"position fields: {report.position_accuracy:.1%} over {report.positions} positions")
    names = [*ORDER_FIELDS, *(f"positions.{n}" for n in POSITION_FIELDS)]
    for name in names:
        print(f"  {name:<22} {report.field_accuracy(name):6.1%}")
    per_order = report.seconds / report.orders * 1000 if report.orders else 0.0
    print(f"time: {per_order:.2f} ms per order")
    if quiet:
        return
    for order_id, diffs in report.failures:
        print(f"FAIL {order_id}")
        for d in diffs:
            print(f"    {d}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--orders", type=Path, default=DATA / "orders.jsonl")
    ap.add_argument("--catalog", type=Path, default=DATA / "catalog.csv")
    ap.add_argument("--clients", type=Path, default=DATA / "counterparties.csv")
    ap.add_argument("--company", type=Path, default=None)
    ap.add_argument("--quiet", action="store_true", help="figures only, no failures")
    args = ap.parse_args(argv)
    parser = build_parser(args.catalog, args.clients, args.company)
    report = measure(load_orders(args.orders), parser)
    print_report(report, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
