"""Merging two counterparty cards: what the card that stays takes over from the one that goes,
and which responsible managers hear of it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

MAX_MERGED_NOTES = 2000
# taken from the dropped card when the kept one has none
FILLED_WHEN_EMPTY = ("inn", "kpp", "city", "address", "external_id", "manager_id")


@dataclass(frozen=True, slots=True)
class CardFacts:
    """The columns of a card a merge looks at."""

    name: str
    inn: str | None
    kpp: str | None
    city: str | None
    address: str | None
    external_id: str | None
    notes: str | None
    manager_id: int | None
    deferral_days: int

    @classmethod
    def of(cls, card: object) -> CardFacts:
        return cls(**{f.name: getattr(card, f.name) for f in fields(cls)})


def merged_facts(keep: CardFacts, drop: CardFacts) -> CardFacts:
    """The kept card's columns after the merge: its own, gaps filled from the dropped card,
    the notes of both."""
    filled = {
        name: getattr(drop, name)
        for name in FILLED_WHEN_EMPTY
        if getattr(keep, name) is None and getattr(drop, name) is not None
    }
    if not keep.deferral_days and drop.deferral_days:
        filled["deferral_days"] = drop.deferral_days
    if drop.notes:
        filled["notes"] = "\n".join(filter(None, [keep.notes, drop.notes]))[:MAX_MERGED_NOTES]
    return replace(keep, **filled)


def managers_to_tell(
    kept_manager: int | None, dropped_manager: int | None, actor_id: int | None
) -> list[int]:
    """The responsible managers of both cards, each once, except whoever merged them."""
    told: list[int] = []
    for manager_id in (kept_manager, dropped_manager):
        if manager_id is not None and manager_id not in told and manager_id != actor_id:
            told.append(manager_id)
    return told
