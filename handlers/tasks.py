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
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.tasks import actions as task_actions
from bot.services.tasks import talk as task_talk
from bot.telegram.questions import question_kept_on_typo
from bot.texts import Texts
from bot.views import tasks as views
from bot.views.callbacks import TaskCb
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork

NOT_A_COMMAND = F.text & ~F.text.startswith("/")
GROUPS = F.chat.type.in_({"group", "supergroup"})


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
) -> None:
    cmd = task_actions.PressTask(actor, callback_data.task, callback_data.step, callback_data.v)
    result = await task_actions.press_task(cmd, uow, clock, calendar)
    if result.needs is None:
        callback_reply.text = views.step_done(texts, result.step)
        return
    await state.set_state(TaskInput.value)
    await state.set_data({"task": result.task_id, "step": str(result.step), "v": callback_data.v})
    prompt = views.ask_input(texts, result.needs, result.number, dict(result.lines))
    callback_reply.text = prompt[:200]
    if isinstance(query.message, Message):
        await query.message.answer(prompt)


async def on_task_input(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    calendar: WorkCalendar,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    cmd = task_actions.SubmitTaskInput(
        actor, int(data["task"]), str(data["step"]), int(data["v"]), message.text or ""
    )
    async with question_kept_on_typo(state):
        result = await task_actions.submit_task_input(cmd, uow, clock, calendar)
    await state.clear()
    await message.reply(views.input_saved(texts, result.number, result.step))


async def on_chat_message(message: Message, actor: Actor, uow: UnitOfWork, clock: Clock) -> None:
    """Silently joins the order's history; messages about no order are left alone."""
    reply = message.reply_to_message
    photo = message.photo[-1].file_id if message.photo else None
    await task_talk.note_chat_message(
        task_talk.ChatMessage(
            actor,
            message.chat.id,
            message.message_thread_id if message.is_topic_message else None,
            reply.message_id if reply is not None and not reply.forum_topic_created else None,
            message.text or message.caption or "",
            photo,
        ),
        uow,
        clock,
    )


def build_router() -> Router:
    router = Router(name="tasks")
    calendar = CalendarMiddleware()
    router.message.middleware(calendar)
    router.callback_query.middleware(calendar)
    router.callback_query.register(on_task_button, TaskCb.filter())
    router.message.register(on_task_input, StateFilter(TaskInput.value), NOT_A_COMMAND)
    router.message.register(
        on_chat_message,
        GROUPS,
        F.is_topic_message | F.reply_to_message,
        NOT_A_COMMAND | F.photo,
    )
    return router
