from pathlib import Path

import pytest

from bot.domain.counterparties.match import (
    CANDIDATE_THRESHOLD,
    DUPLICATE_THRESHOLD,
    MAX_CANDIDATES,
    OTHER_INN_CAP,
    Candidate,
    CounterpartyKey,
    IncomingCounterparty,
    MatchIndex,
    MatchReason,
    find_candidates,
    is_duplicate,
)
from bot.texts import Texts
from scripts.measure_dedup import main, measure

DATA = Path(__file__).parents[1] / "data"

ROMASHKA = CounterpartyKey(
    id="CP-001",
    name="ООО «Ромашка»",
    inn="3528972289",
    kpp="352801001",
    phones=("+78202710457;ext=208", "+79218662011"),
    emails=("zakaz@romashka-cher.ru",),
    city="Череповец",
)
IVANOV = CounterpartyKey(
    id="CP-005", name="ИП Иванов Иван Иванович", inn="352544856217", city="Вологда"
)
SEVER = CounterpartyKey(
    id="CP-008", name="ООО «Северная звезда»", inn="2901990163", city="Архангельск"
)
EXISTING = (ROMASHKA, IVANOV, SEVER)


def _duplicate_of(
    incoming: IncomingCounterparty, existing: tuple[CounterpartyKey, ...] = EXISTING
) -> str | None:
    return is_duplicate(MatchIndex(existing).candidates(incoming))


def test_matcher_reaches_precision_and_recall_goal_on_shared_data() -> None:
    report = measure(DATA / "counterparties.csv", DATA / "counterparty_duplicates.csv")

    assert len(report.outcomes) == 42
    assert report.precision >= 0.95
    assert report.recall >= 0.95


def test_matcher_reaches_precision_and_recall_goal_on_tuning_corpus() -> None:
    report = measure(DATA / "counterparties.csv", DATA / "corpus" / "counterparty_dedup.tune.csv")

    assert len(report.outcomes) == 136
    assert report.precision >= 0.95
    assert report.recall >= 0.95


def test_measure_script_scores_several_files_and_lists_misses_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = "case_id,in_name,in_inn,in_kpp,in_phone,in_email,in_contact,in_city,"
    header += "expected_match_id,reason\n"
    right = tmp_path / "right.csv"
    right.write_text(header + "x-0,Лютик,ИНН 3528972289,,,,,,CP-001,same INN\n", "utf-8")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(
        header
        + "x-1,Кафе,,,,,,,CP-001,no evidence at all\n"
        + "x-2,ООО «Ромашка»,,,,,,Череповец,,labelled new against the rule\n",
        encoding="utf-8",
    )

    code = main(["--duplicates", str(right), "--duplicates", str(wrong)])

    out = capsys.readouterr().out
    assert code == 1
    assert "miss x-1: expected CP-001, got new [no candidates] (no evidence at all)" in out
    assert "false match x-2: expected new, got CP-001" in out
    assert "x-0" not in out
    assert out.count("precision:") == 3  # each file, then all together
    assert "== all files\nrows: 3 (duplicates 2)\nprecision: 0.500\nrecall: 0.500" in out


def test_measure_script_quiet_prints_figures_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(
        "case_id,in_name,in_inn,in_kpp,in_phone,in_email,in_contact,in_city,expected_match_id,"
        "reason\nx-1,Кафе,,,,,,,CP-001,secret\n",
        encoding="utf-8",
    )

    main(["--duplicates", str(wrong), "--quiet"])

    out = capsys.readouterr().out
    assert "recall: 0.000" in out
    assert "x-1" not in out
    assert "secret" not in out


def test_same_inn_is_duplicate_whatever_the_name() -> None:
    incoming = IncomingCounterparty(name="ООО «Лютик»", inn="3528 972 289")

    assert _duplicate_of(incoming) == "CP-001"


