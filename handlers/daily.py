"""The daily rhythm's dialogue: «Дополнить» on the 17:45 prompt and the manager's line; a
head's «Ответить» on a report and the answer. (The daily messages themselves are reminders:
bot/services/reminders/daily.py.)"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.errors import InvalidInput
from bot.domain.roles import Actor
from bot.services.reminders import daily_reports
from bot.services.reminders.daily import EOD_ADD
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import rhythm as views
from bot.views.callbacks import DailyCb, ReminderCb
from handlers.filters import PLAIN_TEXT, PRIVATE
from storage.uow import UnitOfWork


class EndOfDay(StatesGroup):
    line = State()
    answer = State()


async def on_add(
    query: CallbackQuery,
    callback_data: ReminderCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    ref = await daily_reports.begin_line(actor, callback_data.id, uow)
    await state.set_state(EndOfDay.line)
    await state.set_data({"report": ref.report_id})
    await reply.answer(views.eod_asked(texts))


async def on_line(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    report_id = await _report(state)
    cmd = daily_reports.SubmitLine(actor, report_id, message.text or "")
    heads = await daily_reports.submit_line(cmd, uow, clock)
    await state.clear()
    await reply.answer(views.eod_sent(texts, heads))


async def on_answer(
    query: CallbackQuery,
    callback_data: DailyCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    ref = await daily_reports.begin_answer(actor, callback_data.r, uow)
    await state.set_state(EndOfDay.answer)
    await state.set_data({"report": ref.report_id})
    await reply.answer(views.eod_answer_asked(texts, ref.manager))


async def on_answer_text(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    reply: Replies,
) -> None:
    report_id = await _report(state)
    cmd = daily_reports.AnswerReport(actor, report_id, message.text or "")
    manager = await daily_reports.answer_report(cmd, uow, clock)
    await state.clear()
    await reply.answer(views.eod_answered(texts, manager))


async def _report(state: FSMContext) -> int:
    data = await state.get_data()
    if "report" not in data:
        await state.clear()
        raise InvalidInput("daily-report-not-found")
    return int(data["report"])


def build_router() -> Router:
    router = Router(name="daily")
    router.message.filter(PRIVATE)
    router.callback_query.register(on_add, ReminderCb.filter(F.a == EOD_ADD))
    router.callback_query.register(on_answer, DailyCb.filter())
    router.message.register(on_line, StateFilter(EndOfDay.line), PLAIN_TEXT)
    router.message.register(on_answer_text, StateFilter(EndOfDay.answer), PLAIN_TEXT)
    return router
