"""/import (a CSV or XLSX document from an admin or head) and /export (XLSX)."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.services.counterparties import files as counterparty_import
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views import counterparty_files as views
from handlers.filters import PRIVATE
from storage.uow import UnitOfWork

TABLE_FILE = F.document.file_name.regexp(r"(?i)^.*\.(csv|xlsx|xls|txt|tsv)$")
# a caption that is a command (/catalog, /stock …) sends the file to that command's feature
NO_CAPTION_COMMAND = ~F.caption.startswith("/")


class ImportFile(StatesGroup):
    waiting = State()


async def cmd_import(
    message: Message, actor: Actor, texts: Texts, state: FSMContext, reply: Replies
) -> None:
    counterparty_import.require_importer(actor)
    await state.set_state(ImportFile.waiting)
    await reply.answer(views.ask_file(texts, counterparty_import.MAX_IMPORT_BYTES))


async def on_table_file(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    bot: Bot,
    state: FSMContext,
    reply: Replies,
) -> None:
    document = message.document
    assert document is not None

    async def download() -> bytes:
        buffer = io.BytesIO()
        await bot.download(document, destination=buffer)
        return buffer.getvalue()

    name = document.file_name or "file"
    cmd = counterparty_import.ImportFile(actor, name, document.file_size, download)
    report = await counterparty_import.import_counterparties(cmd, uow, clock)
    await state.clear()
    text, with_file = views.report_text(texts, report)
    await reply.answer(text)
    if with_file:
        data = views.report_xlsx(texts, report)
        await reply.document(data, "import_report.xlsx", texts("import-report-file"))


async def cmd_export(
    message: Message, actor: Actor, uow: UnitOfWork, texts: Texts, reply: Replies
) -> None:
    rows = await counterparty_import.export_counterparties(actor, uow)
    if not rows:
        await reply.answer(texts("export-empty"))
        return
    caption = texts("export-done", count=str(len(rows)))
    await reply.document(views.export_xlsx(texts, rows), "counterparties.xlsx", caption)


def build_router() -> Router:
    router = Router(name="counterparty_files")
    router.message.filter(PRIVATE)
    router.message.register(on_table_file, F.document, Command("import"))
    router.message.register(
        on_table_file, F.document, StateFilter(ImportFile.waiting), NO_CAPTION_COMMAND
    )
    router.message.register(cmd_import, Command("import"))
    router.message.register(cmd_export, Command("export"))
    # a bare table from staff (not a reply: a file quoting an order's message is for the order)
    router.message.register(
        on_table_file,
        F.document,
        TABLE_FILE,
        StateFilter(None),
        NO_CAPTION_COMMAND,
        ~F.reply_to_message,
    )
    return router
