"""/routing: which department gets which kind of order work (admins change it with buttons)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.middlewares.callbacks import CallbackReply
from bot.services.orders import routing
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import routing as views
from bot.views.callbacks import RouteCb
from bot.views.rendered import Rendered
from handlers.filters import PRIVATE
from storage.uow import UnitOfWork


async def cmd_routing(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    table = await routing.routing_table(actor, uow)
    await reply.answer(views.routing_table(texts, table.lines))


async def on_table(
    query: CallbackQuery, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    table = await routing.routing_table(actor, uow)
    await reply.answer(views.routing_table(texts, table.lines))


async def on_kind(
    query: CallbackQuery,
    callback_data: RouteCb,
    actor: Actor,
    uow: UnitOfWork,
    texts: Texts,
    reply: Replies,
) -> None:
    choices = await routing.route_choices(actor, callback_data.kind, uow)
    await reply.answer(views.route_choices(texts, choices))


async def on_department(
    query: CallbackQuery,
    callback_data: RouteCb,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    callback_reply: CallbackReply,
    reply: Replies,
) -> None:
    cmd = routing.ChangeRoute(actor, callback_data.kind, callback_data.dept)
    line = await routing.change_route(cmd, uow, clock)
    callback_reply.text = views.route_changed(texts, line)
    await reply.answer(Rendered(callback_reply.text))


def build_router() -> Router:
    router = Router(name="routing")
    router.message.register(cmd_routing, Command("routing"), PRIVATE)
    router.callback_query.register(on_table, RouteCb.filter(F.kind == ""))
    router.callback_query.register(on_kind, RouteCb.filter((F.kind != "") & (F.dept == "")))
    router.callback_query.register(on_department, RouteCb.filter((F.kind != "") & (F.dept != "")))
    return router
