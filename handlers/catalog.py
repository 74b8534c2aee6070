"""/catalog and /stock: the admin (or the warehouse, for stock) sends a CSV/XLSX file."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Document, Message

from bot.clock import Clock
from bot.domain.catalog import RowError
from bot.domain.roles import Actor
from bot.services import catalog
from bot.services.catalog import CatalogCache
from bot.telegram.replies import Replies
from bot.texts import Texts
from bot.views.rendered import Rendered, cancel_row, keyboard
from handlers.filters import NOT_A_COMMAND, PRIVATE
from storage.uow import UnitOfWork

SHOWN_ERRORS = 10


class CatalogUpload(StatesGroup):
    catalog = State()
    stock = State()


async def cmd_upload(
    message: Message,
    command: CommandObject,
    actor: Actor,
    state: FSMContext,
    texts: Texts,
    reply: Replies,
) -> None:
    """/catalog or /stock: the file is asked for (may the person send it at all?)."""
    stock = command.command == "stock"
    catalog.begin_upload(actor, stock=stock)
    await state.set_state(CatalogUpload.stock if stock else CatalogUpload.catalog)
    await reply.answer(_ask_file(texts, stock=stock))


def _ask_file(texts: Texts, *, stock: bool) -> Rendered:
    key = "stock-ask-file" if stock else "catalog-ask-file"
    return Rendered(texts(key), keyboard([cancel_row(texts)]))


async def on_file(
    message: Message,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock,
    texts: Texts,
    state: FSMContext,
    bot: Bot,
    catalog_cache: CatalogCache,
    reply: Replies,
) -> None:
    document = message.document
    assert document is not None
    stock = await state.get_state() == CatalogUpload.stock.state or _caption_is(message, "stock")
    cmd = catalog.CatalogFile(
        actor, document.file_name or "", document.file_size, lambda: _download(bot, document)
    )
    if stock:
        updated = await catalog.update_stock(cmd, uow, clock, catalog_cache)
        lines = [texts("stock-updated", updated=updated.updated)]
        lines += _errors(texts, updated.errors)
    else:
        imported = await catalog.import_catalog(cmd, uow, clock, catalog_cache)
        lines = [
            texts(
                "catalog-imported",
                created=imported.created,
                updated=imported.updated,
                total=imported.total,
            )
        ]
        lines += _errors(texts, imported.errors)
    await state.clear()
    await reply.answer("\n".join(lines))


async def on_not_a_file(message: Message, state: FSMContext, texts: Texts, reply: Replies) -> None:
    stock = await state.get_state() == CatalogUpload.stock.state
    await reply.answer(_ask_file(texts, stock=stock))


def _caption_is(message: Message, command: str) -> bool:
    return (message.caption or "").split(maxsplit=1)[:1] == [f"/{command}"]


async def _download(bot: Bot, document: Document) -> bytes:
    buffer = BytesIO()
    await bot.download(document, destination=buffer)
    return buffer.getvalue()


def _errors(texts: Texts, errors: Sequence[RowError]) -> list[str]:
    if not errors:
        return []
    lines = [texts("catalog-skipped", count=len(errors))]
    lines += [
        "• " + texts("catalog-row-error", **catalog.row_problem(e)) for e in errors[:SHOWN_ERRORS]
    ]
    if len(errors) > SHOWN_ERRORS:
        lines.append(texts("catalog-skipped-more", count=len(errors) - SHOWN_ERRORS))
    return lines


def build_router() -> Router:
    router = Router(name="catalog")
    router.message.filter(PRIVATE)
    uploading = StateFilter(CatalogUpload.catalog, CatalogUpload.stock)
    router.message.register(on_file, F.document, uploading)
    router.message.register(on_file, F.document, Command("catalog", "stock"))
    router.message.register(cmd_upload, Command("catalog", "stock"))
    router.message.register(on_not_a_file, uploading, NOT_A_COMMAND)
    return router
