"""/import (a CSV or XLSX document from an admin or head) and /export (XLSX)."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, Document, Message

from bot.clock import Clock
from bot.domain.roles import Actor
from bot.services.counterparties import files as counterparty_import
from bot.texts import Texts
from bot.views import counterparty_files as views
from bot.views.rendered import cancel_row, keyboard
from storage.uow import UnitOfWork

TABLE_FILE = F.document.file_name.regexp(r"(?i)^.*\.(csv|xlsx|xls|txt|tsv)$")
# a caption that is a command (/catalog, /stock …) sends the file to that command's feature
NO_CAPTION_COMMAND = ~F.caption.startswith("/")


class ImportFile(StatesGroup):
    waiting = State()


async def cmd_import(message: Message, actor: Actor, texts: Texts, state: FSMContext) -> None:
    counterparty_import.require_importer(actor)
    await state.set_state(ImportFile.waiting)
    limit = str(counterparty_import.MAX_IMPORT_BYTES // 1024 // 1024)
    await message.answer(
        texts("import-ask-file", limit=limit), reply_markup=keyboard([cancel_row(texts)])
    )


async def on_table_file(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    bot: Bot,
    state: FSMContext,
) -> None:
    document = message.document
    assert document is not None

    async def download() -> bytes:
        buffer = io.BytesIO()
        await bot.download(document, destination=buffer)
        return buffer.getvalue()

    report = await counterparty_import.import_counterparties(
        counterparty_import.ImportFile(actor, _name(document), document.file_size, download),
        uow,
        clock,
    )
    await state.clear()
    text, with_file = views.report_text(texts, report)
    await message.answer(text)
    if with_file:
        await message.answer_document(
            BufferedInputFile(views.report_xlsx(texts, report), filename="import_report.xlsx"),
            caption=texts("import-report-file"),
        )


def _name(document: Document) -> str:
    return document.file_name or "file"


async def cmd_export(message: Message, actor: Actor, uow: UnitOfWork, texts: Texts) -> None:
    rows = await counterparty_import.export_counterparties(actor, uow)
    if not rows:
        await message.answer(texts("export-empty"))
        return
    await message.answer_document(
        BufferedInputFile(views.export_xlsx(texts, rows), filename="counterparties.xlsx"),
        caption=texts("export-done", count=str(len(rows))),
    )


def build_router() -> Router:
    router = Router(name="counterparty_files")
    router.message.filter(F.chat.type == "private")
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
