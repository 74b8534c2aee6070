import pytest

from bot.domain.counterparties.similarity import (
    ABBREVIATION_SIMILARITY,
    EXTRA_WORD_CAP,
    SIMILAR_CAP,
    TYPO_SIMILARITY,
    CityRelation,
    NameKey,
    NameKind,
    NameMatch,
    city_relation,
    city_words,
    compare_names,
)


def _compare(
    incoming: str, existing: str, in_city: str = "", city: str = "Вологда"
) -> NameMatch | None:
    return compare_names(NameKey.of(incoming, in_city), NameKey.of(existing, city))


@pytest.mark.parametrize(
    ("incoming", "existing"),
    [
        ("ООО «Электросетьсрой-В»", "ООО «Электросетьстрой-В»"),  # a letter missing
        ("ООО «Спецсанб-Пермь»", "ООО «Спецснаб-Пермь»"),  # two letters swapped
        ("ООО «Агрофирма Зоречье»", "ООО «Агрофирма Заречье»"),  # a letter wrong
        ("ООО «Технолесс»", "ООО «ТехноЛес»"),  # a letter doubled
        ("ООО «Вектро»", "ООО «Вектор»"),  # a swap in a short name
        ("ООО «Ивтекстильтогр»", "ООО «Ивтекстильторг»"),
    ],
)
def test_a_typo_scores_as_the_same_name(incoming: str, existing: str) -> None:
    match = _compare(incoming, existing, "Вологда")

    assert match is not None
    assert match.similarity >= TYPO_SIMILARITY


@pytest.mark.parametrize(
    ("incoming", "existing"),
    [
        ("Ромашка ООО", "ООО «Ромашка»"),
        ("ООО РОМАШКА", "ООО «Ромашка»"),
        ("Кубена ЛПК", "ООО «ЛПК Кубена»"),  # words swapped
        ("Рабочая одежда", "ООО «Торговый дом «Рабочая одежда»»"),  # generic words aside
        ("ООО Урал-Спец-Монтаж", "ООО «Уралспецмонтаж»"),
        ("Зелёный бор", "ООО «Зеленый Бор»"),
    ],
)
def test_the_same_name_written_otherwise_scores_one(incoming: str, existing: str) -> None:
    match = _compare(incoming, existing, "Вологда")

    assert match is not None
    assert (match.similarity, match.kind) == (1.0, NameKind.NAME)


@pytest.mark.parametrize(
    ("incoming", "existing", "cap"),
    [
        ("ООО «Молочный дворик»", "ООО «Молочный двор»", SIMILAR_CAP),
        ("ООО «Стройтехника»", "ООО «Стройтех»", SIMILAR_CAP),
        ("ООО «Северная звёздочка»", "ООО «Северная звезда»", SIMILAR_CAP),
        ("ООО «Вектор-М»", "ООО «Вектор»", EXTRA_WORD_CAP),
        ("ООО «Мехколонна-53»", "ООО «Мехколонна-35»", EXTRA_WORD_CAP),
        ("ООО «Нордметиз-Сервис»", "ПАО «Нордметиз»", EXTRA_WORD_CAP),
        ("ООО «Шит»", "ООО «Щит»", SIMILAR_CAP),  # too short to call it a typo
    ],
)
def test_similar_names_beyond_a_typo_stay_below_a_duplicate(
    incoming: str, existing: str, cap: float
) -> None:
    match = _compare(incoming, existing, "Вологда")

    assert match is None or match.similarity <= cap


@pytest.mark.parametrize(
    ("incoming", "existing"),
    [
        ("ООО «ВСК»", "ООО «Вологодская Сервисная Компания»"),
        ("УСМ", "ООО «Уралспецмонтаж»"),
        ("ООО «ГТМ»", "ООО «ГазТеплоМонтаж»"),
        ("ЛКВС", "АО «Лесокомбинат Верхнесухонский»"),
        ("НГС-Пермь", "ООО «НефтеГазСнаб-Пермь»"),
        ("ПСР", "ООО «ПромСнаб-Регион»"),
        ("нгс", "ООО «НефтеГазСнаб»"),
        ("ООО «Лесопромышленный комплекс Кубена»", "ООО «ЛПК Кубена»"),  # the other way round
    ],
)
def test_an_abbreviation_matches_the_initials_of_the_words(incoming: str, existing: str) -> None:
    match = _compare(incoming, existing)

    assert match is not None
    assert (match.kind, match.similarity) == (NameKind.ABBREVIATION, ABBREVIATION_SIMILARITY)


