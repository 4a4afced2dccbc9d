"""Consequences of yearly levels (docs/regulations/state.md §5, party.md §10, WE-17): two years of L4, commendation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.consequences import (
    Consequence,
    ConsequenceCode,
    ConsequenceError,
    PersonKind,
    consequences,
)
from danhgia.domain.periods import Term
from danhgia.domain.texts import LEVELS, Level

K, C = PersonKind, ConsequenceCode
LAW = "Luật Cán bộ, công chức 22/2008/QH12, sửa đổi bởi Luật 52/2019/QH14"


def codes(*found: Consequence) -> list[ConsequenceCode]:
    return [c.code for c in found]


def test_we17_civil_servant_two_consecutive_failures_is_terminated() -> None:
    (found,) = consequences(K.CIVIL_SERVANT, {2023: "L4", 2024: "L4"}, year=2024)
    assert found == Consequence(
        C.TERMINATION,
        (2023, 2024),
        f"{LAW}, Điều 58 (khoản 12 Điều 1), điểm a",
        found.text,
        True,
    )
    assert found.text.vi == (
        "Công chức có 02 năm liên tiếp (2023, 2024) xếp loại «Không hoàn thành nhiệm vụ»: cơ quan, tổ chức,"
        " đơn vị có thẩm quyền giải quyết cho thôi việc."
    )
    assert found.text.en == (
        "Civil servant rated 'failure to complete duties' two years in a row (2023, 2024): the competent body"
        " resolves termination of employment."
    )


def test_we17_elected_cadre_two_consecutive_failures_is_removed_or_relieved() -> None:
    (found,) = consequences(K.CADRE, {2023: "L4", 2024: "L4"}, year=2024)
    assert (found.code, found.years, found.source) == (
        C.REMOVAL_OR_RELIEF,
        (2023, 2024),
        f"{LAW}, Điều 29 (khoản 3 Điều 1)",
    )
    assert found.text.vi == (
        "Cán bộ có 02 năm liên tiếp (2023, 2024) xếp loại «Không hoàn thành nhiệm vụ»: cơ quan, tổ chức có thẩm"
        " quyền xem xét miễn nhiệm, cho thôi làm nhiệm vụ."
    )


def test_we17_non_leading_civil_servant_two_non_consecutive_failures_in_three_years() -> None:
    (found,) = consequences(K.CIVIL_SERVANT_NON_LEADER, {2022: "L4", 2023: "L3", 2024: "L4"}, year=2024)
    assert (found.code, found.years, found.source, found.confirmed) == (
        C.LOWER_JOB_POSITION,
        (2022, 2024),
        f"{LAW}, Điều 58 (khoản 12 Điều 1), điểm c",
        True,
    )
    assert found.text.en == (
        "Civil servant without a leadership post rated 'failure to complete duties' in two non-consecutive"
        " years within three (2022, 2024): move to a job position with lower requirements."
    )


def test_termination_barred_during_proceedings_or_for_a_mother_of_a_young_child() -> None:
    (found,) = consequences(
        K.CIVIL_SERVANT_LEADER,
        {2023: "L4", 2024: "L4"},
        year=2024,
        appointment_term=Term(2021, 2025),
        termination_barred=True,
    )
    assert (found.code, found.years) == (C.TERMINATION_BARRED, (2023, 2024))
    assert found.source == f"{LAW}, Điều 58 (khoản 12 Điều 1), điểm a; Luật 22/2008/QH12 Điều 59 khoản 3, 4"


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({2021: "L4", 2024: "L4"}, [(C.REASSIGNMENT_OR_NO_REAPPOINTMENT, (2021, 2024))]),
        ({2019: "L4", 2021: "L4", 2022: "L2", 2024: "L4"}, [(C.REASSIGNMENT_OR_NO_REAPPOINTMENT, (2021, 2024))]),
        ({2019: "L4", 2024: "L4"}, []),  # the earlier failure lies outside the appointment term
        ({2023: "L4", 2024: "L4"}, [(C.TERMINATION, (2023, 2024))]),  # consecutive: termination governs
        ({2021: "L4", 2023: "L4", 2024: "L4"}, [(C.TERMINATION, (2023, 2024))]),
        ({2021: "L4", 2024: "L3"}, []),  # this year is no failure
    ],
)
def test_leader_two_non_consecutive_failures_within_the_appointment_term(
    history: dict[int, Level], expected: list[tuple[ConsequenceCode, tuple[int, ...]]]
) -> None:
    found = consequences(K.CIVIL_SERVANT_LEADER, history, year=2024, appointment_term=Term(2020, 2025))
    assert [(c.code, c.years) for c in found] == expected


@pytest.mark.parametrize("term", [None, Term(2025, 2030), Term(2018, 2023)])
def test_a_leader_needs_an_appointment_term_containing_the_year(term: Term | None) -> None:
    with pytest.raises(ConsequenceError) as caught:
        consequences(K.CIVIL_SERVANT_LEADER, {2024: "L4"}, year=2024, appointment_term=term)
    assert caught.value.code == "appointment_term_required"
    assert caught.value.message.en == "A leader's appointment term containing 2024 is needed."


def test_party_member_two_consecutive_failures_is_educated_then_possibly_removed() -> None:
    (found,) = consequences(K.PARTY_MEMBER, {2024: "L4", 2025: "L4"}, year=2025)
    assert (found.code, found.years, found.source, found.confirmed) == (
        C.PARTY_EDUCATION_THEN_REMOVAL,
        (2024, 2025),
        "02-HD/BTCTW (2021); 24-QĐ/TW (2021) §8.1",
        True,
    )
    assert found.text.vi == (
        "Đảng viên có 02 năm liên tiếp (2024, 2025) xếp loại «Không hoàn thành nhiệm vụ»: chi bộ giáo dục,"
        " giúp đỡ; nếu không tiến bộ, xem xét đưa ra khỏi Đảng."
    )


@pytest.mark.parametrize(
    ("kind", "history", "year", "expected"),
    [
        (K.CIVIL_SERVANT, {2022: "L4", 2024: "L4"}, 2024, []),  # gap year missing: not consecutive
        (K.CIVIL_SERVANT, {2023: "L4", 2024: "L3"}, 2024, []),
        (K.CIVIL_SERVANT, {2023: "L4"}, 2024, []),  # no result for the year asked
        (K.CIVIL_SERVANT, {2022: "L4", 2024: "L4"}, 2024, []),  # post unknown: only the consecutive rule
        (K.CIVIL_SERVANT_NON_LEADER, {2021: "L4", 2024: "L4"}, 2024, []),  # four years apart
        (K.CIVIL_SERVANT_NON_LEADER, {2022: "L4", 2023: "L4", 2024: "L4"}, 2024, [C.TERMINATION]),
        (K.CADRE, {2022: "L4", 2024: "L4"}, 2024, []),
        (K.PARTY_MEMBER, {2022: "L4", 2024: "L4"}, 2024, []),
        (K.PARTY_ORGANISATION, {2023: "L4", 2024: "L4"}, 2024, []),
        (K.CADRE, {2023: "L1", 2024: "L1"}, 2024, []),  # commendation rules are the party's
    ],
)
def test_no_consequence_without_its_conditions(
    kind: PersonKind, history: dict[int, Level], year: int, expected: list[ConsequenceCode]
) -> None:
    assert codes(*consequences(kind, history, year=year)) == expected


def test_party_member_excellent_this_year_may_be_commended() -> None:
    (found,) = consequences(K.PARTY_MEMBER, {2024: "L2", 2025: "L1"}, year=2025)
    assert (found.code, found.years, found.confirmed) == (C.COMMENDATION_YEAR, (2025,), False)
    assert found.source == "21-HD/BTCTW (2019); chưa thấy trong 366/HD 43"
    assert found.text.vi == (
        "Đảng viên xếp loại «Hoàn thành xuất sắc nhiệm vụ» năm 2025: được xem xét khen thưởng của năm."
    )


def test_five_consecutive_excellent_years() -> None:
    history: dict[int, Level] = {y: "L1" for y in range(2021, 2026)}
    year_rule, five = consequences(K.PARTY_ORGANISATION, history, year=2025)
    assert year_rule.code == C.COMMENDATION_YEAR
    assert year_rule.text.en == (
        "Party organisation rated 'excellent completion' in 2025: may be considered for the year's"
        " 'clean and strong — exemplary' recognition."
    )
    assert (five.code, five.years) == (C.COMMENDATION_FIVE_YEARS, (2021, 2022, 2023, 2024, 2025))
    assert five.text.vi == (
        "Tổ chức đảng 5 năm liền (2021–2025) xếp loại «Hoàn thành xuất sắc nhiệm vụ»: được xem xét khen thưởng"
        " 5 năm liền."
    )
    history[2022] = "L2"
    assert codes(*consequences(K.PARTY_ORGANISATION, history, year=2025)) == [C.COMMENDATION_YEAR]


@pytest.mark.parametrize(("year", "confirmed"), [(2024, True), (2025, False), (2026, False)])
def test_state_side_rules_are_unconfirmed_under_the_2025_law(year: int, confirmed: bool) -> None:
    (found,) = consequences(K.CIVIL_SERVANT, {year - 1: "L4", year: "L4"}, year=year)
    assert found.confirmed is confirmed


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ConsequenceError) as caught:
        consequences(K.CADRE, {2024: "L5"}, year=2024)  # type: ignore[dict-item]
    assert (caught.value.code, caught.value.message.vi) == (
        "unknown_level",
        "Mức xếp loại năm 2024 không hợp lệ: «L5».",
    )


histories = st.dictionaries(st.integers(2015, 2030), st.sampled_from(LEVELS), max_size=16)


@given(st.sampled_from(PersonKind), histories, st.integers(2015, 2030))
def test_at_most_one_failure_consequence_and_only_from_this_years_result(
    kind: PersonKind, history: dict[int, Level], year: int
) -> None:
    term = Term(year - 4, year + 1) if kind is K.CIVIL_SERVANT_LEADER else None
    found = consequences(kind, history, year=year, appointment_term=term)
    failures = [c for c in found if c.code not in (C.COMMENDATION_YEAR, C.COMMENDATION_FIVE_YEARS)]
    assert len(failures) <= 1
    for c in found:
        assert c.years[-1] == year
        expected = "L1" if c.code in (C.COMMENDATION_YEAR, C.COMMENDATION_FIVE_YEARS) else "L4"
        assert all(history[y] == expected for y in c.years)
    if history.get(year) not in ("L1", "L4"):
        assert found == ()
