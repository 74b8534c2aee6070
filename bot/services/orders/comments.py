"""A manager's comment on an order: it goes on every department card of the order and to
their chats; typed after the card's button, or as a reply (quote) to the bot's message about
the order. Files (logo layouts, specs) go the same way: counted on the cards, sent beside
them."""

from __future__ import annotations

from dataclasses import dataclass, replace

import structlog

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.domain.tasks.flow import TaskStatus
from bot.domain.tasks.input import parse_comment
from bot.domain.tasks.lines import Attachment
from bot.services.orders import my_orders, routing
from bot.services.tasks.cards import record, refresh_card, send_attachment, tell_chat
from bot.services.tasks.rows import keep_lines, lines_of
from bot.services.tasks.telling import log_interaction
from storage.uow import UnitOfWork

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class CommentOrder:
    actor: Actor
    order_id: int
    text: str


async def comment_order(cmd: CommentOrder, uow: UnitOfWork, clock: Clock) -> int:
    """The comment goes on every department card of the order and to their chats.
    Returns how many departments got it."""
    text = parse_comment(cmd.text)
    order = await my_orders.own_order(cmd.actor, cmd.order_id, uow)
    my_orders.require_placed(order)
    now = clock.now()
    zone = await routing.zone_name(uow)
    targets = [t for t in await uow.tasks.of_order(order.id) if t.status != TaskStatus.CANCELLED]
    for task in targets:
        record(uow, task, cmd.actor, "comment", now, note=text)
        await refresh_card(uow, task, order, zone, now)
        await tell_chat(
            uow,
            task,
            "task_comment",
            {"number": order.number, "who": cmd.actor.full_name, "text": text},
            now,
        )
    log_interaction(uow, order, "commented", cmd.actor, now, note=text)
    await uow.commit()
    log.info("order_commented", order_id=order.id, tasks=len(targets))
    return len(targets)


@dataclass(frozen=True, slots=True)
class CommentedByReply:
    number: int
    departments: int


async def comment_by_reply(
    actor: Actor,
    chat_id: int,
    replied_message_id: int,
    text: str,
    uow: UnitOfWork,
    clock: Clock,
) -> CommentedByReply | None:
    """A reply (quote) to a message the bot sent about an order is a comment on that order;
    None when the replied message is not about an order."""
    order_id = await uow.tasks.order_of_message(chat_id, replied_message_id)
    if order_id is None:
        return None
    order = await my_orders.own_order(actor, order_id, uow)
    number = order.number
    count = await comment_order(CommentOrder(actor, order_id, text), uow, clock)
    return CommentedByReply(number, count)


async def attach_by_reply(
    cmd: AttachFile, chat_id: int, replied_message_id: int, uow: UnitOfWork, clock: Clock
) -> CommentedByReply | None:
    """A photo or document sent in reply to a message the bot sent about an order is a file
    for that order (`cmd.order_id` is ignored); None when the message is about no order."""
    order_id = await uow.tasks.order_of_message(chat_id, replied_message_id)
    if order_id is None:
        return None
    order = await my_orders.own_order(cmd.actor, order_id, uow)
    number = order.number
    count = await attach_file(replace(cmd, order_id=order_id), uow, clock)
    return CommentedByReply(number, count)


# --- files: logo layouts, specs -----------------------------------------------------------

FILE_KINDS = ("photo", "document")
MAX_ATTACHMENTS = 20
MAX_CAPTION = 300


@dataclass(frozen=True, slots=True)
class AttachFile:
    actor: Actor
    order_id: int
    file_id: str
    kind: str  # "photo" | "document"
    caption: str = ""


async def attach_file(cmd: AttachFile, uow: UnitOfWork, clock: Clock) -> int:
    """The file goes on every department card of the order (counted there) and is sent to
    their chats beside the card; a card still waiting for a chat gets it when posted.
    Returns how many departments got it."""
    if cmd.kind not in FILE_KINDS:
        raise ValueError(f"cannot attach a file of kind {cmd.kind!r}")
    order = await my_orders.own_order(cmd.actor, cmd.order_id, uow)
    my_orders.require_placed(order)
    now = clock.now()
    zone = await routing.zone_name(uow)
    note = " ".join(cmd.caption.split())[:MAX_CAPTION]
    attachment = Attachment(cmd.file_id, cmd.kind, cmd.actor.full_name or "", note)
    targets = [t for t in await uow.tasks.of_order(order.id) if t.status != TaskStatus.CANCELLED]
    for task in targets:
        keep_lines(task, lines_of(task).attached(attachment, keep=MAX_ATTACHMENTS))
        task.updated_at = now
        record(uow, task, cmd.actor, "attachment", now, note=note, file_id=cmd.file_id)
        await refresh_card(uow, task, order, zone, now)
        await send_attachment(uow, task, order, attachment, now)
    log_interaction(uow, order, "attached", cmd.actor, now, note=note)
    await uow.commit()
    log.info("order_file_attached", order_id=order.id, tasks=len(targets), kind=cmd.kind)
    return len(targets)