def test_same_inn_with_other_kpp_is_duplicate_marked_as_branch() -> None:
    incoming = IncomingCounterparty(name="Ромашка", inn="3528972289", kpp="352802001")

    [candidate] = MatchIndex(EXISTING).candidates(incoming)

    assert candidate.id == "CP-001"
    assert candidate.score >= DUPLICATE_THRESHOLD
    assert "branch_kpp" in candidate.reasons


def test_other_valid_inn_is_never_duplicate_even_with_same_name_city_and_phone() -> None:
    incoming = IncomingCounterparty(
        name="ООО «Ромашка»", inn="3525654288", phones=("89218662011",), city="Череповец"
    )

    [candidate] = MatchIndex(EXISTING).candidates(incoming)

    assert candidate.id == "CP-001"
    assert candidate.score <= OTHER_INN_CAP
    assert "other_inn" in candidate.reasons
    assert is_duplicate([candidate]) is None


def test_invalid_incoming_inn_is_ignored() -> None:
    incoming = IncomingCounterparty(name="Ромашка", inn="3528972280", city="Череповец")

    assert _duplicate_of(incoming) == "CP-001"


def test_landline_without_extension_matches_number_with_extension() -> None:
    incoming = IncomingCounterparty(name="Кафе", phones=("8 (8202) 71-04-57",))

    assert _duplicate_of(incoming) == "CP-001"


def test_email_matches_with_display_name_and_capitals() -> None:
    incoming = IncomingCounterparty(emails=("Елена <ZAKAZ@Romashka-Cher.ru>",))

    assert _duplicate_of(incoming) == "CP-001"


@pytest.mark.parametrize("city", ["Череповец", "г. Череповец", "ЧЕРЕПОВЕЦ "])
def test_same_name_in_same_city_is_duplicate(city: str) -> None:
    incoming = IncomingCounterparty(name='"Ромашка" ООО', city=city)

    assert _duplicate_of(incoming) == "CP-001"


@pytest.mark.parametrize("city", ["", "Вологда"])
def test_same_name_without_same_city_is_only_a_candidate(city: str) -> None:
    incoming = IncomingCounterparty(name="ООО «Ромашка»", city=city)

    [candidate] = MatchIndex(EXISTING).candidates(incoming)

    assert candidate.id == "CP-001"
    assert CANDIDATE_THRESHOLD <= candidate.score < DUPLICATE_THRESHOLD
    assert is_duplicate([candidate]) is None


def test_initials_match_full_name_of_individual_in_same_city() -> None:
    incoming = IncomingCounterparty(name="ИП Иванов И. И.", city="Вологда")

    assert _duplicate_of(incoming) == "CP-005"


@pytest.mark.parametrize("name", ["ИП Иванов И.П.", "ИП Иванов Иван Петрович"])
def test_other_initials_or_patronymic_do_not_match_individual(name: str) -> None:
    incoming = IncomingCounterparty(name=name, city="Вологда")

    assert MatchIndex(EXISTING).candidates(incoming) == []


@pytest.mark.parametrize("name", ["ООО «Северная звезда-2»", "ООО «Северная звезда Плюс»"])
def test_extra_number_or_word_marks_another_company(name: str) -> None:
    incoming = IncomingCounterparty(name=name, city="Архангельск")

    assert _duplicate_of(incoming) is None


def test_contact_person_is_no_evidence() -> None:
    incoming = IncomingCounterparty(name="ООО «СтройКомфорт»", contact="Иванов Иван Иванович")

    assert MatchIndex(EXISTING).candidates(incoming) == []


def test_empty_incoming_record_has_no_candidates() -> None:
    assert MatchIndex(EXISTING).candidates(IncomingCounterparty()) == []


def test_shared_phone_of_two_counterparties_is_ambiguous() -> None:
    twin = CounterpartyKey(id="CP-900", name="ООО «Лютик»", phones=("+79218662011",))
    incoming = IncomingCounterparty(phones=("+7 921 866-20-11",))

    candidates = MatchIndex((*EXISTING, twin)).candidates(incoming)

    assert {c.id for c in candidates} == {"CP-001", "CP-900"}
    assert is_duplicate(candidates) is None


