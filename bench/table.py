"""Printing one table per benchmark."""

from __future__ import annotations

from collections.abc import Sequence


def print_table(title: str, rows: Sequence[tuple[str, str]], note: str = "") -> None:
    width = max(len(name) for name, _ in rows)
    value_width = max(len(value) for _, value in rows)
    line = "-" * (width + value_width + 5)
    print(f"\n{title}")
    print(line)
    for name, value in rows:
        print(f"  {name:<{width}}   {value:>{value_width}}")
    print(line)
    if note:
        print(note)
