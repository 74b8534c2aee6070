"""/catalog and /stock in the bot: the admin sends a file, the bot reports what it took."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import pytest
from aiogram.methods import GetFile, TelegramMethod
from aiogram.types import File

from bot.app import build_app
from bot.config import Settings
from bot.domain.roles import Role
from tests.builders import Person
from tests.conftest import TOKEN
from tests.fakes.clock import FakeClock
from tests.fakes.recording_session import RecordingSession, Sent
from tests.harness import People, TestApp
from tests.orders_seed import DATA

HEADER = (
    "sku,model,category,colours,sizes,heights,unit,price_retail,price_small_wholesale,"
    "price_wholesale,price_dealer,stock_qty,logo_possible"
)


class FileSession(RecordingSession):
    """Also serves files people sent: getFile and the download itself."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    def _answer(self, method: TelegramMethod[Any], record: Sent) -> Any:
        if isinstance(method, GetFile):
            return File(file_id=method.file_id, file_unique_id=method.file_id,
                        file_path=f"documents/{method.file_id}")  # fmt: skip
        return super()._answer(method, record)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - BaseSession's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield self.files[url.rsplit("/", 1)[-1]]


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[TestApp]:
    session = FileSession()
    settings = Settings(
        bot_token=TOKEN,
        database_url=database_url,
        admin_ids=str(People.admin.tg_user_id),
        _env_file=None,  # type: ignore[call-arg]
    )
    built = build_app(settings, clock=clock, bot_session=session)
    await built.prepare()
    test_app = TestApp(built, session, clock)
    yield test_app
    await test_app.close()


async def send_file(
    app: TestApp, who: Person, name: str, data: bytes, caption: str | None = None
) -> None:
    assert isinstance(app.telegram, FileSession)
    file_id = f"f{len(app.telegram.files)}"
    app.telegram.files[file_id] = data
    document = {"file_id": file_id, "file_unique_id": file_id, "file_name": name,
                "file_size": len(data)}  # fmt: skip
    extra: dict[str, Any] = {"document": document}
    if caption:
        extra["caption"] = caption
        extra["caption_entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}
        ]
    await app.feed(app.updates.message(who, None, **extra))
    await app.app.sender.drain()


async def _catalog_size(app: TestApp) -> int:
    return len(await app.read(lambda uow: uow.catalog.all()))


async def test_admin_loads_the_catalog_file(app: TestApp) -> None:
    admin = app.people.admin
    await app.say(admin, "/catalog")
    assert app.last_to(admin).startswith("Пришлите файл каталога (CSV или XLSX)")
    await send_file(app, admin, "catalog.csv", (DATA / "catalog.csv").read_bytes())
    assert app.last_to(admin) == (
        "Каталог загружен: новых позиций 153, обновлено 0, всего в каталоге 153."
    )
    assert await _catalog_size(app) == 153


async def test_unusable_file_and_bad_rows_are_explained(app: TestApp) -> None:
    admin = app.people.admin
    await app.say(admin, "/catalog")
    await send_file(app, admin, "catalog.pdf", b"%PDF-1.4")
    assert app.last_to(admin) == "Файл «catalog.pdf» не подходит: нужен CSV или XLSX."
    await app.say(admin, "вот он")
    assert app.last_to(admin).startswith("Пришлите файл каталога")
    good = "ZZ-001,Костюм «Тест»,костюмы,синий,48-50,,компл.,100,90,80,70,5,да"
    bad = "ZZ-002,Каска,сиз,,,,шт,1,1,1,1,много,нет"
    await send_file(app, admin, "cat.csv", f"{HEADER}\n{good}\n{bad}\n".encode())
    assert app.last_to(admin).splitlines() == [
        "Каталог загружен: новых позиций 1, обновлено 0, всего в каталоге 1.",
        "Пропущено строк: 1.",
        "• строка 3: остаток «много» — не целое число от нуля",
    ]


async def test_stock_file_with_a_caption_updates_stock(app: TestApp) -> None:
    admin = app.people.admin
    await app.say(admin, "/catalog")
    await send_file(app, admin, "catalog.csv", (DATA / "catalog.csv").read_bytes())
    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    await app.say(app.people.storekeeper, "/stock")
    stock = "артикул;остаток\nKS-101;7\nXX-999;1\n".encode("cp1251")
    await send_file(app, app.people.storekeeper, "остатки.csv", stock)
    assert app.last_to(app.people.storekeeper).splitlines() == [
        "Остатки обновлены: 1 артикулов.",
        "Пропущено строк: 1.",
        "• строка 3: артикула XX-999 нет в каталоге",
    ]
    entry = await app.read(lambda uow: uow.catalog.get("KS-101"))
    assert entry is not None
    assert entry.stock_qty == 7


async def test_people_without_the_right_are_refused(app: TestApp) -> None:
    await app.add_person(app.people.manager, Role.MANAGER, "sales")
    await app.say(app.people.manager, "/catalog")
    assert app.last_to(app.people.manager) == "У вас нет прав на это действие."
    await send_file(app, app.people.manager, "catalog.csv", b"x", caption="/catalog")
    assert await _catalog_size(app) == 0


async def test_hostile_spreadsheets_are_refused_in_russian_without_blocking(app: TestApp) -> None:
    """A 5 KB sheet claiming a billion cells and a zip bomb: a refusal, the loop keeps going."""
    import threading  # noqa: PLC0415

    from bot.domain import spreadsheets  # noqa: PLC0415
    from tests.domain.test_spreadsheets import huge_dimension, zip_bomb  # noqa: PLC0415

    threads: list[str] = []
    real = spreadsheets.read_grid

    def spy(*args: Any, **kwargs: Any) -> list[list[str]]:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    await app.add_person(app.people.storekeeper, Role.WAREHOUSE, "warehouse")
    keeper = app.people.storekeeper
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spreadsheets, "read_grid", spy)
        patch.setattr("bot.domain.catalog.read_grid", spy)
        await app.say(keeper, "/stock")
        await send_file(app, keeper, "остатки.xlsx", huge_dimension())
        assert app.last_to(keeper) == (
            "Файл не загружаю: лист объявляет 1048576 строк × 16384 столбцов, "
            "а можно не больше 2000000 ячеек. Уберите лишнее или разбейте на части."
        )
        await app.say(keeper, "/stock")
        await send_file(app, keeper, "остатки.xlsx", zip_bomb())
        assert app.last_to(keeper).startswith("Файл не загружаю: распакованный он больше 40 МБ.")
    assert threads
    assert threading.main_thread().name not in threads
