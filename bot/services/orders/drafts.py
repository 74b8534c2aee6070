"""Order drafts kept as rows: every order message gets its own draft and its own preview, a
person keeps several open and confirms them in any order.

Each use case loads the person's draft by the key its buttons carry (another person's key
finds nothing), lets intake decide the step, writes the draft back and commits once. Typed
text goes to the draft whose message it replies to, else to the draft that asked for typed
text last, unless it is a new order (forwarded, or an order text where a value was asked).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition
from bot.domain.orders import dialogue
from bot.domain.orders.dialogue import READ_BY_PARSER, Choice
from bot.domain.orders.draft import Draft, Field, from_data, next_ask, to_data
from bot.domain.orders.steps import Known, Step
from bot.domain.roles import Actor, Role
from bot.services.catalog import CatalogCache
from bot.services.orders import client_cards, client_orders, placing
from bot.services.orders import intake as order_intake
from bot.services.orders.confirming import DuplicateSuspected, PlaceOrder
from storage.models import OrderDraft
from storage.repositories.order_drafts import OPEN
from storage.uow import UnitOfWork

log = structlog.get_logger()

PLACED, CANCELLED = "placed", "cancelled"
MAX_KEY = 16
MAX_LISTED = 20


def new_key() -> str:
    return secrets.token_hex(5)


@dataclass(frozen=True, slots=True)
class Shown:
    """A draft's step to show; `asking`: some open draft of the person awaits typed text."""

    step: Step
    asking: bool
    new: bool = False  # an order text's draft: its first screen (or «nothing found»)


# --- loading and keeping ------------------------------------------------------------------


def _owner(actor: Actor) -> int:
    client_cards.require_order_writer(actor)
    if actor.user_id is None:
        raise Forbidden()
    return actor.user_id


async def _row(uow: UnitOfWork, actor: Actor, key: str) -> OrderDraft:
    """The person's open draft with this key; a closed or unknown one is refused."""
    owner = _owner(actor)
    row = await uow.order_drafts.find(owner, key) if 0 < len(key) <= MAX_KEY else None
    if row is not None and row.status == PLACED and row.order_number is not None:
        raise InvalidTransition("order-already-placed", number=row.order_number)
    if row is None or row.status != OPEN:
        raise InvalidTransition("order-stale")
    return row


def _draft(row: OrderDraft) -> Draft:
    try:
        return from_data(row.data)
    except (KeyError, ValueError, TypeError):
        log.warning("order_draft_unreadable", draft_id=row.id)
        raise InvalidTransition("order-stale") from None


async def _keep(
    uow: UnitOfWork, actor: Actor, step: Step, clock: Clock, row: OrderDraft | None = None
) -> OrderDraft:
    """Write the step's draft (a new row when `row` is None); a draft that asks for typed
    text becomes the newest that asked."""
    owner, now, draft = _owner(actor), clock.now(), step.draft
    seq = None
    if row is None or draft.awaiting is not None:
        seq = await uow.order_drafts.next_seq(owner)  # before the new row is flushed
    if row is None:
        assert seq is not None
        row = OrderDraft(owner_id=owner, key=draft.id, status=OPEN, created_at=now, seq=seq)
        uow.order_drafts.add(row)
    elif seq is not None:
        row.seq = seq
    row.data = to_data(replace(draft, id=row.key))
    row.awaiting = draft.awaiting.value if draft.awaiting is not None else None
    row.updated_at = now
    return row


async def kept(
    uow: UnitOfWork, actor: Actor, step: Step, clock: Clock, row: OrderDraft | None = None
) -> Shown:
    """The step's draft written (a new row when `row` is None), not committed: for a use
    case that starts a draft among other writes (an order from a department's answer)."""
    row = await _keep(uow, actor, step, clock, row)
    step = replace(step, draft=replace(step.draft, id=row.key))
    asking = await uow.order_drafts.newest_asking(_owner(actor)) is not None
    return Shown(step, asking)


