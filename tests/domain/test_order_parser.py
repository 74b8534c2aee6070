from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.catalog import load_catalog_csv
from bot.domain.company import default_company_path, load_company
from bot.domain.orders.client_mentions import ClientDirectory, ClientRecord
from bot.domain.orders.parsed import DeliveryKind, PaymentKind, Service
from bot.domain.orders.parser import OrderParser, parse_order
from bot.domain.orders.rules import validate_order
from scripts.measure_parser import Report, compare, load_orders, measure

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = date(2026, 11, 23)  # Monday, the moment every sample message was sent
SAMPLE = load_orders(DATA / "orders.jsonl")
OWN = load_orders(DATA / "orders_extra.jsonl")  # written for these tests, checked by check_data.py


@pytest.fixture(scope="module")
def parser() -> OrderParser:
    return OrderParser(
        load_catalog_csv(DATA / "catalog.csv"),
        load_company(default_company_path()),
        ClientDirectory.from_csv(DATA / "counterparties.csv"),
    )


def parse(parser: OrderParser, text: str) -> dict[str, Any]:
    return parser.parse(text, today=TODAY).to_dict()


def test_sample_orders_meet_the_accuracy_goals(parser: OrderParser) -> None:
    report = measure(SAMPLE, parser)
    assert report.fully_right_share >= 0.9
    assert report.position_accuracy >= 0.97
    for name in ("client", "price_category", "delivery", "deadline", "payment", "missing"):
        assert report.field_accuracy(name) >= 0.9, name


def test_own_orders_in_the_same_style_parse(parser: OrderParser) -> None:
    report = measure(OWN, parser)
    assert report.fully_right_share >= 0.9, report.failures
    assert report.position_accuracy >= 0.97


@pytest.mark.parametrize("order", SAMPLE + OWN, ids=[o["id"] for o in SAMPLE + OWN])
def test_order_parses_as_expected(parser: OrderParser, order: dict[str, Any]) -> None:
    got = parse(parser, order["text"])
    assert compare(order["expected"], got, Report()) == []


def test_parse_order_function_gives_the_same_result(parser: OrderParser) -> None:
    text = SAMPLE[1]["text"]
    one_off = parse_order(
        text, parser.catalog, parser.company, parser.clients, today=TODAY
    ).to_dict()
    assert one_off == parse(parser, text)


def test_unknown_model_is_reported_with_suggestions(parser: OrderParser) -> None:
    got = parse(parser, "Ромашка: костюм химзащиты Л-1 размер 2 — 4 шт, опт")
    [position] = got["positions"]
    assert (position["model"], position["sku"], position["work"]) == (
        "Костюм химзащиты Л-1",
        None,
        ["procure"],
    )
    [unknown] = got["unknown_models"]
    assert unknown["text"] == "Костюм химзащиты Л-1"
    assert unknown["suggestions"]


def test_item_with_no_catalog_word_is_reported(parser: OrderParser) -> None:
    got = parse(parser, "Ромашка: шлем пожарный 3 шт, костюм технолог серый 52-54/182-188 2 шт")
    assert [p["model"] for p in got["positions"]] == ["Шлем пожарный", "Костюм «Технолог»"]
    assert [u["text"] for u in got["unknown_models"]] == ["Шлем пожарный"]


def test_typo_in_a_model_name_still_finds_it(parser: OrderParser) -> None:
    got = parse(parser, "Ромашка: кастюм технолох серый с красным 52-54/182-188 5 шт, опт")
    assert got["positions"][0]["sku"] == "KS-101"
    assert got["unknown_models"] == []


def test_a_model_that_cannot_be_told_lists_the_candidates(parser: OrderParser) -> None:
    got = parse(parser, "Онего-Камень: сапоги 42 — 10 пар, опт")
    assert got["missing"] == ["positions[0].model"]
    [unknown] = got["unknown_models"]
    assert {s["sku"] for s in unknown["suggestions"]} >= {"OB-601", "OB-611"}


