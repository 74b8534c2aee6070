"""Composition root: the whole wiring on one screen."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import structlog
import yaml
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommandScopeAllGroupChats, BotCommandScopeDefault
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

import handlers
from bot.clock import Clock, SystemClock
from bot.config import BotMode, Settings
from bot.domain.company import (
    CompanyConfig,
    CompanyConfigError,
    default_company_path,
    load_company,
)
from bot.domain.departments import DepartmentSpec
from bot.domain.errors import InvalidInput
from bot.liveness import Liveness, process_owner
from bot.logs import configure_logging
from bot.middlewares.actor import ActorMiddleware
from bot.middlewares.callbacks import CallbackAnswerMiddleware
from bot.middlewares.context import LogContextMiddleware
from bot.middlewares.replies import RepliesMiddleware
from bot.middlewares.uow import UnitOfWorkMiddleware
from bot.services import catalog
from bot.services.client_portal import unreachable as client_unreachable
from bot.services.invoices import acts
from bot.services.orders import routing
from bot.services.reminders import daily, request_sla, task_sla
from bot.services.reminders.policy_settings import ensure_policies
from bot.services.reminders.registry import build_kinds
from bot.services.staff import departments, people
from bot.services.tasks import dispatch
from bot.telegram.fsm_storage import make_fsm_storage
from bot.telegram.intake import Intake
from bot.telegram.runmodes import Receiving, Webhook, run_polling, run_webhook
from bot.telegram.sender import Sender, SenderOptions
from bot.telegram.sender.hooks import DeliveryHooks
from bot.telegram.sender.limits import TelegramLimits
from bot.texts import Texts
from bot.views import commands
from reminders.calendar import WorkCalendar
from reminders.runner import ReminderClock, ReminderRunner
from storage import migrate
from storage.db import make_engine
from storage.uow import AfterCommit, UnitOfWork, UnitOfWorkFactory

log = structlog.get_logger()


@dataclass(slots=True)
class App:
    settings: Settings
    clock: Clock
    texts: Texts
    company: CompanyConfig
    calendar: WorkCalendar
    engine: AsyncEngine
    make_uow: UnitOfWorkFactory
    bot: Bot
    dp: Dispatcher
    sender: Sender
    intake: Intake
    reminders: ReminderRunner
    reminder_clock: ReminderClock
    liveness: Liveness

    async def prepare(self) -> None:
        """Data every start needs: departments, the admins from ADMIN_IDS, order routing.
        Processes starting at once take turns (each finds what the one before wrote)."""
        async with migrate.startup_lock(self.engine):
            async with self.make_uow() as uow:
                known = self.company.departments
                specs = [DepartmentSpec(d.id, d.title, d.fallback) for d in known]
                await departments.ensure_departments(uow, specs, self.clock)
            async with self.make_uow() as uow:
                await people.ensure_admins(uow, self.settings.admin_ids, self.clock)
            async with self.make_uow() as uow:
                await routing.ensure_settings(
                    uow, self.company.routing, self.company.timezone, self.clock
                )
            async with self.make_uow() as uow:
                await ensure_policies(uow, self.company.reminders, self.clock)
            async with self.make_uow() as uow:  # the next reconciliation-act reminders
                await acts.plan_acts(uow, self.calendar, self.clock.now())
                await uow.commit()
            if self.settings.catalog_file is not None:
                await self._seed_catalog(self.settings.catalog_file)

    async def _seed_catalog(self, path: Path) -> None:
        """CATALOG_FILE fills an empty catalog on start (later files come through /catalog)."""
        async with self.make_uow() as uow:
            if not await catalog.is_empty(uow):
                return
        data = await asyncio.to_thread(path.read_bytes)
        async with self.make_uow() as uow:
            try:
                await catalog.seed_catalog(uow, path.name, data, self.clock)
            except InvalidInput as exc:
                log.error("catalog_file_rejected", path=str(path), key=exc.key, **exc.params)

    async def publish_menus(self) -> None:
        """Menus for strangers and groups; people get theirs through the outbox."""
        try:
            await self.bot.set_my_commands(
                commands.private_commands(self.texts, None), scope=BotCommandScopeDefault()
            )
            await self.bot.set_my_commands(
                commands.group_commands(self.texts), scope=BotCommandScopeAllGroupChats()
            )
        except TelegramAPIError as exc:
            log.warning("menus_not_published", error=str(exc))

    def receiving(self) -> Receiving:
        """What the run modes work with (bot/telegram/runmodes.py)."""
        settings = self.settings
        webhook = None
        if settings.webhook_url is not None:
            secret = settings.webhook_secret
            webhook = Webhook(
                url=settings.webhook_url,
                secret=secret.get_secret_value() if secret else None,
                host=settings.webhook_host,
                port=settings.webhook_port,
            )
        return Receiving(
            bot=self.bot,
            intake=self.intake,
            clock=self.clock,
            update_types=self.dp.resolve_used_update_types(),
            ping_database=self.ping_database,
            webhook=webhook,
        )

    async def ping_database(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def run(self, stop: asyncio.Event) -> None:
        await self.prepare()
        await self.publish_menus()
        await self.liveness.start()  # a dead predecessor's leases come back at once
        beating = asyncio.create_task(self.liveness.run(stop))
        sender = asyncio.create_task(self.sender.run(stop))
        self.reminder_clock.start()  # APScheduler wakes the reminder runner
        try:
            if self.settings.bot_mode is BotMode.WEBHOOK:
                await run_webhook(self.receiving(), stop)
            else:
                await run_polling(self.receiving(), stop)
        finally:
            stop.set()
            await self.reminder_clock.stop()
            await sender
            await beating
            await self.liveness.forget()
            await self.close()

    async def close(self) -> None:
        await self.bot.session.close()
        await self.engine.dispose()


def api_session(api_url: str) -> AiohttpSession:
    return AiohttpSession(api=TelegramAPIServer.from_base(api_url))


def delivery_hooks(
    make_uow: UnitOfWorkFactory, clock: Clock, calendar: WorkCalendar | None = None
) -> DeliveryHooks:
    """What each feature does when the sender learns something (bot/telegram/sender/hooks.py).
    Order counts where several listen: an order's topic keeps its own name, and a client's
    manager is told only once the person is marked unreachable."""
    hooks = DeliveryHooks(make_uow, clock)
    hooks.on_topic_opened["order_topic_name"] = dispatch.topic_opened
    hooks.topic_namers += [dispatch.order_topic_name, departments.topic_name]
    hooks.on_topic_moved += [dispatch.order_topic_recreated, departments.topic_recreated]
    hooks.on_chat_migrated.append(departments.chat_migrated)
    hooks.on_chat_lost.append(departments.chat_lost)
    hooks.on_user_unreachable += [departments.user_unreachable, client_unreachable.tell_manager]
    if calendar is not None:  # the SLA clocks start when a card reaches its chat
        hooks.on_card_posted[task_sla.CARD_PREFIX] = partial(task_sla.card_posted, calendar)
        hooks.on_card_posted[request_sla.CARD_PREFIX] = partial(request_sla.card_posted, calendar)
    return hooks


def company_and_calendar(path: Path, timezone: str | None) -> tuple[CompanyConfig, WorkCalendar]:
    """The company file and its working calendar; whatever is wrong with the file (not
    YAML, a missing key, a bad date, a stated working-day total that disagrees) is a
    CompanyConfigError with one line saying what (TimezoneConflict: TIMEZONE disagrees)."""
    try:
        company = load_company(path, timezone=timezone)
        calendar = WorkCalendar.from_mapping(company.working_time, company.calendar)
    except CompanyConfigError:
        raise
    except UnicodeDecodeError:
        raise CompanyConfigError("not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise CompanyConfigError(f"not valid YAML: {' '.join(str(exc).split())}") from None
    except KeyError as exc:
        raise CompanyConfigError(f"working_time or calendar: {exc} is missing") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise CompanyConfigError(" ".join(str(exc).split()) or type(exc).__name__) from None
    return company, calendar


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    bot_session: BaseSession | None = None,
    limits: TelegramLimits | None = None,
    sender_options: SenderOptions | None = None,
) -> App:
    configure_logging(settings.log_format, settings.log_level)
    clock = clock or SystemClock()
    texts = Texts.load(settings.locale)
    path = settings.company_file or default_company_path()
    company, calendar = company_and_calendar(path, settings.timezone)
    settings = settings.model_copy(update={"timezone": company.timezone})  # the one zone
    engine = make_engine(settings.database_url)
    committed: list[AfterCommit] = []  # the reminder runner listens (a plan may wake it)

    def after_commit(uow: UnitOfWork) -> None:
        for listener in committed:
            listener(uow)

    make_uow: UnitOfWorkFactory = partial(
        UnitOfWork, async_sessionmaker(engine, expire_on_commit=False), after_commit
    )
    bot = Bot(
        settings.bot_token.get_secret_value(),
        session=bot_session or api_session(settings.telegram_api_url),
    )
    hooks = delivery_hooks(make_uow, clock, calendar)
    owner = process_owner()  # the leases of the sender and the runner carry it
    sender = Sender(bot, make_uow, clock, texts, limits, sender_options, hooks=hooks, owner=owner)
    kinds = build_kinds()
    runner = ReminderRunner(
        make_uow,
        clock,
        kinds,
        calendar,
        on_outbox=sender.wake,
        owner=owner,
        day_planners=[daily.plan_days],
    )
    liveness = Liveness(make_uow, clock, owner, single_process=settings.is_sqlite)
    liveness.on_reclaimed += [sender.wake, runner.wake]
    committed.append(runner.notice)
    dp = Dispatcher(
        storage=make_fsm_storage(settings, make_uow, clock),
        disable_fsm=True,  # registered below, inside the unit of work
        clock=clock,
        texts=texts,
        settings=settings,
        company=company,
        calendar=calendar,
        catalog_cache=catalog.CatalogCache(company),
        reminder_kinds=kinds,
    )
    dp.update.outer_middleware(LogContextMiddleware())
    dp.update.outer_middleware(UnitOfWorkMiddleware(make_uow, clock, sender.wake))
    dp.update.outer_middleware(RepliesMiddleware(make_uow, clock, sender.wake))
    dp.update.outer_middleware(dp.fsm)  # dialogue state in the update's own transaction
    dp.update.outer_middleware(ActorMiddleware(texts))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_routers(*handlers.build_routers())
    intake = Intake(bot, dp, make_uow, clock)
    return App(
        settings, clock, texts, company, calendar, engine, make_uow, bot, dp, sender, intake,
        runner, ReminderClock(runner, clock), liveness,
    )  # fmt: skip
