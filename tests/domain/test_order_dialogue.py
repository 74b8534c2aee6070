"""The order dialogue decided without a database: a text's first step, typed answers, and
every button of the dialogue through its table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.domain.catalog import load_catalog_csv
from bot.domain.company import default_company_path, load_company
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.orders import dialogue
from bot.domain.orders.client_mentions import ClientDirectory
from bot.domain.orders.dialogue import Choice, Pick, TextClient
from bot.domain.orders.draft import Draft, Field, NewClient
from bot.domain.orders.parser import OrderParser
from bot.domain.orders.steps import ClientChoice, Known, Step
from tests.orders_seed import DATA

TODAY = date(2026, 11, 23)
SUIT = "костюм технолог серый 52-54 рост 182-188 — 10 шт, опт"
ROMASHKA = ClientChoice(7, "ООО «Ромашка»", "3528972289")
NOBODY = TextClient(None, for_client=False)


@pytest.fixture(scope="module")
def parser() -> OrderParser:
    company = load_company(default_company_path())
    return OrderParser(load_catalog_csv(DATA / "catalog.csv"), company, ClientDirectory(()))


@pytest.fixture(scope="module")
def known(parser: OrderParser) -> Known:
    return Known(parser.catalog, TODAY, load_company(default_company_path()))


def asked_field(step: Step) -> Field | None:
    return step.ask.field if step.ask is not None else None


def started(
    parser: OrderParser, known: Known, text: str = SUIT, client: TextClient = NOBODY
) -> Step:
    return dialogue.start("d1", text, parser.parse(text, today=TODAY), client, None, known)


def test_a_text_without_its_client_asks_for_the_client_with_the_cards_found(
    parser: OrderParser, known: Known
) -> None:
    client = TextClient(None, for_client=False, choices=(ROMASHKA,), new_client="Ромашка")
    step = started(parser, known, client=client)
    assert asked_field(step) is Field.CLIENT
    assert (step.clients, step.new_client) == ((ROMASHKA,), "Ромашка")
    assert step.draft.awaiting is Field.CLIENT


def test_a_text_for_a_known_card_goes_to_the_preview(parser: OrderParser, known: Known) -> None:
    step = started(parser, known, client=TextClient(ROMASHKA, for_client=False))
    assert step.ask is None
    assert (step.draft.counterparty_id, step.draft.client_name) == (7, "ООО «Ромашка»")


def test_a_clients_own_text_is_theirs_and_keeps_no_problems(
    parser: OrderParser, known: Known
) -> None:
    text = "костюм технолог серый 52-54 рост 182-188 — 0 шт"
    step = started(parser, known, text=text, client=TextClient(ROMASHKA, for_client=True))
    assert step.draft.for_client
    assert step.draft.client_is_fixed
    assert step.draft.problems == ()
    assert asked_field(step) is Field.QTY


def test_a_text_with_no_position_awaits_an_order_text_again(
    parser: OrderParser, known: Known
) -> None:
    step = started(parser, known, text="добрый день", client=TextClient(ROMASHKA, False))
    assert not step.is_recognised
    assert step.draft.awaiting is Field.TEXT


def test_typed_quantity_answers_the_question_and_goes_on(
    parser: OrderParser, known: Known
) -> None:
    text = "костюм технолог серый 52-54 рост 182-188, опт"
    asked = started(parser, known, text=text, client=TextClient(ROMASHKA, False))
    assert asked.draft.awaiting is Field.QTY
    step = dialogue.answer(asked.draft, "12", known)
    assert step.draft.order.positions[0].qty == 12
    assert step.ask is None


def test_a_long_client_query_is_refused(parser: OrderParser, known: Known) -> None:
    asked = started(parser, known)
    with pytest.raises(InvalidInput) as caught:
        dialogue.answer(asked.draft, "Р" * 201, known)
    assert caught.value.key == "order-client-query-long"


def choose(draft: Draft, known: Known, choice: Choice, value: str = "", **kw: object) -> Step:
    return dialogue.choose(draft, Pick(choice, value=value, **kw), known)


@pytest.fixture
def ready(parser: OrderParser, known: Known) -> Draft:
    return started(parser, known, client=TextClient(ROMASHKA, for_client=False)).draft


def test_every_choice_has_its_effect(ready: Draft, known: Known) -> None:
    assert choose(ready, known, Choice.URGENT).draft.order.urgent
    assert choose(ready, known, Choice.PAYMENT, "d14").draft.order.payment is not None
    assert choose(ready, known, Choice.PRICE, "retail").draft.order.price_category == "retail"
    assert choose(ready, known, Choice.DEADLINE, "2026-12-01").draft.order.deadline == date(
        2026, 12, 1
    )
    pickup = choose(ready, known, Choice.DELIVERY, "pickup").draft.order.delivery
    assert pickup is not None
    assert pickup.kind.value == "pickup"
    carrier = choose(ready, known, Choice.CARRIER, "0").draft.order.delivery
    assert carrier is not None
    assert carrier.carrier == known.company.transport_companies[0].name
    assert choose(ready, known, Choice.REMOVE, "", position=0).draft.order.positions == ()
    assert asked_field(choose(ready, known, Choice.ASK, Field.DEADLINE.value)) is Field.DEADLINE
    assert choose(ready, known, Choice.PREVIEW).ask is None
    assert choose(ready, known, Choice.NEXT).ask is None
    colour = choose(ready, known, Choice.COLOUR, "0", position=0)
    item = known.catalog.get(ready.order.positions[0].sku or "")
    assert item is not None
    assert colour.draft.order.positions[0].colour == item.colours[0]


@pytest.mark.parametrize(
    ("choice", "value"),
    [(Choice.ASK, "nonsense"), (Choice.CARRIER, "99"), (Choice.DEADLINE, "someday"),
     (Choice.PAYMENT, "d999"), (Choice.SIZE, "x"), (Choice.CLIENT, "abc")],
)  # fmt: skip
def test_a_value_no_longer_offered_is_refused(
    ready: Draft, known: Known, choice: Choice, value: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        choose(ready, known, choice, value, position=0)
    assert caught.value.key == "order-choice-gone"


def test_a_client_card_gone_meanwhile_is_not_found(ready: Draft, known: Known) -> None:
    with pytest.raises(NotFound) as caught:
        choose(ready, known, Choice.CLIENT, "5", client=None)
    assert caught.value.key == "client-not-found"
    picked = choose(ready, known, Choice.CLIENT, "8", client=ClientChoice(8, "ИП Лебедев", None))
    assert (picked.draft.counterparty_id, picked.draft.client_name) == (8, "ИП Лебедев")


def test_a_new_card_with_look_alikes_offers_them_first(ready: Draft, known: Known) -> None:
    draft = replace(ready, counterparty_id=None, client_name=None)
    step = choose(draft, known, Choice.NEW_CLIENT, client=None, look_alikes=(ROMASHKA,),
                  new_client_name="Ромашка")  # fmt: skip
    assert (step.clients, step.look_alikes, step.new_client) == ((ROMASHKA,), True, "Ромашка")
    created = choose(draft, known, Choice.NEW_CLIENT, "sure", new_client=NewClient("Ромашка-2"))
    assert created.draft.new_client == NewClient("Ромашка-2")
    with pytest.raises(InvalidInput) as caught:
        choose(draft, known, Choice.NEW_CLIENT)
    assert caught.value.key == "order-client-name-needed"


def test_a_clients_own_order_keeps_its_client(ready: Draft, known: Known) -> None:
    fixed = replace(ready, for_client=True)
    for choice in (Choice.CLIENT, Choice.NEW_CLIENT):
        with pytest.raises(InvalidInput) as caught:
            choose(fixed, known, choice, "7", client=ROMASHKA)
        assert caught.value.key == "order-client-fixed"


def test_a_clients_bare_order_is_theirs_and_never_asks_for_a_client(known: Known) -> None:
    step = dialogue.begin("d1", known, ROMASHKA, for_client=True)
    assert step.draft.for_client
    assert step.draft.counterparty_id == ROMASHKA.counterparty_id
    assert asked_field(step) is Field.TEXT
    assert asked_field(dialogue.resume(step.draft, known)) is not Field.CLIENT
    with pytest.raises(InvalidInput) as caught:
        choose(step.draft, known, Choice.ASK, Field.CLIENT.value)
    assert caught.value.key == "order-client-fixed"
    asked = replace(step.draft, awaiting=Field.CLIENT)
    with pytest.raises(InvalidInput):
        dialogue.answer(asked, "Ромашка", known)


def test_a_reply_to_a_preview_adds_positions_and_replaces_the_terms_it_names(
    parser: OrderParser, known: Known
) -> None:
    draft = started(parser, known, client=TextClient(ROMASHKA, for_client=False)).draft
    more = "перчатки х/б с пвх 20 пар, срочно, дилер"
    step = dialogue.amend(draft, more, parser.parse(more, today=TODAY), known)
    amended = step.draft
    assert amended.order.positions[0].model == draft.order.positions[0].model
    assert len(amended.order.positions) == 2
    assert (amended.order.urgent, amended.order.price_category) == (True, "dealer")
    assert (amended.counterparty_id, amended.text) == (7, f"{SUIT}\n{more}")
    with pytest.raises(InvalidInput) as caught:
        dialogue.amend(draft, "спасибо", parser.parse("спасибо", today=TODAY), known)
    assert caught.value.key == "order-use-buttons"
