"""Step 2 of the pipeline, segment: the message cut into the text of each position.

Each model mention (or an item outside the catalog with a quantity, «наколенники 20 пар»)
owns the text from its prefix (a quantity or colour written before it) up to the next one.
Carried models become groups of their own:
- «и мужские 52-54 2 компл», «и утеплённые Север тоже 44»: words of a model without its noun
  take the noun and the other words of the model before («мужские» after «Костюм повара
  женский» is «Костюм повара мужской»);
- «тот же костюм», «такая же куртка»: the model named before, or its sibling;
- «костюм и куртка технолог черно-серые … по 2»: the first takes the name words of the second,
  and both read the same breakdown (so does «комбинезон механик и костюм механик, каждого …»).
A mention that is not exact in a clause that asks for a choice («что-нибудь недорогое»,
«подберите варианты», «какие — уточнят») is a vague ask: its model is left to be chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain.orders.colours import ColourSpan
from bot.domain.orders.lexicon import NUMBER_PHRASE_RE, number_phrase_value
from bot.domain.orders.model_mentions import Mention, MentionKind, ModelIndex
from bot.domain.orders.model_words import WORD_RE
from bot.domain.orders.workshop import MASK

_PRE_QTY_RE = re.compile(
    r"(?:(?<![\w.,/\-])(\d{1,5})|(" + NUMBER_PHRASE_RE.pattern + r"))[ \t]+"
    r"(?:(?:шт|штук\w*|компл\w*|комплект\w*|пар\w*)\.?[ \t]+)?(?:(?:таких|такие|такой|того)\s+же"
    r"[ \t]+)?$"
)
_HEADCOUNT_RE = re.compile(r"(\d{1,4})\s*(?:чел(?:овек[аи]?)?\.?)(?![а-я])")
_SAME_MODEL_RE = re.compile(r"(?<![а-я])(?:тот|та|то|те|так\w*)\s+же\s*(?:сам\w*\s*)?$")
_ORPHAN_RE = re.compile(
    r"(?:(?:и|ещ[её]|плюс|также|нужн\w*|надо|нужен|нестандарт)\s*[—–:-]?\s*)*"
    r"([^\W\d_]{3,}(?:[ \t-]+[^\W\d_]+){0,3})\s*[-—–:]?\s*(\d{1,5})\s*"
    r"(шт|штук\w*|пар\w*|компл\w*)(?![а-я])"
)
_ORPHAN_STOP = re.compile(
    r"^(?:размер\w*|рост\w*|итого|всего|кол|количеств\w*|цен\w*|сумм\w*|срок\w*|заявк\w*|сч[её]т\w*"
    r"|договор\w*|тел|доб|дом|ул|улиц\w*|цех\w*|склад\w*|корпус\w*|этаж\w*|по|на|в|из|от|для"
    r"|кажд\w*|штук\w*|шт|пар\w*|компл\w*|позици\w*|наименован\w*|человек\w*|чел|макет\w*"
    r"|логотип\w*|цвет\w*|р|рр|размеров|остальн\w*|это|их|им|нам|мне|ещ[её]|так\w*|же|тоже"
    r"|того|тех|те|той|столько|пару|пара|нужно|нужна|нужны|нужен|надо|просят|прошу|просим)$"
)
_NONSTANDARD_RE = re.compile(r"(?<![а-я])нестандарт\w*|не\s+из\s+каталога")
_VAGUE_RE = re.compile(
    r"что-(?:нибудь|то)|подбер\w*|предлож\w*|вариант\w*|(?<![а-я])как(?:ие|ой|ую)(?![а-я])"
    r"|на\s+выбор|посоветуй\w*|на\s+ваш\w*\s+усмотрени\w*"
)
_SHARE_GAP_RE = re.compile(r"^\s*(?:и|\+|&)\s*$")
_MODIFIER_GAP = re.compile(
    r"(?:^|[,;+\n]|\s[иа]|ещ[её])[\s\-—–:]*(?:\d{1,4}\s*(?:шт\w*|пар\w*|компл\w*)?\s*)?$"
)
_WINDOW = 40
_REFERENCE_RE = re.compile(
    r"(?<![а-я])(?:цвет\w*|размер\w*|ростовк\w*|кол-?\s?в\w*|количеств\w*|по\s+числу"
    r"|по\s+количеству)\s+(?:[а-я]+\s+(?:и\s+)?)*$"
)
# Attribute words that replace each other when a model is carried («и мужские» after «женский»).
_ALTERNATIVES: tuple[frozenset[str], ...] = (
    frozenset({"мужской", "женский"}),
    frozenset({"летний", "зимний", "утеплённый", "утепленный"}),
)


@dataclass(frozen=True, slots=True)
class Group:
    mention: Mention
    start: int  # where its prefix (quantity/colour before the model) begins
    end: int  # where its breakdown ends
    pre_qty: int | None
    pre_colour: int
    same_as: int | None = None  # «такая же куртка», «и мужские»: the group it repeats
    shares_with: int | None = None  # «костюм и куртка … по 2»: the group whose text it reads
    is_vague: bool = False


class Segmenter:
    """Built once per catalog (it holds the model index)."""

    def __init__(self, models: ModelIndex) -> None:
        self.models = models

    def groups(self, text: str, work: str, colours: Sequence[ColourSpan]) -> list[Group]:
        spans = [(c.start, c.end) for c in colours]
        found = self.models.find_mentions(text, work, spans)
        found = sorted([*found, *self._orphans(text, work, found, spans)], key=lambda m: m.start)
        modifiers = self._modifiers(work, found, spans)
        found = sorted([*found, *modifiers], key=lambda m: m.start)
        mentions = [m for i, m in enumerate(found) if _is_position(m, i, found, work, spans)]
        groups = self._spans(work, mentions, colours)
        groups = self._carried(work, groups, {m.start for m in modifiers})
        groups = self._shared(work, groups)
        return [self._vague(work, g, groups[i - 1].end if i else 0) for i, g in enumerate(groups)]

    # ---------------------------------------------------------------------------- mentions

    def _orphans(
        self, text: str, work: str, found: list[Mention], colours: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        """Clauses like "шлем пожарный 3 шт": an item no catalog word names, with a quantity."""
        out = []
        start = 0
        breaks = re.finditer(r"[,;\n+]|\.(?=\s|$)|(?<=\s)и(?=\s)", work)
        for end in [*(m.start() for m in breaks), len(work)]:
            clause_start, start = start, end + 1
            m = _ORPHAN_RE.match(work, clause_start + _lead(work, clause_start, end), end)
            if m is None:
                continue
            s, e = m.start(1), m.end(1)
            if any(_ORPHAN_STOP.match(w) for w in re.split(r"[ \t-]+", m.group(1))):
                continue
            if any(s <= mm.start < e or mm.start <= s < mm.end for mm in found):
                continue
            if any(c_s < e and s < c_e for c_s, c_e in colours):
                continue
            phrase = text[s:e]
            out.append(
                Mention(
                    s,
                    e,
                    MentionKind.UNKNOWN,
                    None,
                    (),
                    phrase[:1].upper() + phrase[1:],
                    True,
                    None,
                    is_exact=False,
                )
            )
        return out

    def _modifiers(
        self, work: str, found: list[Mention], colours: Sequence[tuple[int, int]]
    ) -> list[Mention]:
        """«и мужские 52-54», «и утеплённые Север тоже 44»: model words without a noun after a
        clause break, resolved with the noun and words of the model before."""
        out: list[Mention] = []
        words = [
            m for m in WORD_RE.finditer(work) if not any(s <= m.start() < e for s, e in colours)
        ]
        i = 0
        while i < len(words):
            w = words[i]
            keys = self.models.word_keys(w.group(0))
            prev = next((m for m in reversed(found) if m.end <= w.start()), None)
            if (
                not keys
                or prev is None
                or prev.sku is None
                or any(m.start <= w.start() < m.end for m in found)
            ):
                i += 1
                continue
            if any(k in self.models.type_stems for k, _q in keys) or not _MODIFIER_GAP.search(
                work, prev.end, w.start()
            ):
                i += 1
                continue
            j = i + 1
            while j < len(words) and re.fullmatch(
                r"\s*", work[words[j - 1].end() : words[j].start()]
            ):
                more = self.models.word_keys(words[j].group(0))
                if not more or any(k in self.models.type_stems for k, _q in more):
                    break
                j += 1
            new = {k: q for m in words[i:j] for k, q in self.models.word_keys(m.group(0))}
            mention = self._carry_mention(prev, new, w.start(), words[j - 1].end())
            if mention is not None:
                out.append(mention)
            i = j
        return out

    def _carry_mention(
        self, prev: Mention, new: dict[str, float], start: int, end: int
    ) -> Mention | None:
        if prev.sku is None or prev.type_stem is None:
            return None
        base = self.models.model_keys(prev.sku)
        if any(self.models.is_name_key(k) for k in new):
            keys = {prev.type_stem: 1.0, **new}  # a new name: only the noun carries over
            best = self.models.best(keys, prev.type_stem)
        else:
            names = self.models.name_keys(prev.sku)  # «мужской такой же»: still «Технолог»
            replaced = frozenset(k for alt in _ALTERNATIVES if alt & set(new) for k in alt)
            keys = {**{k: 1.0 for k in base if k not in replaced}, **new}
            # a model with the new attribute («Ботинки «Техник» женские»), else one without the
            # attribute it replaces («мужской» Технолог is the plain «Костюм «Технолог»»)
            best = self.models.best(keys, prev.type_stem, names | frozenset(new))
            if not best:
                best = self.models.best(
                    keys, prev.type_stem, names, excluded=replaced - frozenset(new)
                )
        if len(best) != 1 or best[0] == prev.sku:
            return None
        item = self.models.catalog.get(best[0])
        phrase = item.model if item else best[0]
        return Mention(start, end, MentionKind.CATALOG, best[0], best, phrase, False,
                       prev.type_stem, tuple(keys.items()))  # fmt: skip

    # ---------------------------------------------------------------------------- groups

    def _spans(
        self, work: str, mentions: list[Mention], colours: Sequence[ColourSpan]
    ) -> list[Group]:
        prefixes: list[tuple[int, int | None, int]] = []
        prev_end = 0
        for m in mentions:
            start, pre_qty, pre_colour = m.start, None, -1
            for idx, c in enumerate(colours):
                if prev_end <= c.start and c.end <= start and not work[c.end : start].strip():
                    start, pre_colour = c.start, idx
            q = _PRE_QTY_RE.search(work, prev_end, start)
            before = work[prev_end : q.start()] if q else ""
            owner_has_qty = (
                not prefixes
                or prefixes[-1][1] is not None
                or re.search(r"\d", before) is not None
                or NUMBER_PHRASE_RE.search(before) is not None
            )
            if q is not None and owner_has_qty and _pre_qty_allowed(before):
                value = int(q.group(1)) if q.group(1) else number_phrase_value(q.group(2))
                if value is not None:
                    start, pre_qty = q.start(), value
            line_start = max(work.rfind("\n", 0, start) + 1, prev_end)
            head = _HEADCOUNT_RE.search(work, line_start, start)
            if head is not None and pre_qty is None:
                pre_qty = int(head.group(1))
                start = min(start, head.start())
            prefixes.append((start, pre_qty, pre_colour))
            prev_end = m.end
        groups: list[Group] = []
        for i, m in enumerate(mentions):
            start, pre_qty, pre_colour = prefixes[i]
            end = prefixes[i + 1][0] if i + 1 < len(mentions) else len(work)
            groups.append(Group(m, start, max(end, m.end), pre_qty, pre_colour))
        return groups

    def _carried(self, work: str, groups: list[Group], modifiers: set[int]) -> list[Group]:
        """«тот же костюм», «такая же куртка», «и мужские»: the model (and colour) before."""
        out: list[Group] = []
        for g in groups:
            m = g.mention
            if m.start in modifiers and out:
                out.append(replace(g, same_as=len(out) - 1))
                continue
            if m.kind is MentionKind.AMBIGUOUS and _SAME_MODEL_RE.search(work, 0, m.start):
                found, index = self._same_model(m, out)
                out.append(replace(g, mention=found, same_as=index))
                continue
            out.append(g)
        return out

    def _same_model(self, m: Mention, groups: list[Group]) -> tuple[Mention, int | None]:
        for index in range(len(groups) - 1, -1, -1):
            prev = groups[index].mention
            if prev.sku is None:
                continue
            sku: str | None = prev.sku
            if prev.type_stem != m.type_stem:
                sku = self.models.sibling(prev.sku, m.type_stem)
            item = self.models.catalog.get(sku) if sku else None
            if item is not None:
                found = replace(
                    m, kind=MentionKind.CATALOG, sku=item.sku, candidates=(item.sku,),
                    phrase=item.model,
                )  # fmt: skip
                return found, index
            break
        return m, None

    def _shared(self, work: str, groups: list[Group]) -> list[Group]:
        """«костюм и куртка технолог … по 2»: a group with no text of its own reads the next."""
        out = list(groups)
        for i in range(len(out) - 2, -1, -1):
            g, nxt = out[i], out[i + 1]
            if not _SHARE_GAP_RE.match(work[g.mention.end : nxt.start]) or g.pre_qty is not None:
                continue
            target = nxt.shares_with if nxt.shares_with is not None else i + 1
            m = g.mention
            if m.kind is not MentionKind.CATALOG and nxt.mention.sku and m.type_stem:
                names = {k: q for k, q in nxt.mention.keys if k != nxt.mention.type_stem}
                best = self.models.best({m.type_stem: 1.0, **names}, m.type_stem)
                if len(best) == 1:
                    item = self.models.catalog.get(best[0])
                    m = replace(m, kind=MentionKind.CATALOG, sku=best[0], candidates=best,
                                phrase=item.model if item else m.phrase)  # fmt: skip
            out[i] = replace(g, mention=m, shares_with=target)
        return out

    def _vague(self, work: str, g: Group, previous_end: int) -> Group:
        """A mention that is not exact, in a clause asking for a choice: model to be chosen."""
        m = g.mention
        if m.is_exact and m.kind is MentionKind.CATALOG:
            return g
        start = max(work.rfind("\n", 0, g.start) + 1, previous_end)
        if _NONSTANDARD_RE.search(work, start, g.end):  # «нестандарт»: to supply, as written
            return replace(g, mention=replace(m, kind=MentionKind.UNKNOWN, sku=None))
        if not _VAGUE_RE.search(work, start, g.end):
            return g
        candidates = m.candidates or ((m.sku,) if m.sku else ())
        return replace(
            g, is_vague=True,
            mention=replace(m, kind=MentionKind.AMBIGUOUS, sku=None, candidates=candidates),
        )  # fmt: skip


# -------------------------------------------------------------------------------- helpers


def _is_position(
    m: Mention, i: int, found: list[Mention], work: str, colours: Sequence[tuple[int, int]]
) -> bool:
    """A mention without a garment noun counts when numbers or a colour follow it."""
    clause_start = max(work.rfind(c, 0, m.start) for c in ",;\n.:") + 1
    if _REFERENCE_RE.search(work, clause_start, m.start):
        return False  # «цвет костюмов и сапог уточню», «по числу халатов»: no new position
    if m.has_type_noun or (m.kind is MentionKind.CATALOG and not m.keys):
        return True
    limit = found[i + 1].start if i + 1 < len(found) else len(work)
    window = work[m.end : min(limit, m.end + _WINDOW)].split("\n", 1)[0]
    has_colour = any(m.end <= s < m.end + len(window) for s, _e in colours)
    return bool(re.search(r"\d", window) or has_colour)


def _lead(work: str, start: int, end: int) -> int:
    """Length of the blanks (spaces, masked words) at the start of a clause."""
    i = start
    while i < end and (work[i].isspace() or work[i] in MASK + "—–-:()«»\"'"):
        i += 1
    return i - start


def _pre_qty_allowed(before: str) -> bool:
    """A number right before a model is its quantity unless it ends the previous breakdown."""
    stripped = before.rstrip()
    if not stripped:
        return True
    last = stripped[-1]
    if last in ",;:\n+" + MASK or last in ".!?()":
        return True
    m = re.search(r"([^\W\d_]+)$", stripped)
    return m is not None and not re.fullmatch(r"шт|штук\w*|пар\w*|компл\w*|р|рост\w*", m.group(1))
