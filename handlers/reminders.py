"""Buttons on reminder messages (done, snooze, the kind's own) and /policies."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.middlewares.calendar import CalendarMiddleware
from bot.middlewares.callbacks import CallbackReply
from bot.services.reminders import actions, policy_settings
from bot.services.reminders.kinds import ReminderKinds
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import reminders as views
from bot.views.callbacks import PolicyCb, ReminderCb
from reminders.calendar import WorkCalendar
from storage.uow import UnitOfWork


async def on_reminder_button(
    query: CallbackQuery,
    callback_data: ReminderCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    calendar: WorkCalendar,
    reminder_kinds: ReminderKinds,
    texts: Texts,
    callback_reply: CallbackReply,
) -> None:
    cmd = actions.ActOnReminder(actor, callback_data.id, callback_data.a)
    done = await actions.act_on_reminder(cmd, uow, clock, calendar, reminder_kinds)
    callback_reply.text = views.acted(texts, done.until, done.answer, calendar.zone)


async def cmd_policies(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    table = await policy_settings.policy_table(actor, uow)
    await reply.answer(views.policy_table(texts, table))


async def on_policy_table(
    query: CallbackQuery, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    table = await policy_settings.policy_table(actor, uow)
    await reply.edit(views.policy_table(texts, table))


async def on_policy(
    query: CallbackQuery,
    callback_data: PolicyCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    choices = await policy_settings.policy_choices(actor, callback_data.k, uow)
    await reply.edit(views.policy_screen(texts, choices))


async def on_policy_change(
    query: CallbackQuery,
    callback_data: PolicyCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    field = policy_settings.PolicyField(callback_data.f)
    cmd = policy_settings.ChangePolicy(actor, callback_data.k, field, callback_data.v)
    choices = await policy_settings.change_policy(cmd, uow, clock)
    callback_reply.text = texts("policy-changed")
    await reply.edit(views.policy_screen(texts, choices))


def build_router() -> Router:
    router = Router(name="reminders")
    calendar = CalendarMiddleware()
    router.callback_query.middleware(calendar)
    router.callback_query.register(on_reminder_button, ReminderCb.filter())
    router.message.register(cmd_policies, Command("policies"), F.chat.type == "private")
    router.callback_query.register(on_policy_table, PolicyCb.filter(F.k == ""))
    router.callback_query.register(on_policy, PolicyCb.filter((F.k != "") & (F.f == "")))
    router.callback_query.register(
        on_policy_change,
        PolicyCb.filter((F.k != "") & F.f.in_([f.value for f in policy_settings.PolicyField])),
    )
    return router
