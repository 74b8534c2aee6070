"""Step 1 of the pipeline, normalise: the message as the later steps read it.

`normalise` gives a `Text`: Unicode NFC, one kind of space, hyphen and quote, numbers written in
words turned into digits («сорок восемь пятьдесят» → «48 50»), and `low`, the same text folded
(lower case, ё → е). Every character keeps the span of the original it came from, so a step
that needs the words as written (a client's name, an item outside the catalog, an address)
takes them from the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.orders.morphology import fold
from bot.domain.orders.number_words import read_number_words

MAX_TEXT = 8192
Piece = str | tuple[int, int]
_CHAR_MAP = str.maketrans(
    {
        **dict.fromkeys(
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u202f\u205f\u3000\r\u000b\u000c",
            " ",
        ),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", " "),
        **dict.fromkeys("\u2010\u2011\u2012\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b", "'"),
        "\u00d7": "x",  # ×
        "\u2116": "№",
    }
)
_CAPS_WORD = re.compile(r"[А-ЯЁ]{2,}")
# A Cyrillic word with Latin look-alike letters typed in («ураl» aside, «пaра», «хaки»).
_MIXED_WORD = re.compile(r"(?=[^\W\d_]*[а-яё])(?=[^\W\d_]*[a-z])[^\W\d_]+", re.IGNORECASE)
_COTTON_RE = re.compile(r"(?<![А-Яа-яЁё])[хХ]\.?[ \t]?[бБ]\.?(?![А-Яа-яЁё])")
_LOOKALIKE = str.maketrans("aceopxykmtbhACEOPXYKMTBH", "асеорхукмтвнАСЕОРХУКМТВН")


@dataclass(frozen=True, slots=True)
class Text:
    """A normalised message; `low` is `text` folded (same length, same offsets)."""

    original: str
    text: str
    low: str
    starts: tuple[int, ...]  # per character of `text`: where its source begins in `original`
    ends: tuple[int, ...]  # ... and where it ends

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that text[start:end] came from."""
        if end <= start or start >= len(self.text):
            pos = self.starts[start] if start < len(self.text) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def source(self, start: int, end: int) -> str:
        """The original words of text[start:end]."""
        s, e = self.source_span(start, end)
        return self.original[s:e]

    def rewrite(self, edits: Sequence[tuple[int, int, str | Sequence[Piece]]]) -> Text:
        """This text with spans replaced (start, end, new), edits not overlapping.

        `new` is a string (its characters come from the replaced span) or a sequence of pieces:
        strings, and (start, end) spans of this text copied with their sources (a table row
        with its cells in another order).
        """
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []

        def copy(s: int, e: int) -> None:
            out.append(self.text[s:e])
            starts.extend(self.starts[s:e])
            ends.extend(self.ends[s:e])

        pos = 0
        for s, e, new in sorted(edits, key=lambda x: (x[0], x[1])):
            if s < pos:
                continue
            copy(pos, s)
            src_s, src_e = self.source_span(s, e)
            for piece in [new] if isinstance(new, str) else new:
                if isinstance(piece, str):
                    out.append(piece)
                    starts.extend([src_s] * len(piece))
                    ends.extend([src_e] * len(piece))
                else:
                    copy(*piece)
            pos = e
        copy(pos, len(self.text))
        joined = "".join(out)
        return Text(self.original, joined, fold(joined), tuple(starts), tuple(ends))


def _cotton(m: re.Match[str]) -> str:
    """«х б», «х. б.» → «х/б» (same length; «хб» is left to the vocabulary)."""
    written = m.group(0)
    return "х/б".ljust(len(written)) if len(written) >= len("х/б") else written


def normalise(original: str) -> Text:
    """The message with the characters unified and numbers in words written as digits."""
    raw = unicodedata.normalize("NFC", original or "")[:MAX_TEXT]
    text = raw.translate(_CHAR_MAP)
    if len(text) != len(raw):  # a mapping never changes the length; keep offsets honest
        text = raw
    text = _MIXED_WORD.sub(lambda m: m.group(0).translate(_LOOKALIKE), text)
    text = _COTTON_RE.sub(_cotton, text)
    low = fold(text)
    keep = frozenset(m.start() for m in _CAPS_WORD.finditer(text)) if not text.isupper() else None
    numbers = read_number_words(low, keep=keep or frozenset())
    plain = Text(raw, text, low, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    return plain.rewrite([(n.start, n.end, str(n.value)) for n in numbers])
