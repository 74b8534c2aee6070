import pytest

from bot.domain.counterparties.reading import read_record


@pytest.mark.parametrize(
    ("name", "clean", "inns", "kpps", "phones", "emails"),
    [
        (
            "ООО «Ромашка» инн/кпп 3528972289/352801001",
            "ООО «Ромашка»",
            {"3528972289"},
            {"352801001"},
            set(),
            set(),
        ),
        (
            "Кулинар-Плюс (ИНН/КПП 3525316634/352501001)",
            "Кулинар-Плюс",
            {"3525316634"},
            {"352501001"},
            set(),
            set(),
        ),
        ("Ромашка, тел. 8 921 866-20-11", "Ромашка", set(), set(), {"+79218662011"}, set()),
        (
            "Ромашка e-mail: <Zakaz@Romashka-cher.ru>",
            "Ромашка",
            set(),
            set(),
            set(),
            {"zakaz@romashka-cher.ru"},
        ),
        (
            "Ромашка mailto:zakaz@romashka-cher.ru",
            "Ромашка",
            set(),
            set(),
            set(),
            {"zakaz@romashka-cher.ru"},
        ),
        (
            "ИП Иванов И.И. ИНН 352544856217 тел. 8-905-643-90-63",
            "ИП Иванов И.И.",
            {"352544856217"},
            set(),
            {"+79056439063"},
            set(),
        ),
        ("Почта России", "Почта России", set(), set(), set(), set()),
        ("ООО «Телеком»", "ООО «Телеком»", set(), set(), set(), set()),
    ],
)
def test_identifiers_pasted_into_the_name_cell_are_read_and_cut_out(
    name: str, clean: str, inns: set[str], kpps: set[str], phones: set[str], emails: set[str]
) -> None:
    record = read_record(name)

    assert (record.name, record.inns, record.kpps, record.phones, record.emails) == (
        clean,
        inns,
        kpps,
        phones,
        emails,
    )


def test_every_field_is_read_as_typed() -> None:
    record = read_record(
        "Ромашка",
        inn="ИНН: 3528 972 289",
        kpp="КПП 352802001",
        phones=("8 (8202) 71-04-57 доб. 208, tel:+79218662011", "мобильный нет"),
        emails=('"Захарова, Е." <Zakaz@Romashka-cher.ru>; MAILTO:buh@romashka-cher.ru',),
        city="г. Череповец",
    )

    assert record.inns == {"3528972289"}
    assert record.kpps == {"352802001"}
    assert record.phones == {"+78202710457", "+79218662011"}
    assert record.emails == {"zakaz@romashka-cher.ru", "buh@romashka-cher.ru"}
    assert record.city == "г. Череповец"


def test_the_inn_field_and_the_name_cell_both_count() -> None:
    record = read_record("Ромашка (ИНН 3525654288)", inn="3528972289")

    assert record.inns == {"3528972289", "3525654288"}


def test_a_labelled_inn_in_any_field_counts_and_is_not_read_as_a_phone() -> None:
    record = read_record(
        "Ромашка",
        phones=("ИНН 3528972289, тел. 8 921 866 20 11",),
        emails=("zakaz@romashka-cher.ru (ИНН 3525654288)",),
        city="Череповец, КПП 352801001",
    )

    assert record.inns == {"3528972289", "3525654288"}
    assert record.kpps == {"352801001"}
    assert record.phones == {"+79218662011"}
    assert record.city == "Череповец"