def test_article_written_instead_of_the_name(parser: OrderParser) -> None:
    got = parse(
        parser, "Ромашка: арт. PR-704 р.9 — 50 пар, KS-101 серый/красный 52-54/182-188 - 10"
    )
    assert [(p["sku"], p["size"], p["qty"]) for p in got["positions"]] == [
        ("PR-704", "9", 50),
        ("KS-101", "52-54", 10),
    ]


def test_size_outside_the_model_range_is_reported(parser: OrderParser) -> None:
    parsed = parser.parse("Ромашка: сапоги ПВХ чёрные 49 - 5 пар. опт", today=TODAY)
    assert (parsed.positions[0].size, parsed.positions[0].qty) == ("49", 5)
    [error] = validate_order(parsed, parser.catalog, today=TODAY)
    assert error.key == "error-order-size"
    assert error.params["size"] == "49"
    assert "49" not in error.params["allowed"]


@pytest.mark.parametrize(
    ("written", "qty", "reason"),
    [
        ("0 компл", 0, "not_positive"),
        ("-5 компл", -5, "not_positive"),
        ("100000 компл", 100000, "too_large"),
    ],
)
def test_impossible_quantity_is_parsed_and_flagged(
    parser: OrderParser, written: str, qty: int, reason: str
) -> None:
    parsed = parser.parse(
        f"Ромашка: костюм технолог серый 52-54/182-188 {written}. опт", today=TODAY
    )
    assert parsed.positions[0].qty == qty
    [error] = validate_order(parsed, parser.catalog, today=TODAY)
    assert (error.key, error.params["reason"]) == ("error-order-qty", reason)


def test_deadline_in_the_past_is_kept_and_flagged(parser: OrderParser) -> None:
    parsed = parser.parse(
        "Ромашка: костюм технолог серый 52-54/182-188 2 шт, опт, до 10.11", today=TODAY
    )
    assert parsed.deadline == date(2026, 11, 10)
    assert [e.key for e in validate_order(parsed, parser.catalog, today=TODAY)] == [
        "error-order-deadline-past"
    ]


@pytest.mark.parametrize(
    ("words", "deadline"),
    [
        ("к пятнице", "2026-11-27"),
        ("к среде", "2026-11-25"),
        ("к понедельнику", "2026-11-30"),
        ("завтра", "2026-11-24"),
        ("до конца месяца", "2026-11-30"),
        ("через неделю", "2026-11-30"),
        ("к среде следующей недели", "2026-12-02"),
        ("к 10.12", "2026-12-10"),
        ("до 15 декабря", "2026-12-15"),
        ("до 20.01", "2027-01-20"),
        ("срочно", None),
        ("письмо от 20.11", None),
    ],
)
def test_relative_deadlines_resolve_from_the_day_sent(
    parser: OrderParser, words: str, deadline: str | None
) -> None:
    got = parse(parser, f"Ромашка: колпак поварской 3 шт, опт, {words}")
    assert got["deadline"] == deadline


def test_tomorrow_about_the_client_answering_is_no_deadline(parser: OrderParser) -> None:
    got = parse(parser, "Ромашка: шапка трикотажная черная — кол-во скажут завтра. опт")
    assert got["deadline"] is None
    assert got["missing"] == ["positions[0].qty"]


@pytest.mark.parametrize(
    ("words", "kind", "days", "percent"),
    [
        ("отсрочка 30 дней", PaymentKind.DEFERRAL, 30, None),
        ("постоплата 2 недели", PaymentKind.DEFERRAL, 14, None),
        ("предоплата", PaymentKind.PREPAYMENT, None, 100),
        ("оплата 50/50", PaymentKind.PREPAYMENT, None, 50),
        ("предоплата 30%, остальное по факту", PaymentKind.PREPAYMENT, None, 30),
        ("оплата по факту поставки", PaymentKind.ON_DELIVERY, None, None),
    ],
)
def test_payment_terms(
    parser: OrderParser, words: str, kind: PaymentKind, days: int | None, percent: int | None
) -> None:
    payment = parser.parse(f"Ромашка: колпак поварской 3 шт, опт, {words}", today=TODAY).payment
    assert payment is not None
    assert (payment.kind, payment.days, payment.percent) == (kind, days, percent)


