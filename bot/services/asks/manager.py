"""The manager's side of a request: the answer's buttons («Спасибо, закрыть», «Уточнить»,
«Сделать КП», «Оформить заказ») and the reply to the department's question. The manager's
(and the heads', admins') only: decided here."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from bot.clock import Clock
from bot.domain.asks.rules import (
    AskAction,
    AskSettings,
    check_reason,
    check_transition,
    next_status,
    require_manager,
    with_markup,
)
from bot.domain.errors import InvalidInput
from bot.domain.orders.steps import Step
from bot.services.asks import sla
from bot.services.asks.cards import (
    department_title,
    log_interaction,
    record,
    refresh_card,
    tell_chat,
)
from bot.services.asks.work import AskPressed, PressAsk, TypedAsk
from bot.services.catalog import CatalogCache
from bot.services.orders import intake as order_intake
from bot.services.orders import routing
from storage.models import DeptRequest
from storage.uow import UnitOfWork

log = structlog.get_logger()

TYPED = frozenset({AskAction.MORE, AskAction.REPLY})


@dataclass(frozen=True, slots=True)
class Offer:
    """A commercial proposal drawn from a price/term answer."""

    request_id: int
    number: int
    client: str
    item: str  # the question: what the client wants
    price_kopecks: int  # the client's price: the department's plus the markup
    base_kopecks: int  # the department's price
    markup_percent: int
    term_days: int
    department: str


async def _load(uow: UnitOfWork, cmd: PressAsk | TypedAsk) -> DeptRequest:
    req = await uow.dept_requests.get(cmd.request_id)
    require_manager(cmd.actor, req.manager_id)
    return req


async def press_manager(cmd: PressAsk, uow: UnitOfWork, clock: Clock) -> AskPressed:
    """«Спасибо, закрыть» closes it; «Уточнить» and «Ответить отделу» ask for text first."""
    if cmd.action not in (*TYPED, AskAction.CLOSE):
        raise InvalidInput("ask-wrong-button")
    req = await _load(uow, cmd)
    check_transition(cmd.action, req.status)
    if cmd.action in TYPED:
        return AskPressed(req.id, req.number, cmd.action, needs_input=True)
    now = clock.now()
    req.status = next_status(AskAction.CLOSE, req.status, was_taken=True).value
    req.closed_at = now
    title = await department_title(uow, req.department_id)
    record(uow, req, cmd.actor, "closed", now)
    log_interaction(uow, req, "closed", cmd.actor, now, department=title)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    await sla.closed(uow, req, now)
    await uow.commit()
    log.info("ask_closed", request_id=req.id)
    return AskPressed(req.id, req.number, cmd.action)


async def submit_manager_text(cmd: TypedAsk, uow: UnitOfWork, clock: Clock) -> AskPressed:
    """The manager's reply to the department's question, or a new question after the answer:
    back to the department, on the card and in its chat."""
    if cmd.action not in TYPED:
        raise InvalidInput("ask-wrong-button")
    req = await _load(uow, cmd)
    check_transition(cmd.action, req.status)
    text = check_reason(cmd.text)
    now = clock.now()
    was = req.status
    req.status = next_status(cmd.action, req.status, was_taken=req.taken_by_id is not None).value
    event = "replied" if cmd.action is AskAction.REPLY else "more"
    title = await department_title(uow, req.department_id)
    record(uow, req, cmd.actor, event, now, note=text)
    log_interaction(uow, req, event, cmd.actor, now, department=title, note=text)
    await refresh_card(uow, req, zone=await routing.zone_name(uow), now=now)
    await tell_chat(
        uow,
        req,
        "ask_manager_says",
        {"event": event, "who": cmd.actor.full_name, "text": text},
        now,
    )
    if cmd.action is AskAction.MORE:
        await sla.closed(uow, req, now)
    await uow.commit()
    log.info("ask_back_to_department", request_id=req.id, was=was)
    return AskPressed(req.id, req.number, cmd.action)


async def make_offer(cmd: PressAsk, uow: UnitOfWork, clock: Clock, settings: AskSettings) -> Offer:
    """«Сделать КП»: the items, the department's price plus the company's markup, the term."""
    req = await _load(uow, cmd)
    check_transition(AskAction.OFFER, req.status)
    if req.price_kopecks is None and req.term_days is None:
        raise InvalidInput("ask-no-price")
    now = clock.now()
    title = await department_title(uow, req.department_id)
    client = await uow.counterparties.find(req.counterparty_id) if req.counterparty_id else None
    base = req.price_kopecks or 0
    offer = Offer(
        request_id=req.id,
        number=req.number,
        client=client.name if client else "",
        item=req.question,
        price_kopecks=with_markup(base, settings.markup_percent) if base else 0,
        base_kopecks=base,
        markup_percent=settings.markup_percent,
        term_days=req.term_days or 0,
        department=title,
    )
    record(uow, req, cmd.actor, "offer", now)
    log_interaction(uow, req, "offer", cmd.actor, now, department=title)
    await uow.commit()
    return offer


async def order_from_ask(
    cmd: PressAsk, uow: UnitOfWork, clock: Clock, cache: CatalogCache
) -> Step:
    """«Оформить заказ»: an order draft from the request (its question, its client), through
    the orders intake like any order text; the manager confirms it in the preview."""
    req = await _load(uow, cmd)
    check_transition(AskAction.ORDER, req.status)
    now = clock.now()
    title = await department_title(uow, req.department_id)
    record(uow, req, cmd.actor, "order", now)
    log_interaction(uow, req, "order", cmd.actor, now, department=title)
    draft_id = f"a{req.id}v{req.version}"
    start = order_intake.StartOrder(cmd.actor, req.question, draft_id, req.counterparty_id)
    step = await order_intake.start_order(start, uow, clock, cache)
    await uow.commit()
    return step
