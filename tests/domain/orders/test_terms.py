"""Step 2, the order's own slots: client, price category, delivery, payment, deadline."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.orders.parsed import DeliveryKind, PaymentKind
from bot.domain.orders.parser import OrderParser
from tests.domain.orders.conftest import TODAY

ITEM = "колпак поварской 3 шт"


@pytest.mark.parametrize(
    ("words", "category"),
    [
        ("оптом", "wholesale"),
        ("по оптовой цене", "wholesale"),
        ("крупный опт", "wholesale"),
        ("МО", "small_wholesale"),
        ("мелкооптовая", "small_wholesale"),
        ("мелкй опт", "small_wholesale"),  # a typo in the ending
        ("розн.", "retail"),
        ("РЦ", "retail"),
        ("по дилерской", "dealer"),
        ("диллер", "dealer"),
    ],
)
def test_price_category(parser: OrderParser, words: str, category: str) -> None:
    assert parser.parse(f"Ромашка: {ITEM}, {words}", today=TODAY).price_category == category


def test_lower_case_abbreviation_standing_alone(parser: OrderParser) -> None:
    order = parser.parse(f"Ромашка / {ITEM} / мо, самовывоз", today=TODAY)
    assert order.price_category == "small_wholesale"


@pytest.mark.parametrize(
    ("words", "kind", "carrier", "city", "address"),
    [
        ("Деловыми Линиями до Костромы", DeliveryKind.TRANSPORT_COMPANY, "Деловые Линии",
         "Кострома", None),
        ("отправьте ПЭКом в Петрозаводск", DeliveryKind.TRANSPORT_COMPANY, "ПЭК", "Петрозаводск",
         None),
        ("отправим пэком в екатеринбург", DeliveryKind.TRANSPORT_COMPANY, "ПЭК", "Екатеринбург",
         None),
        ("Отгрузка ПЭК, г. Екатеринбург", DeliveryKind.TRANSPORT_COMPANY, "ПЭК", "Екатеринбург",
         None),
        ("ТК ПЭК Н.Новгород", DeliveryKind.TRANSPORT_COMPANY, "ПЭК", "Нижний Новгород", None),
        ("Энергия Ярославль", DeliveryKind.TRANSPORT_COMPANY, "Энергия", "Ярославль", None),
        ("доставка нашим водителем на Окружное шоссе 14, напротив АЗС", DeliveryKind.OWN_DRIVER,
         None, None, "Окружное шоссе 14, напротив АЗС"),
        ("заберут в пт", DeliveryKind.PICKUP, None, None, None),
    ],
)  # fmt: skip
def test_delivery(
    parser: OrderParser,
    words: str,
    kind: DeliveryKind,
    carrier: str | None,
    city: str | None,
    address: str | None,
) -> None:
    delivery = parser.parse(f"Ромашка: {ITEM}, опт. {words}", today=TODAY).delivery
    assert delivery is not None
    assert (delivery.kind, delivery.carrier, delivery.city, delivery.address) == (
        kind, carrier, city, address,
    )  # fmt: skip


def test_a_word_that_names_a_carrier_is_no_delivery_without_context(parser: OrderParser) -> None:
    order = parser.parse("ЖКХ Комфорт: куртка байкал 52-54/182-188 6 шт. опт", today=TODAY)
    assert order.delivery is None
    assert order.positions[0].sku == "KR-210"


@pytest.mark.parametrize(
    ("words", "kind", "days", "percent"),
    [
        ("Отсрочка по договору 30 дней", PaymentKind.DEFERRAL, 30, None),
        ("отср 30", PaymentKind.DEFERRAL, 30, None),
        ("отсрочка тридцать дней", PaymentKind.DEFERRAL, 30, None),
        ("Оплата — 100%", PaymentKind.PREPAYMENT, None, 100),
        ("предоплата пятьдесят процентов", PaymentKind.PREPAYMENT, None, 50),
        ("оплата после поставки", PaymentKind.ON_DELIVERY, None, None),
    ],
)
def test_payment(
    parser: OrderParser, words: str, kind: PaymentKind, days: int | None, percent: int | None
) -> None:
    payment = parser.parse(f"Ромашка: {ITEM}, опт, {words}", today=TODAY).payment
    assert payment is not None
    assert (payment.kind, payment.days, payment.percent) == (kind, days, percent)


@pytest.mark.parametrize(
    ("words", "deadline"),
    [
        ("к четвергу", date(2026, 11, 26)),
        ("к концу месяца", date(2026, 11, 30)),
        ("к пятнице следующей недели", date(2026, 12, 4)),
        ("до 5.12.", date(2026, 12, 5)),
        ("к десятому декабря", date(2026, 12, 10)),
        ("до пт", date(2026, 11, 27)),
        ("размеры сабо завтра", None),  # a slot the client tells tomorrow is no deadline
    ],
)
def test_deadline(parser: OrderParser, words: str, deadline: date | None) -> None:
    assert parser.parse(f"Ромашка: {ITEM}, опт, {words}", today=TODAY).deadline == deadline


def test_a_letters_date_header_is_no_deadline(parser: OrderParser) -> None:
    text = (
        "От: Морозов\nДата: 23.11.2026, 09:30\nТема: заявка 23.11\n\nНужно: колпак поварской 3 шт"
    )
    assert parser.parse(text, today=TODAY).deadline is None


@pytest.mark.parametrize(
    ("text", "client", "client_id"),
    [
        ("Кафе «Ласточка» (новый клиент) — колпак поварской 6 шт", "Кафе «Ласточка»", None),
        ("колпак поварской 6 шт — ДорМостСтрой, опт", "ДорМостСтрой", None),
        ("ну короче новый клиент ип соколов колпаки шесть штук", "ип соколов", None),
        ("ип иванов игорь петрович колпаки шесть штук", "ип иванов игорь петрович", "CP-069"),
        ("КФХ Петрова: колпак поварской 6 шт", "КФХ Петрова", None),  # not ИП Петрова
        ("надо 20 касок омега до пятницы. ПромСнаб", "ПромСнаб", "CP-013"),
        ("хлебозавод номер три колпаки шесть штук", None, "CP-032"),
        ("от Альфа-Строя заявка: колпаки 6 шт", "Альфа-Строя", "CP-052"),  # by its lemma
        ("для ВСК: колпаки 6 шт", "ВСК", "CP-042"),  # Вологодская Сервисная Компания
        ("по СТК: колпаки 6 шт", "СТК", "CP-034"),  # СпецТехКомплект
    ],
)
def test_client(parser: OrderParser, text: str, client: str | None, client_id: str | None) -> None:
    order = parser.parse(text, today=TODAY)
    assert order.client_id == client_id
    if client is not None:
        assert order.client == client


def test_the_signature_names_the_client_not_the_subject(parser: OrderParser) -> None:
    text = (
        "Subject: спецодежда на декабрь\n\nДобрый день!\nКолпак поварской — 6 шт.\n\n"
        "С уважением,\nСоколова Ирина\nПАО «Нордметиз»"
    )
    assert parser.parse(text, today=TODAY).client_id == "CP-019"
