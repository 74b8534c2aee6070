"""Sizes, heights, colours and quantities written after a model: one entry per line of a breakdown.

The text after a model mention ("т.синяя с васильковым: 48-50/170-176 — 4 шт, 52-54/182-188 — 6")
is cut into tokens (order_tokens) and read left to right, filling the slots of the current
entry (size, height, colour, qty); a slot that is already filled starts a new entry. "по N"
gives N to every entry still without a quantity, "те же размеры" copies the previous model's
entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain.orders.lexicon import unit_of
from bot.domain.orders.sizes import (
    MAX_HEIGHT,
    MAX_NUMBERED_HEIGHT,
    MAX_SHOE_SIZE,
    MIN_HEIGHT,
    MIN_SHOE_SIZE,
    SizeStyle,
    Sizing,
    height_of,
    height_range,
    pair_size,
    paired_size,
    single_size,
    span_sizes,
)
from bot.domain.orders.tokens import Tok, Token

_MAX_RANGE = 12
_SIZED = (Tok.PAIR, Tok.SH, Tok.SH1, Tok.SHN, Tok.SPAN, Tok.SIZE_QTY, Tok.SKW, Tok.HKW)


@dataclass(slots=True)
class Entry:
    size: str | None = None
    height: str | None = None
    qty: int | None = None
    is_qty_soft: bool = False
    unit: str | None = None
    colour: int = -1
    is_size_carried: bool = False  # «52-54 рост 3 — 8 и рост 4 — 4»: the size said before

    def is_empty(self) -> bool:
        return self.size is None and self.height is None and self.qty is None and self.colour < 0


class Reader:
    """Reads tokens left to right into entries; a slot already filled starts a new entry."""

    def __init__(
        self, tokens: list[Token], sizing: Sizing, pre_qty: int | None, previous: Sequence[Entry]
    ) -> None:
        self.t = tokens
        self.sizing = sizing
        self.previous = previous
        self.entries: list[Entry] = []
        self.cur = Entry(qty=pre_qty, is_qty_soft=pre_qty is not None)
        self.dist_from = 0
        self.copies = False
        self.copies_qty = False
        self.consumed: set[int] = set()
        self.group_height: str | None = None
        self.group_size: str | None = None
        self.copies_colour = False
        self.size_by_keyword = False
        self.same_qty_pending = False
        self.pending_each: tuple[int, str | None] | None = None
        self.inherit_from: int | None = None  # entries from here on inherit size and height

    def flush(self) -> None:
        if self.same_qty_pending and self.cur.size is not None:
            same = [e for e in self.entries if e.size == self.cur.size and e.qty is not None]
            if same and (self.cur.height is None or same[-1].height == self.cur.height):
                self.cur.qty = same[-1].qty
            self.cur.is_qty_soft = False
        self.same_qty_pending = False
        if not self.cur.is_empty():
            self.entries.append(self.cur)
        self.cur = Entry()

    def set_size(self, size: str) -> None:
        if self.cur.size is not None:
            self.flush()
        self.cur.size = size

    def set_height(self, height: str, i: int = -1) -> None:
        hard_qty = self.cur.qty is not None and not self.cur.is_qty_soft
        if self.cur.height is not None or (hard_qty and self.cur.size is not None):
            self.flush()
        if (
            self.cur.size is None
            and self.cur.qty is None
            and not self.entries
            and self._then_sep(i)
        ):
            self.group_height = height  # "рост 170-176: 48-50 — 5, 52-54 — 3"
            return
        self.cur.height = height

    def _then_sep(self, i: int, seps: str = ":,\n") -> bool:
        return (
            0 <= i + 1 < len(self.t)
            and self.t[i + 1].kind is Tok.SEP
            and self.t[i + 1].text in seps
        )

    def set_qty(self, qty: int, unit: str | None, i: int) -> None:
        cur = self.cur
        if (cur.qty is not None and not cur.is_qty_soft) or (
            (cur.size or cur.height) and self._qty_first(i)
        ):
            self.flush()
        self.cur.qty, self.cur.is_qty_soft, self.cur.unit = qty, False, unit

    def _qty_first(self, i: int) -> bool:
        """`…52-54 и 5 штук 56-58`: a quantity after a separator, followed by a size."""
        if i == 0 or self.t[i - 1].kind is not Tok.SEP:
            return False
        j = i + 1
        if j < len(self.t) and self.t[j].kind is Tok.UNIT:
            j += 1
        if j + 1 < len(self.t) and self.t[j].kind is Tok.NUM and self.t[j + 1].kind is Tok.SKW:
            return True  # «и 10 пар 9 размера»
        return j < len(self.t) and self.t[j].kind in (Tok.SH, Tok.SH1, Tok.SHN, Tok.PAIR, Tok.SKW)

    def distribute(self, qty: int, unit: str | None) -> None:
        listed = [*self.entries[self.dist_from :], self.cur]
        if self.cur.qty is None and not any(e.size or e.height for e in listed):
            self.pending_each = (qty, unit)  # «по 10 штук 52 54 и 56 58»: for the sizes to come
            return
        self.flush()
        listed = self.entries[self.dist_from :]
        last = listed[-1] if listed else None
        if last is not None and last.height and all(e.height is None for e in listed[:-1]):
            for e in listed:  # "44-46, 48-50, 52-54 рост 170-176 по 10": one height for all
                e.height = last.height
        for e in listed:
            if e.qty is None or e.is_qty_soft:
                e.qty, e.is_qty_soft, e.unit = qty, False, unit
        self.dist_from = len(self.entries)

    def read(self) -> None:
        i = 0
        while i < len(self.t):
            i = self.step(i)
        self.flush()
        if self.pending_each is not None:
            qty, unit = self.pending_each
            sized = [e for e in self.entries if e.qty is None and (e.size or e.height)]
            for e in sized or [e for e in self.entries if e.qty is None] or [self._new_entry()]:
                e.qty, e.unit, e.is_qty_soft = qty, unit, False

    def _new_entry(self) -> Entry:
        self.entries.append(Entry())
        return self.entries[-1]

    def step(self, i: int) -> int:
        tok = self.t[i]
        kind = tok.kind
        if kind is Tok.SAME:
            self.same(i, tok.text)
        elif kind is Tok.SAME_QTY:
            self.same_qty(i)
        elif kind in (Tok.TOTAL, Tok.WORD):
            pass
        elif kind is Tok.UNIT and self._qty_after_unit(i):  # «штук пятнадцать»
            self.set_qty(self.t[i + 1].numbers[0], unit_of(tok.text), i)
            return i + 2
        elif kind is Tok.QTY:
            self.set_qty(tok.numbers[0], None, i)
        elif kind is Tok.SIZE_QTY:
            self.set_size(self._single_size(tok.numbers[0]))
            self.set_qty(tok.numbers[1], self._unit_after(i), i)
        elif kind is Tok.SHN:
            a, b, n = tok.numbers[:3]
            self.set_size_height(pair_size(a, b), height_of(n, numbered=True) or str(n))
        elif kind is Tok.SH1:
            a, h1 = tok.numbers[:2]
            h2 = tok.numbers[2] if len(tok.numbers) > 2 else None  # noqa: PLR2004
            self.set_size_height(self._single_size(a), height_range(h1, h2))
        elif kind is Tok.SPAN:
            for size in span_sizes(tok.numbers[0], tok.numbers[1], self.sizing):
                self.set_size(size)
        elif kind is Tok.SH:
            a, b, h1 = tok.numbers[:3]
            h2 = tok.numbers[3] if len(tok.numbers) > 3 else None  # noqa: PLR2004
            if self.cur.is_empty() and not self.entries and self._then_sep(i, ":"):
                self.group_size = pair_size(a, b)  # "52-54/182-188: серые — 5, синие — 5"
                self.set_height_from(h1, h2, i)
                return i + 1
            self.set_size_height(pair_size(a, b), height_range(h1, h2))
        elif kind is Tok.PAIR:
            return self.pair(i, tok.numbers[0], tok.numbers[1])
        elif kind is Tok.NUM:
            return self.number(i, tok.numbers[0])
        elif kind is Tok.COLOUR:
            if self.cur.colour >= 0 or (self.cur.qty is not None and not self.cur.is_qty_soft):
                self.flush()
            self.cur.colour = tok.colour
        return i + 1

    def same(self, i: int, text: str) -> None:
        """«такие же», «те же размеры и кол-во», «того же цвета», «такой же раскладкой»."""
        tail = text.split("же", 1)[-1]
        sizes = re.search(r"размер|рост|сетк|раскладк", tail) is not None
        qty = re.search(r"кол|количеств|раскладк", tail) is not None
        colour = "цвет" in tail
        bare = not (sizes or qty or colour)
        at_start = not self.entries and self.cur.size is None and self.cur.height is None
        if at_start and self.cur.qty is None and self.previous:
            self.copies_colour = bare or colour
            if sizes or qty or (bare and not self._sizes_ahead(i)):
                own_colour = self.cur.colour
                self.cur = Entry()
                self.copies = True
                self.copies_qty = qty
                for e in self.previous:
                    q = e.qty if qty else None
                    self.entries.append(replace(e, qty=q, is_qty_soft=False, colour=own_colour))
            return
        if "раскладк" in tail and self.entries:
            self._repeat_in_colour()
            return
        if qty and self.copies and self.previous:  # «такие же — того же цвета, … и кол-ва»
            for e, p in zip(self.entries, self.previous, strict=False):
                e.qty = e.qty if e.qty is not None else p.qty
            return
        if bare and (self.entries or not self.cur.is_empty()):
            if self.cur.size is not None or self.cur.height is not None:
                self.flush()  # «56-58 — две. И такие же черные …»: that entry is complete
            self.inherit_from = len(self.entries) if self.entries else None

    def same_qty(self, i: int) -> None:
        """«и синих столько же 52-54 рост 3»: that size's quantity; «и зелёных столько же»
        (no size): every size above again, in the new colour."""
        if self.cur.size is not None or self.cur.height is not None:
            self.flush()  # «43 — 5 пар и столько же 44-го»: the 43 is complete
        sized = (*_SIZED, Tok.NUM) if self.sizing.style is SizeStyle.NUMERIC else _SIZED
        ahead = next((t for t in self.t[i + 1 :] if t.kind in (*sized, Tok.SEP, Tok.COLOUR)), None)
        if (ahead is None or ahead.kind not in sized) and self.entries:
            self._repeat_in_colour()
            return
        last = self.entries[-1] if self.entries else (self.previous[-1] if self.previous else None)
        if last is not None and last.qty is not None:
            self.set_qty(last.qty, last.unit, i)
            self.cur.is_qty_soft = True  # replaced by the size's own quantity below
            self.same_qty_pending = True

    def _qty_after_unit(self, i: int) -> bool:
        prev = self.t[i - 1].kind if i > 0 else Tok.SEP
        nxt = self.t[i + 1] if i + 1 < len(self.t) else None
        return (
            prev not in (Tok.NUM, Tok.QTY, Tok.SIZE_QTY)
            and nxt is not None
            and nxt.kind is Tok.NUM
            and (i + 2 >= len(self.t) or self.t[i + 2].kind is not Tok.UNIT)
        )

    def _repeat_in_colour(self) -> None:
        """«в камуфляже лес — такой же раскладкой», «и зелёных столько же»: every entry so far
        again, in the colour just written."""
        colour = self.cur.colour
        self.cur = Entry()
        for e in list(self.entries):
            self.entries.append(replace(e, colour=colour))
        self.dist_from = len(self.entries)

    def _sizes_ahead(self, i: int) -> bool:
        return any(t.kind in _SIZED for t in self.t[i + 1 :])

    def set_size_height(self, size: str, height: str) -> None:
        """«52-54/182-188»: one entry's size and height (after a quantity written first)."""
        if self.cur.size is not None or self.cur.height is not None:
            self.flush()
        self.cur.size, self.cur.height = size, height

    def set_height_from(self, h1: int, h2: int | None, i: int = -1) -> None:
        self.set_height(height_range(h1, h2), i)

    def pair(self, i: int, a: int, b: int) -> int:
        style = self.sizing.style
        if MIN_HEIGHT <= a <= MAX_HEIGHT and b > a:
            self.set_height_from(a, b, i)
            return i + 1
        shoe_like = a >= MIN_SHOE_SIZE and b < MIN_SHOE_SIZE
        if style is SizeStyle.NUMERIC and MIN_SHOE_SIZE <= a < b <= a + _MAX_RANGE:
            for size in range(a, b + 1):  # «41–45 — по 2 пары»
                self.set_size(str(size))
            return i + 1
        if style is SizeStyle.NUMERIC or (style is SizeStyle.FREE and shoe_like):
            if b < a or shoe_like:
                self.set_size(str(a))
                unit = self._unit_after(i)
                self.set_qty(b, unit, i)
                return i + 1
            self.set_size(f"{a}-{b}")
            return i + 1
        self.set_size(pair_size(a, b))
        return i + 1

    def _unit_after(self, i: int) -> str | None:
        if i + 1 < len(self.t) and self.t[i + 1].kind is Tok.UNIT:
            return unit_of(self.t[i + 1].text)
        return None

    def number(self, i: int, n: int) -> int:
        prev = self.t[i - 1].kind if i > 0 and i - 1 not in self.consumed else Tok.SEP
        nxt = self.t[i + 1] if i + 1 < len(self.t) else None
        nkind = nxt.kind if nxt else Tok.SEP
        if prev is Tok.HKW:
            self.set_height(height_of(n, numbered=True) or str(n), i)
            return i + 1
        if nkind is Tok.HKW and 1 <= n <= MAX_NUMBERED_HEIGHT:
            self.set_height(height_of(n, numbered=True) or str(n))
            self.consumed.add(i + 1)
            return i + 2
        if (
            nxt is not None
            and nkind is Tok.SKW
            and nxt.text.rstrip(".") == "р"
            and self.sizing.style is SizeStyle.PAIRED
            and 1 <= n <= MAX_NUMBERED_HEIGHT
        ):
            self.set_height(height_of(n, numbered=True) or str(n))
            self.consumed.add(i + 1)
            return i + 2
        if prev is Tok.SKW or (nxt is not None and nkind is Tok.SKW and nxt.text.startswith("р")):
            self.set_size(self._single_size(n))
            self.size_by_keyword = prev is not Tok.SKW  # «10 размер», «9р»; not «р. 44, 46»
            if prev is not Tok.SKW:
                self.consumed.add(i + 1)
                return i + 2
            return i + 1
        if nkind is Tok.UNIT:
            unit = unit_of(nxt.text) if nxt else None
            if prev is Tok.PO:
                self.distribute(n, unit)
            else:
                self.set_qty(n, unit, i)
            return i + 2
        if prev is Tok.PO:
            self.distribute(n, None)
            return i + 1
        if self._bare_height(n, prev, nkind):
            self.set_height(height_of(n) or str(n), i)  # «52 54 188 5 штук» said aloud
            return i + 1
        if prev is Tok.DASH:
            self.set_qty(n, None, i)
            return i + 1
        if (self._is_size(n, nkind) or self._size_list(i)) and not self._qty_after_keyword_size():
            self.set_size(self._single_size(n))
            self.size_by_keyword = False
            return i + 1
        self.set_qty(n, None, i)
        return i + 1

    def _bare_height(self, n: int, prev: Tok, nkind: Tok) -> bool:
        return (
            self.sizing.style is SizeStyle.PAIRED
            and MIN_HEIGHT <= n <= MAX_HEIGHT
            and prev in (Tok.PAIR, Tok.NUM)
            and self.cur.size is not None
            and self.cur.height is None
            and self.cur.qty is None
            and nkind is not Tok.UNIT
        )

    def _qty_after_keyword_size(self) -> bool:
        """«10 размер тоже 10»: after a size named with its keyword a bare number is a quantity."""
        return self.size_by_keyword and self.cur.size is not None and self.cur.qty is None

    def _size_list(self, i: int) -> bool:
        """«р. 44, 46, 48 по 2 шт»: single sizes in a list that a «по N» closes."""
        if self.sizing.style is not SizeStyle.PAIRED or not paired_size(self.t[i].numbers[0]):
            return False
        if self.cur.size is None or self.cur.qty is not None:
            return False
        for t in self.t[i + 1 :]:
            if t.kind is Tok.PO:
                return True
            if not (t.kind is Tok.NUM or (t.kind is Tok.SEP and t.text in ",и")):
                return False
        return False

    def _is_size(self, n: int, nkind: Tok) -> bool:
        style = self.sizing.style
        if style is SizeStyle.NUMERIC:
            return str(n) in self.sizing.sizes or (
                MIN_SHOE_SIZE < n < MAX_SHOE_SIZE
                and any(s.isdigit() and int(s) > MIN_SHOE_SIZE for s in self.sizing.sizes)
            )
        if style is SizeStyle.PAIRED and paired_size(n):
            follows = nkind in (
                Tok.NUM,
                Tok.DASH,
                Tok.UNIT,
                Tok.PAIR,
                Tok.HKW,
                Tok.SH,
                Tok.SH1,
                Tok.SHN,
                Tok.QTY,
            )
            complete = self.cur.qty is not None and not self.cur.is_qty_soft
            return follows and (self.cur.size is None or complete)
        return False

    def _single_size(self, n: int) -> str:
        return single_size(n, self.sizing)
