"""What people write in an order's forum topic, or in reply to a task card: it joins the
order's history (a photo is attached to the task: "Готово" with a photo of the work)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.roles import STAFF_ROLES, Actor
from bot.domain.tasks.flow import TaskKind, TaskStatus
from bot.domain.tasks.work import News
from bot.services import outbox
from bot.services.orders import routing
from bot.services.tasks.cards import record, refresh_card
from bot.services.tasks.rows import keep_lines, lines_of
from bot.services.tasks.telling import department_title, news
from storage.models import Order, Task
from storage.uow import UnitOfWork

MAX_CHAT_NOTE = 500
MAX_PHOTOS = 10


@dataclass(frozen=True, slots=True)
class ChatMessage:
    actor: Actor
    tg_chat_id: int
    thread_id: int | None
    reply_to_message_id: int | None
    text: str
    photo_file_id: str | None = None


async def note_chat_message(cmd: ChatMessage, uow: UnitOfWork, clock: Clock) -> bool:
    """A message in an order's forum topic, or a reply to a task card, joins the order's
    history (a photo is attached to the task: "Готово" with a photo of the work). False (and
    nothing written) when the message is about no order."""
    if cmd.actor.role not in STAFF_ROLES:  # a stranger or a client in the chat: not forwarded
        return False
    task = await _task_of_message(uow, cmd)
    if task is None:
        return False
    order = await uow.tasks.order(task.order_id)
    if order is None:
        return False
    now = clock.now()
    zone = await routing.zone_name(uow)
    note = " ".join(cmd.text.split())[:MAX_CHAT_NOTE]
    title = await department_title(uow, task.department_id)
    if cmd.photo_file_id is not None:
        keep_lines(task, lines_of(task).photographed(cmd.photo_file_id, keep=MAX_PHOTOS))
        task.updated_at = now
        record(uow, task, cmd.actor, "photo", now, note=note, file_id=cmd.photo_file_id)
        await refresh_card(uow, task, order, zone, now)
        await _photo_to_manager(uow, order, title, cmd, now)
    else:
        record(uow, task, cmd.actor, "message", now, note=note)
        item = News("message", task.id, title, cmd.actor.full_name, note)
        await news(uow, order, item, zone=zone, now=now)
    await uow.commit()
    return True


async def _photo_to_manager(
    uow: UnitOfWork, order: Order, department: str, cmd: ChatMessage, now: datetime
) -> None:
    manager = await uow.users.find(order.manager_id) if order.manager_id else None
    if manager is None or manager.tg_user_id is None or cmd.photo_file_id is None:
        return
    await outbox.send_file(
        uow,
        chat_id=manager.tg_user_id,
        kind="photo",
        file_id=cmd.photo_file_id,
        view="task_photo",
        params={
            "number": order.number,
            "department": department,
            "who": cmd.actor.full_name,
            "note": " ".join(cmd.text.split())[:MAX_CHAT_NOTE],
        },
        at=now,
    )


async def _task_of_message(uow: UnitOfWork, cmd: ChatMessage) -> Task | None:
    if cmd.reply_to_message_id is not None:
        task_id = await uow.tasks.task_of_card(cmd.tg_chat_id, cmd.reply_to_message_id)
        if task_id is not None:
            return await uow.tasks.find(task_id)
    if cmd.thread_id is None:
        return None
    topic = await uow.tasks.topic_at(cmd.tg_chat_id, cmd.thread_id)
    if topic is None:
        return None
    here = [
        t
        for t in await uow.tasks.of_order(topic.order_id)
        if t.tg_chat_id == cmd.tg_chat_id and t.status != TaskStatus.CANCELLED
    ]
    if cmd.photo_file_id is not None:
        here.sort(key=lambda t: t.kind != TaskKind.WORKSHOP)
    return here[0] if here else None
