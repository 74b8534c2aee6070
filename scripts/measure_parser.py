"""Measure the order parser on orders*.jsonl files: accuracy per field, orders fully right, and
the share of SILENTLY WRONG fields, per field and per phrasing class.

    .venv/bin/python scripts/measure_parser.py [--orders FILE_OR_GLOB ...]
        [--catalog tests/data/catalog.csv] [--clients tests/data/counterparties.csv]
        [--company bot/data/company.yaml] [--quiet]

Scoring follows data/README.md: the client by `client_id` (its text only where the id is null),
a delivery address by street name and house number, an item outside the catalog by its wording
(case, ё and quotes ignored), `missing` as a set. A parsed position beyond the expected ones
counts as wrong in every position field.

A field is *silently wrong* when the parser gave it a value and that value is not the expected
one (a wrong colour the manager may not notice); a field left empty, or asked for in `missing`
(a model to choose shows what was written), is wrong but not silent. An extra position's
filled fields are silent; a dropped position's are not (they are counted apart).
The phrasing class of a file is the `<class>` of `orders_<class>...jsonl`.
"""

from __future__ import annotations

import argparse
import glob
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
# Order fields that hold a value (not `missing`, not the count) can be silently wrong.
VALUE_FIELDS = ("client", "price_category", "work", "delivery", "deadline", "urgent", "payment")
DATA = ROOT / "tests" / "data"
REFERENCE_DAY = date(2026, 11, 23)  # data/README.md: every sample message was sent then


