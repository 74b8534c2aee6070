"""What the claims tests share: a registered client of a counterparty with a manager, the
department chats bound, photos and albums as Telegram sends them."""

from __future__ import annotations

from typing import Any

from bot.domain.roles import Role
from storage.models import Claim
from tests.builders import DATE, Person
from tests.harness import TestApp
from tests.orders_seed import bind, registered_client, staff

CLIENT = Person(900070, "Олег", "Смирнов", "oleg_s")
OTHER_CLIENT = Person(900071, "Вера", "Котова", "vera_k")


async def setup(app: TestApp) -> int:
    """Staff, the head, the warehouse and supply chats bound, a client in the bot."""
    await staff(app)
    await app.add_person(app.people.head, Role.HEAD, "sales")
    await bind(app, "warehouse", app.chats.warehouse)
    await bind(app, "supply", app.chats.supply)
    cp_id = await app.add_counterparty("ООО «Вектор»", manager=app.people.manager)
    await registered_client(app, cp_id, CLIENT)
    app.telegram.clear()
    return cp_id


def photo(file_id: str, *, size: int = 50_000) -> list[dict[str, Any]]:
    return [{"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 800,
             "height": 600, "file_size": size}]  # fmt: skip


async def send_photo(
    app: TestApp, who: Person, file_id: str, *, group: str | None = None,
    caption: str | None = None, **extra: Any,
) -> None:  # fmt: skip
    body: dict[str, Any] = {"photo": photo(file_id)}
    if group is not None:
        body["media_group_id"] = group
    if caption is not None:
        body["caption"] = caption
    await app.feed(app.updates.message(who, None, **body, **extra))
    await app.app.sender.drain()


def reply_to(message_id: int, chat_id: int) -> dict[str, Any]:
    return {
        "reply_to_message": {
            "message_id": message_id,
            "date": DATE,
            "chat": {"id": chat_id, "type": "private", "first_name": "x"},
            "from": {"id": 123456, "is_bot": True, "first_name": "Ops Bot"},
            "text": "вопрос",
        }
    }


def last(app: TestApp, who: Person) -> Any:
    return app.telegram.sent_to(who.tg_user_id)[-1]


async def claims(app: TestApp) -> list[Claim]:
    async def read(uow: Any) -> list[Claim]:
        return list(await uow.claims.open_claims((), None, 100))

    return await app.read(read)


async def file_claim(
    app: TestApp, who: Person = CLIENT, *, kind: str = "брак", text: str = "Разошёлся шов",
    order: str | None = None, album: int = 0,
) -> None:  # fmt: skip
    await app.say(who, "/claim")
    await app.press(who, last(app, who).callback_data(order or "Другое"))
    await app.press(who, last(app, who).callback_data(kind))
    await app.say(who, text)
    for n in range(album):
        await send_photo(app, who, f"ph{n}", group="album-1")
    await app.press(who, last(app, who).callback_data("Готово"))
    await app.press(who, last(app, who).callback_data("Отправить"))
