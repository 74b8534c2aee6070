"""Step 2, segment: finding catalog models in a message (lemmas, abbreviations, Latin, SKUs)."""

from __future__ import annotations

import pytest

from bot.domain.catalog import Catalog
from bot.domain.orders.model_mentions import MentionKind, ModelIndex
from bot.domain.orders.morphology import fold


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> ModelIndex:
    return ModelIndex(catalog)


def mentions(index: ModelIndex, text: str) -> list[tuple[str, str | None, tuple[str, ...]]]:
    found = index.find_mentions(text, fold(text), [])
    return [(m.kind.value, m.sku, m.candidates) for m in found]


@pytest.mark.parametrize(
    ("text", "sku"),
    [
        ("халатов медицинских женских", "MD-401"),  # inflected forms map to the catalog's words
        ("костюм технолог", "KS-101"),  # the exact name over longer ones
        ("Костюм Технолог с п/к", "KS-102"),
        ("куртки утепл Вьюга", "KR-203"),
        ("жен мед халат Виола", "MD-409"),
        ("кастюм технолох", "KS-101"),  # typos
        ("костюм Ural", "KS-124"),  # Latin transliteration
        ("Strazh костюм", "KS-110"),
        ("tehnolog kostum", "KS-101"),
        ("перчатки латексные хоз", "PR-706"),
        ("ботинки техник с мп", "OB-605"),
        ("сапоги кирзачи", "OB-611"),
        ("KS-101", "KS-101"),
        ("ks101", "KS-101"),
        ("арт. OB605", "OB-605"),
        ("ОВ-601", "OB-601"),  # Cyrillic look-alike letters
        ("кс-101", "KS-101"),
    ],
)
def test_a_model_is_found(index: ModelIndex, text: str, sku: str) -> None:
    assert mentions(index, text) == [("catalog", sku, (sku,))]


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("сапоги", {"OB-601", "OB-611", "OB-612"}),
        ("жилет", {"SG-501", "KR-211", "MD-413"}),  # a partial name several models share
        ("очки защитные", {"SZ-903", "SZ-904"}),
    ],
)
def test_a_model_that_cannot_be_told_keeps_its_candidates(
    index: ModelIndex, text: str, candidates: set[str]
) -> None:
    [(kind, sku, found)] = mentions(index, text)
    assert (kind, sku) == ("ambiguous", None)
    assert candidates <= set(found)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("костюм химзащиты Л-1", "Костюм химзащиты Л-1"),
        ("жилет из флиса", "Жилет из флиса"),
        ("перчатки кевларовые", "Перчатки кевларовые"),
    ],
)
def test_an_item_outside_the_catalog_keeps_its_wording(
    index: ModelIndex, text: str, phrase: str
) -> None:
    [m] = index.find_mentions(text, fold(text), [])
    assert (m.kind, m.sku, m.phrase) == (MentionKind.UNKNOWN, None, phrase)


def test_the_phrase_of_a_made_item_agrees_with_its_noun(index: ModelIndex) -> None:
    text = "сшить 40 фартуков поварских"
    [m] = index.find_mentions(text, fold(text), [])
    assert index.phrase_of(text, fold(text), m) == "Фартук поварской"


def test_a_name_written_next_to_its_article_is_one_mention(index: ModelIndex) -> None:
    assert mentions(index, "Бригадир (KS-117) 52-54") == [("catalog", "KS-117", ("KS-117",))]
