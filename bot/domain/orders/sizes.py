"""Size and height notations and what they mean in the catalog's terms.

Clothing sizes are pairs (`52-54`); a single number maps to the pair that holds it (`52`, `54`
→ `52-54`), a chest girth to its pair (`104-108` → `52-54`). Heights are ranges (`182-188`);
a single number maps to the range that holds it (`176` → `170-176`), a numbered height to its
range (`3 рост` → `182-188`). Footwear, gloves and hats are single numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

HEIGHT_RANGES: tuple[tuple[int, int], ...] = ((158, 164), (170, 176), (182, 188), (194, 200))
CHEST_TO_SIZE: dict[tuple[int, int], str] = {
    (80, 84): "40-42", (88, 92): "44-46", (96, 100): "48-50", (104, 108): "52-54",
    (112, 116): "56-58", (120, 124): "60-62", (128, 132): "64-66", (136, 140): "68-70",
}  # fmt: skip
MIN_HEIGHT, MAX_HEIGHT = 150, 210
MAX_NUMBERED_HEIGHT = 4
MIN_SHOE_SIZE = 30
MAX_SHOE_SIZE = 50
_MIN_PAIR, _MAX_PAIR = 38, 82
_MAX_SPAN = 20


class SizeStyle(StrEnum):
    PAIRED = "paired"  # clothing: 52-54
    NUMERIC = "numeric"  # footwear, gloves, hats: 43
    NONE = "none"  # one size
    FREE = "free"  # not in the catalog: as written


@dataclass(frozen=True, slots=True)
class Sizing:
    """How sizes are written for the model(s) a mention may mean."""

    style: SizeStyle
    sizes: frozenset[str]


def height_of(n: int, *, numbered: bool = False) -> str | None:
    """`3` (numbered) → 182-188, `176` → 170-176; None when it is no height."""
    if numbered and 1 <= n <= MAX_NUMBERED_HEIGHT:
        lo, hi = HEIGHT_RANGES[n - 1]
        return f"{lo}-{hi}"
    for lo, hi in HEIGHT_RANGES:
        if lo <= n <= hi:
            return f"{lo}-{hi}"
    if MIN_HEIGHT <= n <= MAX_HEIGHT:
        return str(n)
    return None


def height_range(h1: int, h2: int | None) -> str:
    """«182-188» or «182» as the catalog's height."""
    if h2 is not None:
        exact = f"{h1}-{h2}"
        return next((f"{lo}-{hi}" for lo, hi in HEIGHT_RANGES if (lo, hi) == (h1, h2)), exact)
    return height_of(h1) or str(h1)


def paired_size(n: int) -> str | None:
    """A single clothing size to its pair: 52 and 54 → 52-54."""
    if not (_MIN_PAIR <= n <= _MAX_PAIR) or n % 2:
        return None
    lo = n if n % 4 == 0 else n - 2
    return f"{lo}-{lo + 2}"


def pair_size(a: int, b: int) -> str:
    """«52-54», or a chest girth «104-108» → 52-54."""
    return CHEST_TO_SIZE.get((a, b), f"{a}-{b}")


def single_size(n: int, sizing: Sizing) -> str:
    if sizing.style is SizeStyle.PAIRED:
        return paired_size(n) or str(n)
    return str(n)


def span_sizes(a: int, b: int, sizing: Sizing) -> list[str]:
    """«с 48 по 56» → 48-50, 52-54, 56-58; «с 41 по 43» → 41, 42, 43."""
    if sizing.style is SizeStyle.PAIRED:
        lo, hi = paired_size(a), paired_size(b)
        if lo and hi:
            first, last = int(lo[:2]), int(hi[:2])
            return [f"{x}-{x + 2}" for x in range(first, last + 1, 4)]
    if b >= a and b - a <= _MAX_SPAN:
        return [str(x) for x in range(a, b + 1)]
    return [str(a), str(b)]
