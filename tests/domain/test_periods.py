"""Periods: dates, containment, the Q1–Q3 rule, and Vietnamese names both ways."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.periods import (
    Period,
    PeriodError,
    Quarter,
    Term,
    Year,
    engine_period,
    format_period,
    fourth_quarter_span,
    in_period,
    parse_period,
    period_contains,
    period_from_parts,
    period_label,
    term_years,
    year_end_quarters,
)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Year(2025), date(2025, 1, 1), date(2025, 12, 31)),
        (Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (Quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30)),
        (Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
        (Term(2020, 2025), date(2020, 1, 1), date(2025, 12, 31)),
    ],
)
def test_period_dates(period: Period, start: date, end: date) -> None:
    assert (period.start, period.end) == (start, end)


def test_in_period_includes_both_ends_and_nothing_outside() -> None:
    q2 = Quarter(2026, 2)
    assert [in_period(q2, d) for d in (date(2026, 3, 31), date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1))] == [
        False,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (Year(2026), Quarter(2026, 3), True),
        (Year(2026), Quarter(2025, 3), False),
        (Quarter(2026, 1), Year(2026), False),
        (Term(2020, 2025), Year(2020), True),
        (Term(2020, 2025), Year(2026), False),
        (Term(2020, 2025), Quarter(2025, 3), True),
        (Term(2020, 2025), Term(2021, 2025), True),
        (Term(2021, 2025), Term(2020, 2025), False),
        (Year(2025), Year(2025), True),
    ],
)
def test_period_contains(outer: Period, inner: Period, expected: bool) -> None:
    assert period_contains(outer, inner) is expected


def test_year_end_review_draws_on_the_first_three_quarters() -> None:
    assert year_end_quarters(2026) == (Quarter(2026, 1), Quarter(2026, 2), Quarter(2026, 3))
    assert fourth_quarter_span(2026) == (date(2026, 10, 1), date(2026, 12, 31))


def test_term_years_are_every_year_of_the_term() -> None:
    assert term_years(Term(2020, 2025)) == tuple(Year(y) for y in range(2020, 2026))


def test_there_is_no_fourth_quarter_period() -> None:
    with pytest.raises(PeriodError) as caught:
        Quarter(2026, 4)
    assert caught.value.code == "fourth_quarter_folds_into_year"
    assert caught.value.message.vi == (
        "Không có kỳ đánh giá Quý IV/2026: quý IV được gộp vào đánh giá năm 2026"
        " (Kết luận 198-KL/TW, Hướng dẫn 43-HD/BTCTW)."
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: Quarter(2026, 0), "quarter_out_of_range"),
        (lambda: Quarter(2026, 5), "quarter_out_of_range"),
        (lambda: Year(1899), "year_out_of_range"),
        (lambda: Year(2201), "year_out_of_range"),
        (lambda: Term(2025, 2025), "term_not_increasing"),
        (lambda: Term(2025, 2020), "term_not_increasing"),
        (lambda: Term(1800, 2020), "year_out_of_range"),
    ],
)
def test_impossible_periods_are_refused(make: object, code: str) -> None:
    with pytest.raises(PeriodError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        (Year(2025), "Năm 2025", "Year 2025"),
        (Quarter(2026, 1), "Quý I/2026", "Quarter I/2026"),
        (Quarter(2026, 2), "Quý II/2026", "Quarter II/2026"),
        (Quarter(2026, 3), "Quý III/2026", "Quarter III/2026"),
        (Term(2020, 2025), "Nhiệm kỳ 2020–2025", "Term 2020–2025"),
    ],
)
def test_labels_in_vietnamese_and_english(period: Period, vi: str, en: str) -> None:
    assert (format_period(period), period_label(period).en) == (vi, en)
    assert parse_period(vi) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("năm 2025", Year(2025)),
        ("  NĂM   2025 ", Year(2025)),
        ("2025", Year(2025)),
        ("Quý 2/2026", Quarter(2026, 2)),
        ("quý iii / 2026", Quarter(2026, 3)),
        ("Quý I/năm 2026", Quarter(2026, 1)),
        ("Nhiệm kỳ 2020-2025", Term(2020, 2025)),
        ("nhiệm kỳ 2020 — 2025", Term(2020, 2025)),
        # decomposed input (NFD) is normalised before reading
        ("Nhie\u0302\u0323m ky\u0300 2020–2025", Term(2020, 2025)),
    ],
)
def test_parse_is_lenient_about_case_spacing_and_dashes(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["Quý IV/2026", "Quý 4/2026"])
def test_parse_refuses_the_fourth_quarter(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "fourth_quarter_folds_into_year"


@pytest.mark.parametrize("text", ["", "Quý/2026", "Năm hai nghìn", "Tháng 3/2026", "Nhiệm kỳ 2020", "Quý V/2026"])
def test_parse_refuses_text_that_is_no_period(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.code == "period_unreadable"
    assert caught.value.message.en == (
        f"Cannot read the period '{text}'. Write it as 'Năm 2025', 'Quý II/2026' or 'Nhiệm kỳ 2020–2025'."
    )


def test_engine_period_for_a_year_and_a_quarter_but_not_a_term() -> None:
    assert engine_period(Year(2025)) == {"kind": "year", "year": 2025}
    assert engine_period(Quarter(2026, 3)) == {"kind": "quarter", "year": 2026, "quarter": 3}
    with pytest.raises(PeriodError) as caught:
        engine_period(Term(2020, 2025))
    assert caught.value.code == "term_not_classified_by_engine"


periods = st.one_of(
    st.builds(Year, st.integers(1900, 2200)),
    st.builds(Quarter, st.integers(1900, 2200), st.integers(1, 3)),
    st.integers(1900, 2199).flatmap(lambda a: st.builds(Term, st.just(a), st.integers(a + 1, 2200))),
)


@given(periods)
def test_format_then_parse_is_the_identity(period: Period) -> None:
    assert parse_period(format_period(period)) == period


years = st.builds(Year, st.integers(1900, 2200))
quarters = st.builds(Quarter, st.integers(1900, 2200), st.integers(1, 3))
terms = st.integers(1900, 2199).flatmap(lambda a: st.builds(Term, st.just(a), st.integers(a + 1, 2200)))


@given(years, quarters)
def test_a_year_contains_exactly_its_own_quarters(year: Year, quarter: Quarter) -> None:
    assert period_contains(year, quarter) is (quarter.year == year.year)
    assert period_contains(quarter, year) is False


@given(terms, years)
def test_a_term_contains_exactly_its_years(term: Term, year: Year) -> None:
    assert period_contains(term, year) is (year in term_years(term))


@given(periods, st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_a_day_is_in_a_period_exactly_when_it_is_in_its_year_and_between_its_ends(period: Period, day: date) -> None:
    assert in_period(period, day) is (period.start <= day <= period.end)
    if in_period(period, day) and not isinstance(period, Term):
        assert day.year == period.year


@pytest.mark.parametrize(
    ("parts", "period"),
    [
        (("year", 2025, None, None), Year(2025)),
        (("quarter", 2026, 2, None), Quarter(2026, 2)),
        (("term", 2025, None, 2020), Term(2020, 2025)),
    ],
)
def test_period_from_stored_parts(parts: tuple[str, int, int | None, int | None], period: Period) -> None:
    assert period_from_parts(*parts) == period


@pytest.mark.parametrize(
    "parts",
    [("year", 2025, 1, None), ("quarter", 2026, None, None), ("term", 2025, None, None), ("month", 2025, None, None)],
)
def test_period_from_inconsistent_parts_is_refused(parts: tuple[str, int, int | None, int | None]) -> None:
    with pytest.raises(PeriodError) as caught:
        period_from_parts(*parts)
    assert caught.value.code == "period_parts_inconsistent"