def test_candidates_are_best_first_and_limited() -> None:
    names = [f"ООО «Ромашка {letter}»" for letter in "абвгдежзик"]
    existing = [CounterpartyKey(id=f"CP-{i:03}", name=n) for i, n in enumerate(names)]
    incoming = IncomingCounterparty(name="ООО «Ромашка»", phones=("+79218662011",))

    candidates = MatchIndex([ROMASHKA, *existing]).candidates(incoming)

    assert candidates[0].id == "CP-001"
    assert len(candidates) == MAX_CANDIDATES
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_find_candidates_builds_the_index_once_for_a_single_check() -> None:
    incoming = IncomingCounterparty(name="Ромашка", city="Череповец")

    assert find_candidates(incoming, EXISTING) == MatchIndex(EXISTING).candidates(incoming)


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([], None),
        ([Candidate("CP-001", 0.84, ("similar_name",))], None),
        ([Candidate("CP-001", 0.9, ("initials",)), Candidate("CP-002", 0.5, ("name",))], "CP-001"),
        ([Candidate("CP-001", 0.95, ("phone",)), Candidate("CP-002", 0.93, ("name",))], None),
    ],
)
def test_is_duplicate_needs_a_clear_leader_above_threshold(
    candidates: list[Candidate], expected: str | None
) -> None:
    assert is_duplicate(candidates) == expected


def test_inn_and_branch_kpp_pasted_into_the_name_cell_count_like_the_fields() -> None:
    incoming = IncomingCounterparty(name="Лютик инн/кпп 3528972289/352802001")

    [candidate] = MatchIndex(EXISTING).candidates(incoming)

    assert (candidate.id, candidate.score) == ("CP-001", 0.97)
    assert "branch_kpp" in candidate.reasons


def test_labelled_other_inn_keeps_a_namesake_apart() -> None:
    incoming = IncomingCounterparty(
        name="ИП Иванов Иван Иванович", inn="ИНН 352585252408", city="Вологда"
    )

    [candidate] = MatchIndex(EXISTING).candidates(incoming)

    assert candidate.id == "CP-005"
    assert candidate.score <= OTHER_INN_CAP
    assert "other_inn" in candidate.reasons


def test_second_phone_of_a_two_phone_cell_is_matched() -> None:
    incoming = IncomingCounterparty(phones=("8 (8172) 11-22-33 доб. 5, 8 921 866 20 11",))

    assert _duplicate_of(incoming) == "CP-001"


def test_abbreviation_with_the_corporate_domain_is_duplicate_and_says_why() -> None:
    existing = (
        *EXISTING,
        CounterpartyKey(
            id="CP-042",
            name="ООО «Вологодская Сервисная Компания»",
            emails=("vsk@vsk35.ru",),
            city="Вологда",
        ),
    )
    incoming = IncomingCounterparty(
        name="ООО «ВСК»", emails=("Егоров М.А. <egorov@VSK35.ru>",), city="Вологда"
    )

    [candidate] = MatchIndex(existing).candidates(incoming)

    assert candidate.id == "CP-042"
    assert candidate.score >= DUPLICATE_THRESHOLD
    assert set(candidate.reasons) == {"email_domain", "abbreviation", "same_city"}


def test_shared_public_mail_domain_is_no_evidence() -> None:
    incoming = IncomingCounterparty(name="ООО «ВСК»", emails=("vsk@mail.ru",))

    assert MatchIndex(EXISTING).candidates(incoming) == []


@pytest.mark.parametrize("reason", list(MatchReason))
def test_every_match_reason_is_explained_to_the_manager(reason: MatchReason) -> None:
    assert Texts.load().has(f"match-{reason}")
