"""Order intake: from a manager's (or a client's) message to a draft ready to confirm.

The dialogue state is a `Draft` kept by the caller in the FSM data; every call here takes the
draft (or a text) and returns the next `Step`. Each loads what the step needs first (the
catalog or the parser from the cache, the client cards, an order with the same text), then
one pure function of domain/orders/dialogue decides; when it asks for the client, the cards
to offer are found last. Nothing here writes: placing.py does, once the draft is confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import structlog

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.orders import dialogue
from bot.domain.orders.dialogue import READ_BY_PARSER, Choice, Pick
from bot.domain.orders.draft import Draft, Field
from bot.domain.orders.placing import DUPLICATE_WINDOW, text_hash
from bot.domain.orders.steps import Known, Step
from bot.domain.roles import Actor, Role
from bot.services.catalog import CatalogCache
from bot.services.orders import client_cards
from storage.uow import UnitOfWork

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class BeginOrder:
    """A bare /order, or «Новая заявка» on a counterparty's card (`counterparty_id`)."""

    actor: Actor
    draft_id: str
    counterparty_id: int | None = None


@dataclass(frozen=True, slots=True)
class StartOrder:
    actor: Actor
    text: str
    draft_id: str
    counterparty_id: int | None = None  # preset (a card's "new order"): if the text names none


@dataclass(frozen=True, slots=True)
class Answer:
    """Text typed while a draft is open."""

    actor: Actor
    draft: Draft
    text: str
    new_draft_id: str  # if the text is a new order rather than an answer


@dataclass(frozen=True, slots=True)
class Choose:
    """A button pressed in the dialogue; `value` is the option's id."""

    actor: Actor
    draft: Draft
    choice: Choice
    position: int = -1
    value: str = ""


@dataclass(frozen=True, slots=True)
class ResumeDraft:
    actor: Actor
    draft: Draft


async def begin_order(cmd: BeginOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """Nothing yet: the order text is awaited (for the card's client, from a card; a
    client's own order: for their own company)."""
    client_cards.require_order_writer(cmd.actor)
    preset = None
    if cmd.counterparty_id is not None:  # a card's button: staff who see the directory
        preset = await client_cards.preset_card(uow, cmd.actor, cmd.counterparty_id)
        log.info("order_draft_for_counterparty", counterparty_id=preset.counterparty_id)
    known = await _known(uow, clock, cache)
    if cmd.actor.role is Role.CLIENT:
        own = client_cards.choice_of((await client_cards.own_card(uow, cmd.actor))[1])
        return dialogue.begin(cmd.draft_id, known, own, for_client=True)
    return dialogue.begin(cmd.draft_id, known, preset)


async def start_order(cmd: StartOrder, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """Parse an order text into a draft; the step is its first question or its preview."""
    client_cards.require_order_writer(cmd.actor)
    text = cmd.text.strip()
    if not text:
        raise InvalidInput("order-empty")
    parser = await cache.parser(uow)
    now = clock.now()
    today = now.astimezone(ZoneInfo(cache.company.timezone)).date()
    since = now - DUPLICATE_WINDOW
    same_text = await uow.orders.find_same_text(text_hash(text), since=since)
    parsed = parser.parse(text, today=today)
    client = await client_cards.client_of_text(uow, cmd.actor, parsed, cmd.counterparty_id)
    log.info("order_draft_started", positions=len(parsed.positions), missing=len(parsed.missing))
    known = Known(parser.catalog, today, cache.company)
    duplicate = same_text.number if same_text is not None else None
    return dialogue.start(cmd.draft_id, text, parsed, client, duplicate, known)


async def answer_question(cmd: Answer, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """Typed text: the answer to the question asked, or (none asked) a new order text."""
    draft, text = await client_cards.held_draft(uow, cmd.actor, cmd.draft), cmd.text.strip()
    if not text:
        raise InvalidInput("order-empty")
    if draft.awaiting is None or draft.awaiting is Field.TEXT:
        preset = draft.counterparty_id if draft.awaiting is Field.TEXT else None
        start = StartOrder(cmd.actor, text, cmd.new_draft_id, preset)
        step = await start_order(start, uow, clock, cache)
        if draft.awaiting is None and not step.is_recognised:
            raise InvalidInput("order-use-buttons")
        return step
    known = await _known(uow, clock, cache)
    parsed = None
    if draft.awaiting in READ_BY_PARSER:
        parsed = (await cache.parser(uow)).parse(text, today=known.today)
    step = dialogue.answer(draft, text, known, parsed)
    return await _with_client_cards(uow, step)


async def choose(cmd: Choose, uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Step:
    """A button: set a value and go on, or open a question / the preview."""
    draft = await client_cards.held_draft(uow, cmd.actor, cmd.draft)
    pick = Pick(cmd.choice, cmd.position, cmd.value)
    if cmd.choice is Choice.CLIENT:
        pick = replace(pick, client=await client_cards.picked_card(uow, draft, cmd.value))
    elif cmd.choice is Choice.NEW_CLIENT:
        sure = cmd.value == "sure"
        new = await client_cards.check_new_card(uow, cmd.actor, draft, sure)
        pick = replace(pick, new_client=new.card, new_client_name=new.name,
                       look_alikes=new.look_alikes)  # fmt: skip
    step = dialogue.choose(draft, pick, await _known(uow, clock, cache))
    return await _with_client_cards(uow, step)


async def resume_draft(
    cmd: ResumeDraft, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    """The draft's first open question (or its preview): after a duplicate warning, or a
    client's order the manager opened as a draft."""
    draft = await client_cards.held_draft(uow, cmd.actor, cmd.draft)
    step = dialogue.resume(draft, await _known(uow, clock, cache))
    return await _with_client_cards(uow, step)


async def _known(uow: UnitOfWork, clock: Clock, cache: CatalogCache) -> Known:
    today = clock.now().astimezone(ZoneInfo(cache.company.timezone)).date()
    return Known(await cache.catalog(uow), today, cache.company)


async def _with_client_cards(uow: UnitOfWork, step: Step) -> Step:
    """The client question offers the cards the client may be, and a new card's name (never
    for a draft whose client is fixed: the directory is not shown to a client)."""
    if not step.asks_client or step.draft.client_is_fixed:
        return step
    cards, name = await client_cards.client_choices(uow, step.draft)
    return replace(step, clients=cards, new_client=name)