@pytest.mark.parametrize(
    ("incoming", "existing"),
    [
        ("ООО «Техно»", "ООО «ТехноЛес»"),  # a shorter name, not an abbreviation
        ("ООО «ВСК»", "ООО «Северная Сервисная Компания»"),
        ("ООО «ГТС»", "ООО «ГазТеплоМонтаж»"),
        ("ООО «ХЗ»", "ООО «Хлебозавод № 3»"),  # numbers are no initials
    ],
)
def test_letters_that_do_not_start_the_words_are_no_abbreviation(
    incoming: str, existing: str
) -> None:
    match = _compare(incoming, existing)

    assert match is None or match.kind is not NameKind.ABBREVIATION


@pytest.mark.parametrize(
    ("incoming", "existing", "similarity"),
    [
        ("ИП Иванов И.И.", "ИП Иванов Иван Иванович", 0.9),
        ("Иванов И. И.", "ИП Иванов Иван Иванович", 0.9),
        ("Иванов Иван Иванович", "ИП Иванов Иван Иванович", 1.0),
        ("Морозов С.А. ИП", "ИП Морозов Сергей Александрович", 0.9),
        ("ИП Волкова Елена", "ИП Волкова Елена Андреевна", 0.9),
        ("ИП Петрова Н.С. (Вологда)", "ИП Петрова Наталья Сергеевна", 0.9),
        ("ИП Иванов И.И. г. Вологда", "ИП Иванов Иван Иванович", 0.9),
        ("ИП Петорва Наталья Сергеевна", "ИП Петрова Наталья Сергеевна", 0.9),  # a swap
        ("Морозев С.А.", "ИП Морозов Сергей Александрович", 0.9),  # a letter wrong
    ],
)
def test_an_individual_matches_by_surname_and_initials(
    incoming: str, existing: str, similarity: float
) -> None:
    match = _compare(incoming, existing)

    assert match is not None
    assert match.similarity == similarity


@pytest.mark.parametrize(
    ("incoming", "existing"),
    [
        ("ИП Иванов И.П.", "ИП Иванов Иван Иванович"),
        ("ИП Петров Н.С.", "ИП Петрова Наталья Сергеевна"),
        ("ИП Петрова Н.С.", "ИП Петров Николай Сергеевич"),
        ("ИП Волков Е.А.", "ИП Волкова Елена Андреевна"),
        ("ИП Петрова Надежда Сергеевна", "ИП Петрова Наталья Сергеевна"),
    ],
)
def test_other_initials_or_surname_are_another_individual(incoming: str, existing: str) -> None:
    assert _compare(incoming, existing) is None


@pytest.mark.parametrize(
    ("name", "city", "existing_city", "relation"),
    [
        ("Ромашка", "Череповец", "Череповец", CityRelation.SAME),
        ("Ромашка", "г. Череповец", "Череповец", CityRelation.SAME),
        ("Ромашка", "г. Череповца", "Череповец", CityRelation.SAME),
        ("Ромашка", "ЧЕРЕПОВЕЦ ", "Череповец", CityRelation.SAME),
        ("Ромашка (Череповец)", "", "Череповец", CityRelation.SAME),
        ("Стройдеталь (Великий Устюг)", "", "Великий Устюг", CityRelation.SAME),
        ("Хлебозавод №3 г. Череповец", "", "Череповец", CityRelation.SAME),
        ("Профспецодежда СПб", "", "Санкт-Петербург", CityRelation.SAME),
        ("Технолайн", "Питер", "Санкт-Петербург", CityRelation.SAME),
        ("Ромашка", "", "Череповец", CityRelation.UNKNOWN),
        ("Ромашка (Вологда)", "", "Череповец", CityRelation.UNKNOWN),
        ("Заречье", "Вологодский район", "Вологда", CityRelation.UNKNOWN),
        ("Ромашка", "Вологда", "Череповец", CityRelation.OTHER),
        ("Ромашка", "Вологодский район", "Череповец", CityRelation.OTHER),
        ("Мурман", "Мурманск", "Мурман", CityRelation.OTHER),
    ],
)
def test_city_relation_reads_the_city_field_and_the_name(
    name: str, city: str, existing_city: str, relation: CityRelation
) -> None:
    incoming = NameKey.of(name, city)
    existing = NameKey.of("Ромашка", existing_city)

    assert city_relation(incoming, existing) is relation


@pytest.mark.parametrize(
    ("city", "words"),
    [
        ("г. Вологда", ("вологда",)),
        ("СПб", ("санкт", "петербург")),
        ("Н. Новгород", ("нижний", "новгород")),
        ("Санкт-Петербург", ("санкт", "петербург")),
    ],
)
def test_city_words_drop_the_prefix_and_spell_out_short_names(
    city: str, words: tuple[str, ...]
) -> None:
    assert city_words(city) == words
