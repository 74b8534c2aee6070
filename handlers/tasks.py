"""Presses on department task cards, the input some steps ask for, and what people write in
an order's topic or in reply to a card."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.domain.tasks.flow import Step
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.tasks import actions as task_actions
from bot.services.tasks import talk as task_talk
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import tasks as views
from bot.views.callbacks import TaskCb
from handlers.filters import GROUPS, PLAIN_TEXT
from handlers.questions import question_kept_on_typo
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

MAX_ALERT = 200  # Telegram's limit on a callback answer's text


class TaskInput(StatesGroup):
    value = State()  # data: task id, step, the card's version


async def on_task_button(
    query: CallbackQuery,
    callback_data: TaskCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    cmd = task_actions.PressTask(
        actor=actor, task_id=callback_data.task, step=callback_data.step, version=callback_data.v
    )
    result = await task_actions.press_task(cmd, uow, clock, calendar)
    if result.needs is None:
        callback_reply.text = views.step_done(texts, result.step)
        return
    await state.set_state(TaskInput.value)
    await state.set_data({"task": result.task_id, "step": str(result.step), "v": callback_data.v})
    prompt = views.ask_input(texts, result.needs, result.number, dict(result.lines))
    callback_reply.text = prompt[:MAX_ALERT]
    await reply.answer(prompt)


async def on_task_input(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
    reply: Replies,
) -> None:
    data = await state.get_data()
    cmd = task_actions.SubmitTaskInput(
        actor=actor,
        task_id=int(data["task"]),
        step=Step(data["step"]),
        version=int(data["v"]),
        text=message.text or "",
    )
    async with question_kept_on_typo(state):
        result = await task_actions.submit_task_input(cmd, uow, clock, calendar)
    await state.clear()
    await reply.answer(views.input_saved(texts, result.number, result.step), quote=True)


async def on_chat_message(message: Message, actor: Actor, uow: UnitOfWork, clock: Clock) -> None:
    """Silently joins the order's history; messages about no order are left alone."""
    replied = message.reply_to_message
    cmd = task_talk.ChatMessage(
        actor=actor,
        tg_chat_id=message.chat.id,
        thread_id=message.message_thread_id if message.is_topic_message else None,
        reply_to_message_id=(
            replied.message_id if replied is not None and not replied.forum_topic_created else None
        ),
        text=message.text or message.caption or "",
        photo_file_id=message.photo[-1].file_id if message.photo else None,
    )
    await task_talk.note_chat_message(cmd, uow, clock)


def build_router() -> Router:
    router = Router(name="tasks")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.callback_query.register(on_task_button, TaskCb.filter())
    router.message.register(on_task_input, StateFilter(TaskInput.value), PLAIN_TEXT)
    router.message.register(
        on_chat_message, GROUPS, F.is_topic_message | F.reply_to_message, PLAIN_TEXT | F.photo
    )
    return router