async def _shown(
    uow: UnitOfWork, actor: Actor, step: Step, clock: Clock, row: OrderDraft | None, new: bool
) -> Shown:
    shown = await kept(uow, actor, step, clock, row)
    await uow.commit()
    return replace(shown, new=new)


# --- starting -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Begin:
    """A bare /order, or «Новая заявка» on a counterparty's card."""

    actor: Actor
    counterparty_id: int | None = None


async def begin(cmd: Begin, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Shown:
    begun = order_intake.BeginOrder(cmd.actor, new_key(), cmd.counterparty_id)
    step = await order_intake.begin_order(begun, uow, clock, cache)
    return await _shown(uow, cmd.actor, step, clock, None, new=False)


@dataclass(frozen=True, slots=True)
class Typed:
    """Text a person typed: `replied_key` the draft whose message it replies to, `forwarded`
    a forwarded message (always a new order), `answering` whether the person is answering
    the drafts' questions (the dialogue state says so)."""

    actor: Actor
    text: str
    replied_key: str | None = None
    forwarded: bool = False
    answering: bool = True  # a question is open (False after /cancel): no reply, a new order


async def typed(cmd: Typed, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Shown:
    """The answer to the draft replied to (a reply to a preview adds to it), else to the
    draft that asked last, else a new order."""
    owner = _owner(cmd.actor)
    text = cmd.text.strip()
    if not text:
        raise InvalidInput("order-empty")
    row: OrderDraft | None = None
    if cmd.replied_key is not None:
        row = await _row(uow, cmd.actor, cmd.replied_key)
    elif cmd.answering and not cmd.forwarded:
        row = await uow.order_drafts.newest_asking(owner)
        if row is not None and await _is_new_order(uow, row, text, clock, cache):
            row = None
    if row is None:
        start = order_intake.StartOrder(cmd.actor, text, new_key())
        step = await order_intake.start_order(start, uow, clock, cache)
        if not step.is_recognised and not cmd.forwarded and await _has_open(uow, owner):
            raise InvalidInput("order-use-buttons")  # a stray word beside open drafts
        log.info("order_draft_new", recognised=step.is_recognised)
        return await _shown(uow, cmd.actor, step, clock, None, new=True)
    draft = _draft(row)
    if draft.awaiting is None:  # a reply to the preview: more of the order
        step = await _amend(uow, cmd.actor, draft, text, clock, cache)
    else:
        answer = order_intake.Answer(cmd.actor, draft, text, row.key)
        step = await order_intake.answer_question(answer, uow, clock, cache)
    is_text = draft.awaiting is Field.TEXT  # the order text itself: shown as a new order's
    return await _shown(uow, cmd.actor, step, clock, row, new=is_text)


async def _has_open(uow: UnitOfWork, owner: int) -> bool:
    return await uow.order_drafts.count_open(owner) > 0


async def _is_new_order(
    uow: UnitOfWork, row: OrderDraft, text: str, clock: Clock, cache: CatalogCache
) -> bool:
    """Where a value (a quantity, a date, an address, a client) was asked, a text naming
    positions is a new order, not the answer (a model asked for is answered by one)."""
    asked = Field(row.awaiting) if row.awaiting else None
    if asked is None or asked is Field.TEXT or asked in READ_BY_PARSER:
        return False
    parsed = (await cache.parser(uow)).parse(text, today=_today(clock, cache))
    return bool(parsed.positions)


async def _amend(
    uow: UnitOfWork, actor: Actor, draft: Draft, text: str, clock: Clock, cache: CatalogCache
) -> Step:
    draft = await client_cards.held_draft(uow, actor, draft)
    known = Known(await cache.catalog(uow), _today(clock, cache), cache.company)
    parsed = (await cache.parser(uow)).parse(text, today=known.today)
    return dialogue.amend(draft, text, parsed, known)


def _today(clock: Clock, cache: CatalogCache) -> date:
    return clock.now().astimezone(ZoneInfo(cache.company.timezone)).date()


async def adopt(
    actor: Actor, draft: Draft, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Shown:
    """A draft made elsewhere (a client's order the manager completes) kept as the person's."""
    draft = replace(draft, id=new_key())
    resumed = order_intake.ResumeDraft(actor, draft)
    step = await order_intake.resume_draft(resumed, uow, clock, cache)
    return await _shown(uow, actor, step, clock, None, new=False)


# --- buttons ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    actor: Actor
    key: str
    choice: Choice
    position: int = -1
    value: str = ""


async def press(cmd: Press, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Shown:
    """A button of the draft's dialogue: set a value and go on, or open a question."""
    row = await _row(uow, cmd.actor, cmd.key)
    chosen = order_intake.Choose(cmd.actor, _draft(row), cmd.choice, cmd.position, cmd.value)
    step = await order_intake.choose(chosen, uow, clock, cache)
    return await _shown(uow, cmd.actor, step, clock, row, new=False)


async def show(
    actor: Actor, key: str, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Shown:
    """The draft again (from /my): its first open question, or its preview."""
    row = await _row(uow, actor, key)
    resumed = order_intake.ResumeDraft(actor, _draft(row))
    step = await order_intake.resume_draft(resumed, uow, clock, cache)
    return await _shown(uow, actor, step, clock, row, new=False)


async def cancel(actor: Actor, key: str, uow: UnitOfWork, clock: Clock) -> bool:
    """Close the draft; returns whether some other open draft still awaits typed text."""
    row = await _row(uow, actor, key)
    row.status, row.awaiting, row.updated_at = CANCELLED, None, clock.now()
    asking = await uow.order_drafts.newest_asking(_owner(actor)) is not None
    await uow.commit()
    log.info("order_draft_cancelled", draft_id=row.id)
    return asking


@dataclass(frozen=True, slots=True)
class Confirmed:
    number: int | None  # the order it became; None: a duplicate is suspected (`again`)
    for_client: bool  # a client's order: sent to their manager for approval
    asking: bool
    again: Shown | None = None  # the draft warned of the duplicate, to confirm again


async def confirm(actor: Actor, key: str, uow: UnitOfWork, clock: Clock,
                  cache: CatalogCache) -> Confirmed:  # fmt: skip
    """The draft becomes an order: a client's always goes to their manager for approval,
    staff's is placed in work; the draft is closed in the same commit."""
    row = await _row(uow, actor, key)
    cmd = PlaceOrder(actor, _draft(row), draft_key=row.key)
    for_client = actor.role is Role.CLIENT
    if for_client:
        result = await client_orders.submit_order(cmd, uow, clock, cache)
    else:
        result = await placing.place_order(cmd, uow, clock, cache)
    if isinstance(result, DuplicateSuspected):
        resumed = order_intake.ResumeDraft(actor, result.draft)
        step = await order_intake.resume_draft(resumed, uow, clock, cache)
        shown = await _shown(uow, actor, step, clock, row, new=False)
        return Confirmed(None, for_client, shown.asking, shown)
    asking = await uow.order_drafts.newest_asking(_owner(actor)) is not None
    return Confirmed(result.number, for_client, asking)


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftLine:
    key: str
    client: str | None
    positions: int
    first: str | None  # the first position's model
    complete: bool


@dataclass(frozen=True, slots=True)
class OpenDrafts:
    lines: Sequence[DraftLine]
    total: int


async def open_drafts(actor: Actor, uow: UnitOfWork) -> OpenDrafts:
    """The person's open drafts, the newest first (at most MAX_LISTED, and how many)."""
    if actor.user_id is None:
        return OpenDrafts((), 0)
    rows = await uow.order_drafts.open_of(actor.user_id, MAX_LISTED)
    lines = []
    for row in rows:
        try:
            draft = from_data(row.data)
        except (KeyError, ValueError, TypeError):
            continue
        positions = draft.order.positions
        lines.append(
            DraftLine(
                row.key,
                draft.client_name,
                len(positions),
                positions[0].model if positions else None,
                next_ask(draft) is None,
            )
        )
    return OpenDrafts(lines, await uow.order_drafts.count_open(actor.user_id))
