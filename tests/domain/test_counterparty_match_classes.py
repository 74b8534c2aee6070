"""The duplicate check per class of input, against the public counterparties.

Each row is an incoming record as a manager would type or paste it and the id it duplicates
(None: a new counterparty). The rows are written for these tests, not taken from the corpora.
"""

from pathlib import Path

import pytest

from bot.domain.counterparties.match import IncomingCounterparty, MatchIndex, is_duplicate
from scripts.measure_dedup import load_counterparties

DATA = Path(__file__).parents[1] / "data"
INDEX = MatchIndex(load_counterparties(DATA / "counterparties.csv"))
In = IncomingCounterparty

INN_CASES = [
    (In(name="Ромашка", inn="инн: 3528 972 289"), "CP-001"),
    (In(name="Ромашка", inn="ИНН:3528972289"), "CP-001"),
    (In(name="Ромашка, ИНН 3528-972-289"), "CP-001"),
    (In(name="Лютик", inn="ИНН/КПП 3528972289/352801001"), "CP-001"),
    (In(name="Ромашка КПП 352802001", inn="3528972289"), "CP-001"),
    (In(name="ИП Иванов", inn="ИНН 352544856217"), "CP-005"),
    (In(name="ООО «Альфа Строй»", inn="ИНН 3525 998 031 / 352501001"), "CP-052"),
    (In(name="Кулинар", inn="3525316634 КПП 352501001"), "CP-053"),
    (In(name="Кафе (ИНН/КПП 3525174404/352501001)"), "CP-016"),
]
PHONE_CASES = [
    (In(name="Кафе", phones=("TEL:8-921-866-20-11",)), "CP-001"),
    (In(name="Кафе", phones=("(921) 866-20-11",)), "CP-001"),
    (In(name="Кафе", phones=("921 866 20 11",)), "CP-001"),
    (In(name="Кафе", phones=("+7 (8202) 71-04-57, доб. 15",)), "CP-001"),
    (In(name="Кафе", phones=("89001112233 / 88202710457",)), "CP-001"),
    (In(name="Кафе", phones=("тел. 8-921-866-20-11 (Елена)",)), "CP-001"),
    (In(name="Кафе", phones=("8 921 866 20 12",)), None),  # one digit off
]
EMAIL_CASES = [
    (In(name="Кафе", emails=('"Захарова, Е." <Zakaz@Romashka-cher.ru>',)), "CP-001"),
    (In(name="Кафе", emails=("zakaz@romashka-cher.ru (Елена)",)), "CP-001"),
    (In(name="Нордметиз", emails=("OT@nordmetiz.ru",)), "CP-019"),  # the card's second address
    (In(name="Ромашка", emails=("zakaz@romashka-cher.com",)), None),
    (In(name="Стройтех", emails=("stroyteh.vologda@mail.ru",), city="Вологда"), "CP-014"),
]
NAME_CASES = [
    (In(name="ООО РОМАШКА", city="г. Череповец"), "CP-001"),
    (In(name="ромашка ооо", city="Череповец"), "CP-001"),
    (In(name="Общества с ограниченной ответственностью «Ромашка»", city="Череповец"), "CP-001"),
    (In(name="000 «Ромашка»", city="Череповец"), "CP-001"),
    (In(name="ООО «Pомашка»", city="Череповец"), "CP-001"),  # Latin P
    (In(name="АО «ПРОГРЕСС-МЕХАНИКА»", city="Вологда"), "CP-003"),
    (In(name="Прогресс Механика АО", city="Вологда"), "CP-003"),
    (In(name="ОАО «Нордметиз»", city="Череповец"), "CP-019"),
    (In(name="Хлебозавод № 3 (Череповец)"), "CP-032"),
    (In(name="Хлебозавод №3 г. Череповец"), "CP-032"),
    (In(name="Хлебозавод №3", city="г. Череповца"), "CP-032"),
    (In(name="Технолайн", city="СПб"), "CP-050"),
    (In(name="Комфорт ЖКХ", city="Череповец"), "CP-058"),
    (In(name="Нордмeтиз", city="Череповец"), "CP-019"),  # Latin e
    (In(name="Полимерпласт", city="Ярославль"), "CP-033"),
    (In(name="Рестарация", city="Ярославль"), "CP-075"),
    (In(name="ООО «Вектро»", city="Тверь"), "CP-070"),
    (In(name="Морозов С. А.", city="Ярославль"), "CP-060"),
    (In(name="ИП Волкова Елена", city="Вологда"), "CP-078"),
    (In(name="ИП Петрова Н.С. (Вологда)"), "CP-037"),
    (In(name="Морзоов С.А. ИП", city="Ярославль"), "CP-060"),
    (In(name="Стройдеатль (Великий Устюг)", city="Великий Устюг"), "CP-047"),
    (
        In(name="Индивидуальный предприниматель Морозов Сергей Александрович", city="Ярославль"),
        "CP-060",
    ),
]
ABBREVIATION_CASES = [
    (In(name="ПСР", emails=("zakaz2@promsnab-region.ru",), city="Ярославль"), "CP-013"),
    (In(name="ТДРО", emails=("info@rab-odezhda.ru",)), "CP-024"),
    (In(name="СТС", emails=("buh@severteploset.ru",), city="Архангельск"), "CP-028"),
    (In(name="МПС", emails=("info@mps51.ru",)), "CP-044"),
    (In(name="ЭСС-В", emails=("buh@ess-v.ru",), city="Вологда"), "CP-056"),
    (In(name="Мехколонна", emails=("info@mehkolonna35.ru",), city="Вологда"), "CP-026"),
    (In(name="ВСК", city="Вологда"), None),  # no corporate domain to agree
    (In(name="ВСК", emails=("vsk@vsk-35.ru",), city="Вологда"), None),  # another domain
    (In(name="ЭМС", emails=("ems.komi@yandex.ru",), city="Сыктывкар"), None),
    (In(name="Детский сад № 5", emails=("ds5@vologda-edu.ru",), city="Вологда"), None),
    (In(name="ВСК", emails=("buh@vsk35.ru",), city="Череповец"), None),  # another city
]
LOOKALIKE_CASES = [
    (In(name="ООО «Молочный дворик»", city="Вологда"), None),
    (In(name="Северная звёздочка", city="Архангельск"), None),
    (In(name="Стройтехника", city="Вологда"), None),
    (In(name="Гранит", city="Вологда"), None),
    (In(name="Ромашка", city="Вологда"), None),
    (In(name="ООО «Ромашка-2»", city="Череповец"), None),
    (In(name="ООО «Ромашка Плюс»", city="Череповец"), None),
    (In(name="ООО «Вектор-М»", city="Тверь"), None),
    (In(name="Детский сад № 12", city="Вологда"), None),
    (In(name="Поликлиника № 4", city="Вологда"), None),
    (In(name="ИП Морозова С.А.", city="Ярославль"), None),
    (In(name="ИП Кузнецова А.В.", city="Кострома"), None),
    (In(name="Нордметиз-Сервис", city="Череповец"), None),
    (In(name="ИП Смирнова О.П.", inn="352801750552", city="Череповец"), None),
    (In(name="ООО «Ромашка» инн/кпп 3525654288/352501001", city="Череповец"), None),
    (In(name="ИП Петрова Н.С. ИНН 352559150801", city="Вологда"), None),
    (
        In(name="ООО «Ромашка»", inn="ИНН 3525654288", phones=("89218662011",), city="Череповец"),
        None,
    ),
    (In(name="ПАО Нордметиз", emails=("snab@nordmetiz.ru",), inn="3528686337"), None),
]


CLASSES = {
    "inn": INN_CASES,
    "phone": PHONE_CASES,
    "email": EMAIL_CASES,
    "name": NAME_CASES,
    "abbreviation": ABBREVIATION_CASES,
    "lookalike": LOOKALIKE_CASES,
}


@pytest.mark.parametrize(
    ("incoming", "expected"),
    [
        pytest.param(incoming, expected, id=f"{kind}-{n}")
        for kind, cases in CLASSES.items()
        for n, (incoming, expected) in enumerate(cases, 1)
    ],
)
def test_duplicate_check_per_class_of_input(
    incoming: IncomingCounterparty, expected: str | None
) -> None:
    assert is_duplicate(INDEX.candidates(incoming)) == expected