@dataclass
class Report:
    orders: int = 0
    fully_right: int = 0
    order_fields: Counter[str] = field(default_factory=Counter)
    position_fields: Counter[str] = field(default_factory=Counter)
    silent_order_fields: Counter[str] = field(default_factory=Counter)
    silent_position_fields: Counter[str] = field(default_factory=Counter)
    positions: int = 0
    positions_with_silent: int = 0
    dropped: int = 0
    extra: int = 0
    failures: list[tuple[str, list[str]]] = field(default_factory=list)
    seconds: float = 0.0  # wall clock spent parsing
    cpu_seconds: float = 0.0  # CPU time of this process spent parsing (steady on a busy host)

    @property
    def fully_right_share(self) -> float:
        return self.fully_right / self.orders if self.orders else 0.0

    @property
    def position_accuracy(self) -> float:
        total = self.positions * len(POSITION_FIELDS)
        return sum(self.position_fields.values()) / total if total else 1.0

    @property
    def silent_share(self) -> float:
        """Silently wrong fields over all value fields (positions' and orders')."""
        total = self.positions * len(POSITION_FIELDS) + self.orders * len(VALUE_FIELDS)
        wrong = sum(self.silent_position_fields.values()) + sum(self.silent_order_fields.values())
        return wrong / total if total else 0.0

    @property
    def silent_position_share(self) -> float:
        """Share of positions with at least one silently wrong field."""
        return self.positions_with_silent / self.positions if self.positions else 0.0

    @property
    def ms_per_order(self) -> float:
        return self.seconds / self.orders * 1000 if self.orders else 0.0

    @property
    def cpu_ms_per_order(self) -> float:
        return self.cpu_seconds / self.orders * 1000 if self.orders else 0.0

    def field_accuracy(self, name: str) -> float:
        """Share right of an order field (`work`) or a position field (`positions.work`)."""
        if name.startswith("positions."):
            right = self.position_fields[name.removeprefix("positions.")]
            return right / self.positions if self.positions else 1.0
        return self.order_fields[name] / self.orders if self.orders else 1.0

    def field_silent(self, name: str) -> float | None:
        """Share silently wrong of a field (None for `missing`, which holds no value)."""
        if name.startswith("positions."):
            wrong = self.silent_position_fields[name.removeprefix("positions.")]
            return wrong / self.positions if self.positions else 0.0
        if name not in VALUE_FIELDS:
            return None
        return self.silent_order_fields[name] / self.orders if self.orders else 0.0

    def add(self, other: Report) -> None:
        for name in ("orders", "fully_right", "positions", "positions_with_silent", "dropped",
                     "extra", "seconds", "cpu_seconds"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("order_fields", "position_fields", "silent_order_fields",
                     "silent_position_fields"):  # fmt: skip
            getattr(self, name).update(getattr(other, name))
        self.failures.extend(other.failures)


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
    for order in orders:
        sent_at = order.get("sent_at")
        today = datetime.fromisoformat(sent_at).date() if sent_at else REFERENCE_DAY
        started, cpu_started = time.perf_counter(), time.process_time()
        got = parser.parse(order["text"], today=today).to_dict()
        report.seconds += time.perf_counter() - started
        report.cpu_seconds += time.process_time() - cpu_started
        diffs = compare(order["expected"], got, report)
        report.orders += 1
        if diffs:
            report.failures.append((order.get("id", "?"), diffs))
        else:
            report.fully_right += 1
    return report


def compare(expected: dict[str, Any], got: dict[str, Any], report: Report) -> list[str]:
    """Differences of one parse (empty: fully right); counts right fields into the report."""
    diffs: list[str] = []

    def check(name: str, ok: bool, detail: str, *, has_value: bool = True) -> None:
        if ok:
            report.order_fields[name] += 1
            return
        diffs.append(f"{name}: {detail}")
        if has_value and name in VALUE_FIELDS:
            report.silent_order_fields[name] += 1

    if expected["client_id"] is not None:
        check("client", got["client_id"] == expected["client_id"],
              f"{got['client_id']} ({got['client']!r}) != {expected['client_id']}",
              has_value=got["client_id"] is not None or got["client"] is not None)  # fmt: skip
    else:
        same = got["client_id"] is None and _norm(got["client"]) == _norm(expected["client"])
        check("client", same, f"{got['client']!r}/{got['client_id']} != {expected['client']!r}",
              has_value=got["client"] is not None)  # fmt: skip
    for name in ("price_category", "work", "deadline", "payment"):
        check(name, got[name] == expected[name], f"{got[name]} != {expected[name]}",
              has_value=bool(got[name]))  # fmt: skip
    check(
        "urgent", got["urgent"] == expected["urgent"], f"{got['urgent']} != {expected['urgent']}"
    )
    check("delivery", _same_delivery(expected["delivery"], got["delivery"]),
          f"{got['delivery']} != {expected['delivery']}",
          has_value=got["delivery"] is not None)  # fmt: skip
    check("missing", sorted(got["missing"]) == sorted(expected["missing"]),
          f"{got['missing']} != {expected['missing']}")  # fmt: skip
    want, have = expected["positions"], got["positions"]
    check("positions_count", len(want) == len(have), f"{len(have)} != {len(want)}")
    report.dropped += max(0, len(want) - len(have))
    report.extra += max(0, len(have) - len(want))
    for i in range(max(len(want), len(have))):
        report.positions += 1
        w = want[i] if i < len(want) else None
        h = have[i] if i < len(have) else None
        silent = False
        for name in POSITION_FIELDS:
            ok = w is not None and h is not None and _same_position_field(name, w, h)
            if ok:
                report.position_fields[name] += 1
                continue
            have_value = h.get(name) if h else "-"
            want_value = w.get(name) if w else "-"
            diffs.append(f"positions[{i}].{name}: {have_value} != {want_value}")
            asked = f"positions[{i}].{'model' if name in ('sku', 'unit', 'work') else name}"
            if h is not None and have_value not in (None, [], "") and asked not in got["missing"]:
                report.silent_position_fields[name] += 1
                silent = True
        report.positions_with_silent += silent
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
    print(f"silently wrong: {report.silent_share:.2%} of fields, "
          f"{report.silent_position_share:.1%} of positions have one "
          f"({report.dropped} positions dropped, {report.extra} extra)")  # fmt: skip
    print(f"  {'field':<22} {'right':>7} {'silent':>7}")
    for name in (*ORDER_FIELDS, *(f"positions.{n}" for n in POSITION_FIELDS)):
        silent = report.field_silent(name)
        shown = f"{silent:7.1%}" if silent is not None else f"{'':>7}"
        print(f"  {name:<22} {report.field_accuracy(name):7.1%} {shown}")
    print(f"time: {report.ms_per_order:.2f} ms per order ({report.cpu_ms_per_order:.2f} ms CPU)")
    if quiet:
        return
    for order_id, diffs in report.failures:
        print(f"FAIL {order_id}")
        for d in diffs:
            print(f"    {d}")


def print_classes(reports: dict[str, Report]) -> None:
    """One line per phrasing class, then the silent share of each field per class."""
    total = Report()
    for r in reports.values():
        total.add(r)
    rows = {**reports, "all": total}
    print(f"{'class':<10} {'orders':>6} {'fully right':>12} {'fields':>7} {'silent':>7} "
          f"{'silent pos':>10} {'ms/order':>8} {'cpu ms':>7}")  # fmt: skip
    for name, r in rows.items():
        print(f"{name:<10} {r.orders:>6} {r.fully_right:>5} {r.fully_right_share:6.1%} "
              f"{r.position_accuracy:7.1%} {r.silent_share:7.2%} {r.silent_position_share:10.1%} "
              f"{r.ms_per_order:8.2f} {r.cpu_ms_per_order:7.2f}")  # fmt: skip
    names = list(rows)
    print("\nsilently wrong per field and class:")
    print(f"  {'field':<18}" + "".join(f"{n[:8]:>9}" for n in names))
    for fname in (*VALUE_FIELDS, *(f"positions.{n}" for n in POSITION_FIELDS)):
        cells = "".join(f"{(rows[n].field_silent(fname) or 0.0):9.1%}" for n in names)
        print(f"  {fname.removeprefix('positions.'):<18}{cells}")


def phrasing_class(path: Path) -> str:
    m = re.match(r"orders_([^.]+)", path.name)
    return m.group(1) if m else path.stem


def expand(patterns: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        found = sorted(glob.glob(pattern)) if any(c in pattern for c in "*?[") else [pattern]
        out.extend(Path(p) for p in found if Path(p) not in out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--orders", nargs="+", action="extend", default=None,
                    help="orders*.jsonl files or globs (several allowed)")  # fmt: skip
    ap.add_argument("--catalog", type=Path, default=DATA / "catalog.csv")
    ap.add_argument("--clients", type=Path, default=DATA / "counterparties.csv")
    ap.add_argument("--company", type=Path, default=None)
    ap.add_argument("--quiet", action="store_true", help="figures only, no failures")
    args = ap.parse_args(argv)
    parser = build_parser(args.catalog, args.clients, args.company)
    paths = expand(args.orders or [str(DATA / "orders.jsonl")])
    reports: dict[str, Report] = {}
    for path in paths:
        report = measure(load_orders(path), parser)
        name = phrasing_class(path)
        if name in reports:
            reports[name].add(report)
        else:
            reports[name] = report
    if len(reports) == 1:
        print_report(next(iter(reports.values())), quiet=args.quiet)
        return 0
    total = Report()
    for r in reports.values():
        total.add(r)
    print_report(total, quiet=args.quiet)
    print()
    print_classes(reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
