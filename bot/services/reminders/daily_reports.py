"""The end-of-day report's round trip: the manager presses «Дополнить» on the 17:45 prompt
and types a line; the report (the bot's summary of the day and the line) goes to the heads
(the admins if there is none); a head presses «Ответить» and types; the answer goes back to
the manager. Every step checks who may do it; each use case commits once."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from bot.clock import Clock
from bot.domain.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from bot.domain.roles import Actor, Role
from bot.services import audit, outbox
from bot.services.reminders.daily import EOD_STEP, POLICY
from bot.services.reminders.firing import FIRED
from storage.models import DailyReport, User
from storage.uow import UnitOfWork

log = structlog.get_logger()

MAX_LINE = 2000
ANSWERERS = frozenset({Role.HEAD, Role.ADMIN})


@dataclass(frozen=True, slots=True)
class ReportRef:
    report_id: int
    manager: str


async def begin_line(actor: Actor, reminder_id: int, uow: UnitOfWork) -> ReportRef:
    """«Дополнить» on the prompt: the manager's own report of that day, not sent yet."""
    reminder = await uow.reminders.get(reminder_id)
    fired = reminder.params.get(FIRED) or {}
    report_id = (fired.get("params") or {}).get("report_id")
    if reminder.key != f"{POLICY}.{EOD_STEP}" or report_id is None:
        raise NotFound("daily-report-not-found")
    report = await _own(actor, int(report_id), uow)
    return ReportRef(report.id, actor.full_name or "")


async def _own(actor: Actor, report_id: int, uow: UnitOfWork) -> DailyReport:
    report = await uow.daily_reports.get(report_id, for_update=True)
    if report.user_id != actor.user_id:
        raise Forbidden("daily-report-not-yours")
    if report.submitted_at is not None:
        raise InvalidTransition("daily-report-sent")
    return report


@dataclass(frozen=True, slots=True)
class SubmitLine:
    actor: Actor
    report_id: int
    text: str


async def submit_line(cmd: SubmitLine, uow: UnitOfWork, clock: Clock) -> int:
    """The manager's line: the report goes to the heads. How many got it."""
    text = _checked(cmd.text)
    report = await _own(cmd.actor, cmd.report_id, uow)
    now = clock.now()
    report.line, report.submitted_at = text, now
    heads = await _heads(uow)
    params = {
        "report_id": report.id,
        "manager": cmd.actor.full_name or "",
        "day": report.day.isoformat(),
        "summary": report.summary,
        "line": text,
    }
    for head in heads:
        assert head.tg_user_id is not None
        await outbox.send(
            uow,
            chat_id=head.tg_user_id,
            view="daily_eod_report",
            params=params,
            at=now,
            dedupe_key=f"eod-report:{report.id}:{head.id}",
        )
    audit.record(
        uow, cmd.actor, "daily_report_sent", f"daily_report:{report.id}", at=now, heads=len(heads)
    )
    await uow.commit()
    log.info("daily_report_sent", report_id=report.id, heads=len(heads))
    return len(heads)


async def begin_answer(actor: Actor, report_id: int, uow: UnitOfWork) -> ReportRef:
    """«Ответить» on a report: a head (or an admin) answers a sent report."""
    _require_answerer(actor)
    report = await uow.daily_reports.get(report_id)
    if report.submitted_at is None:
        raise InvalidTransition("daily-report-not-sent")
    manager = await uow.users.get(report.user_id)
    return ReportRef(report.id, manager.full_name)


@dataclass(frozen=True, slots=True)
class AnswerReport:
    actor: Actor
    report_id: int
    text: str


async def answer_report(cmd: AnswerReport, uow: UnitOfWork, clock: Clock) -> str:
    """The head's answer goes back to the manager; returns the manager's name."""
    _require_answerer(cmd.actor)
    text = _checked(cmd.text)
    report = await uow.daily_reports.get(cmd.report_id, for_update=True)
    if report.submitted_at is None:
        raise InvalidTransition("daily-report-not-sent")
    manager = await uow.users.get(report.user_id)
    now = clock.now()
    report.answer, report.answered_by_id, report.answered_at = text, cmd.actor.user_id, now
    if manager.tg_user_id is not None and manager.is_active:
        await outbox.send(
            uow,
            chat_id=manager.tg_user_id,
            view="daily_eod_answer",
            params={
                "head": cmd.actor.full_name or "",
                "day": report.day.isoformat(),
                "text": text,
            },
            at=now,
            priority=outbox.Priority.INTERACTIVE,
        )
    audit.record(uow, cmd.actor, "daily_report_answered", f"daily_report:{report.id}", at=now)
    await uow.commit()
    return manager.full_name


def _require_answerer(actor: Actor) -> None:
    if actor.role not in ANSWERERS:
        raise Forbidden("daily-report-answer-forbidden")


def _checked(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("daily-report-empty")
    if len(text) > MAX_LINE:
        raise InvalidInput("daily-report-too-long", limit=MAX_LINE)
    return text


async def _heads(uow: UnitOfWork) -> list[User]:
    for role in (Role.HEAD, Role.ADMIN):
        found = [
            u
            for u in await uow.users.with_roles([role])
            if u.is_active and u.is_reachable and u.tg_user_id is not None
        ]
        if found:
            return found
    return []
