"""Splitting long texts at line breaks so no message exceeds Telegram's 4,096 characters."""

from __future__ import annotations

TELEGRAM_TEXT_LIMIT = 4096


def split_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for raw_line in text.splitlines(keepends=True):
        line = raw_line
        while len(line) > limit:  # one line longer than a message: cut it at a space
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if len(current) + len(line) > limit:
            parts.append(current)
            current = ""
        current += line
    if current:
        parts.append(current)
    return [p.rstrip("\n") or p for p in parts if p.strip()]


CAPTION_LIMIT = 1024  # characters of a photo's or document's caption
CUT_MARK = "…"


def cut_text(text: str, limit: int = TELEGRAM_TEXT_LIMIT, mark: str = CUT_MARK) -> str:
    """`text` within `limit` characters: cut (at a line break or space if one is near the
    end) with `mark` at the end, so the reader sees that something is missing."""
    if len(text) <= limit:
        return text
    room = limit - len(mark)
    cut = max(text.rfind("\n", 0, room), text.rfind(" ", 0, room))
    cut = cut if cut > room * 3 // 4 else room
    return text[:cut].rstrip() + mark
