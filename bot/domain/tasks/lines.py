"""What a task works on, typed: its lines (position id -> quantity, the kinds of work on it,
how many are missing) and what its steps noted (the departments it was routed for, when the
ordered goods come, the tracking number, the order's files, photos of the work).

Stored as JSON in `tasks.details` (keys are strings there); `from_json` and `to_json` are the
only code that reads or writes that JSON. Every change returns a new value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

STOCK = "stock"
PROCURE = "procure"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file of the order (a logo layout, a spec), sent beside every card of it."""

    file_id: str
    kind: str  # "photo" | "document"
    who: str = ""
    note: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Attachment:
        return cls(
            file_id=str(data["file_id"]),
            kind=str(data["kind"]),
            who=str(data.get("who") or ""),
            note=str(data.get("note") or ""),
        )

    def to_json(self) -> dict[str, str]:
        out = {"file_id": self.file_id, "kind": self.kind, "who": self.who}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class TaskLines:
    qty: Mapping[int, int] = field(default_factory=dict)
    work: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    short: Mapping[int, int] = field(default_factory=dict)  # position id -> missing (> 0)
    routed: tuple[str, ...] = ()  # the departments whose work this task does (logo -> workshop)
    expected_on: date | None = None  # when the goods supply ordered come
    tracking: str = ""
    attachments: tuple[Attachment, ...] = ()
    photos: tuple[str, ...] = ()  # file ids, newest last
    for_warehouse: tuple[int, ...] = ()  # positions supply procures for the warehouse

    # --- JSON ----------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TaskLines:
        """Rows of any age: a key a row lacks is empty."""
        expected = data.get("expected_on")
        return cls(
            qty={int(k): int(v) for k, v in dict(data.get("qty") or {}).items()},
            work={int(k): tuple(v) for k, v in dict(data.get("work") or {}).items()},
            short={int(k): int(v) for k, v in dict(data.get("short") or {}).items() if int(v)},
            routed=tuple(str(d) for d in data.get("routed") or ()),
            expected_on=date.fromisoformat(str(expected)) if expected else None,
            tracking=str(data.get("tracking") or ""),
            attachments=tuple(Attachment.from_json(a) for a in data.get("attachments") or ()),
            photos=tuple(str(p) for p in data.get("photos") or ()),
            for_warehouse=tuple(int(p) for p in data.get("for_warehouse") or ()),
        )

    def to_json(self) -> dict[str, Any]:
        """Empty values are left out (as `from_json` reads them back)."""
        out: dict[str, Any] = {
            "qty": {str(k): v for k, v in self.qty.items()},
            "work": {str(k): list(v) for k, v in self.work.items()},
            "short": {str(k): v for k, v in self.short.items()},
            "routed": list(self.routed),
            "expected_on": self.expected_on.isoformat() if self.expected_on else None,
            "tracking": self.tracking,
            "attachments": [a.to_json() for a in self.attachments],
            "photos": list(self.photos),
            "for_warehouse": list(self.for_warehouse),
        }
        return {k: v for k, v in out.items() if v}

    # --- reading -------------------------------------------------------------------------

    @property
    def position_ids(self) -> list[int]:
        return sorted(self.qty)

    def departments(self, department_id: str) -> frozenset[str]:
        """Whose members may work on the task: its department and those routed to it."""
        return frozenset({department_id, *self.routed})

    # --- what steps change ---------------------------------------------------------------

    def missing(self, shortage: Mapping[int, int]) -> TaskLines:
        """The warehouse lacks `shortage` (position id -> how many)."""
        return replace(self, short=_positive(shortage))

    def plus_missing(self, shortage: Mapping[int, int]) -> TaskLines:
        """Supply (not ordered yet) also procures what the warehouse lacks."""
        qty, work = dict(self.qty), dict(self.work)
        for pid, n in shortage.items():
            qty[pid] = qty.get(pid, 0) + n
            work[pid] = _with_work(work.get(pid, ()), PROCURE)
        return replace(
            self,
            qty=qty,
            work=work,
            for_warehouse=tuple(sorted({*self.for_warehouse, *shortage})),
        )

    def restocked(self, arrived: Mapping[int, int], ordered: Mapping[int, int]) -> TaskLines:
        """Goods supply received come to the warehouse: a line it lacked is whole again, a
        line it collected in part grows by what came (up to what was `ordered`, position id
        -> the order's quantity), a line it did not have is added."""
        qty, work, short = dict(self.qty), dict(self.work), dict(self.short)
        for pid, n in arrived.items():
            if pid not in qty:
                qty[pid] = n
            elif pid in short:
                short.pop(pid)
            elif STOCK in work.get(pid, ()) and pid in ordered:
                qty[pid] = min(ordered[pid], qty[pid] + n)
            work[pid] = _with_work(work.get(pid, ()), STOCK)
        return replace(self, qty=qty, work=work, short=short)

    def reshared(self, position_id: int, share: int) -> TaskLines:
        """The manager changed a position: this task now works on `share` of it (0: none)."""
        qty, work = dict(self.qty), dict(self.work)
        if share > 0:
            qty[position_id] = share
        else:
            qty.pop(position_id, None)
            work.pop(position_id, None)
        short = {k: v for k, v in self.short.items() if k in qty}
        return replace(self, qty=qty, work=work, short=short)

    def expected(self, day: date) -> TaskLines:
        return replace(self, expected_on=day)

    def tracked(self, tracking: str) -> TaskLines:
        return replace(self, tracking=tracking)

    def attached(self, attachment: Attachment, *, keep: int) -> TaskLines:
        """One more file of the order (the newest `keep` are kept)."""
        return replace(self, attachments=(*self.attachments, attachment)[-keep:])

    def photographed(self, file_id: str, *, keep: int) -> TaskLines:
        return replace(self, photos=(*self.photos, file_id)[-keep:])


def planned_lines(
    qty: Mapping[int, int],
    work: Mapping[int, Iterable[str]],
    routed: Iterable[str],
    attachments: Iterable[Attachment],
) -> TaskLines:
    """The lines of a task being made."""
    return TaskLines(
        qty=dict(qty),
        work={pid: tuple(kinds) for pid, kinds in work.items()},
        routed=tuple(routed),
        attachments=tuple(attachments),
    )


def order_attachments(tasks: Iterable[TaskLines]) -> tuple[Attachment, ...]:
    """The files attached to an order so far (each once), for a task made later."""
    seen: dict[str, Attachment] = {}
    for lines in tasks:
        for attachment in lines.attachments:
            seen.setdefault(attachment.file_id, attachment)
    return tuple(seen.values())


def _positive(values: Mapping[int, int]) -> dict[int, int]:
    return {k: v for k, v in values.items() if v > 0}


def _with_work(kinds: Iterable[str], kind: str) -> tuple[str, ...]:
    return tuple(sorted({*kinds, kind}))