@pytest.mark.parametrize(
    ("words", "kind", "carrier", "city"),
    [
        ("ТК ПЭК до Нижнего", DeliveryKind.TRANSPORT_COMPANY, "ПЭК", "Нижний Новгород"),
        (
            "отправить Деловыми до Мурманска",
            DeliveryKind.TRANSPORT_COMPANY,
            "Деловые Линии",
            "Мурманск",
        ),
        ("CDEK до Питера", DeliveryKind.TRANSPORT_COMPANY, "СДЭК", "Санкт-Петербург"),
        ("доставка нашим водителем в Шексну", DeliveryKind.OWN_DRIVER, None, "Шексна"),
        ("заберут сами", DeliveryKind.PICKUP, None, None),
    ],
)
def test_delivery(
    parser: OrderParser, words: str, kind: DeliveryKind, carrier: str | None, city: str | None
) -> None:
    delivery = parser.parse(f"Ромашка: колпак поварской 3 шт, опт. {words}", today=TODAY).delivery
    assert delivery is not None
    assert (delivery.kind, delivery.carrier, delivery.city) == (kind, carrier, city)


def test_sizes_heights_and_quantities_in_many_notations(parser: OrderParser) -> None:
    text = (
        "Ромашка: костюм стандарт синий р-р 48 рост 2 — десять компл, 52/54 3 рост - 5, "
        "104-108/176 — два десятка, с 56 по 60 по 2 шт каждого рост 188. опт"
    )
    got = parse(parser, text)
    assert [(p["size"], p["height"], p["qty"]) for p in got["positions"]] == [
        ("48-50", "170-176", 10),
        ("52-54", "182-188", 5),
        ("52-54", "170-176", 20),
        ("56-58", "182-188", 2),
        ("60-62", "182-188", 2),
    ]


def test_made_to_measure_positions_are_not_asked_for_sizes(parser: OrderParser) -> None:
    parsed = parser.parse(
        "Ромашка — пошив по меркам 3 чел, костюм медицинский хирург зелёный. опт", today=TODAY
    )
    [position] = parsed.positions
    assert (position.sku, position.qty, position.service) == ("MD-404", 3, Service.MADE_TO_MEASURE)
    assert parsed.missing == ()


def test_client_by_name_inn_and_initials() -> None:
    clients = ClientDirectory(
        [
            ClientRecord("CP-1", "ООО «Торговый дом «Рабочая одежда»»", "5260322369"),
            ClientRecord("CP-2", "ИП Иванов Иван Иванович", "352544856217"),
            ClientRecord("CP-3", "ИП Иванов Игорь Петрович", "352828665488"),
            ClientRecord("CP-4", "ООО «Вектор»", "6950845945"),
            ClientRecord("CP-5", "ООО «Вектор-Строй»", "3525034809"),
        ]
    )
    assert clients.resolve("ТД Рабочая одежда (Н.Новгород)") == "CP-1"
    assert clients.resolve("ИНН 352828665488") == "CP-3"
    assert clients.resolve("ИП Иванов И.И.") == "CP-2"
    assert clients.resolve("ИП Иванов Игорь Петрович") == "CP-3"
    assert clients.resolve("ИП Иванов") is None
    assert clients.resolve("Вектор-Строй") == "CP-5"
    assert clients.resolve("для ООО «Вектор»") == "CP-4"
    assert clients.resolve("Северный Ветер") is None


_ORDER_WORDS = sorted({w for o in SAMPLE for w in o["text"].split()})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=4096),
        st.lists(st.sampled_from(_ORDER_WORDS), max_size=400).map(" ".join),
        st.text(alphabet="0123456789-/., хшт№рост", max_size=4096),
    )
)
def test_parser_never_raises(parser: OrderParser, text: str) -> None:
    parsed = parser.parse(text[:4096], today=TODAY)
    assert all(i < len(parsed.positions) for i in range(len(parsed.positions)))
    parsed.to_dict()
