"""Decree 335 task results from products (docs/regulations/frameworks.md §2.2–2.3) and the worked example of §2.5."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.scoring import (
    Answer,
    LeaderFactors,
    Product,
    ProductError,
    Rounding,
    TaskCounts,
    default_template,
    engine_input,
    percent,
    score_template,
    staff_all_completed,
    task_result,
    year_score,
)

D = Decimal

# docs/regulations/frameworks.md §2.5: civil servant, non-leader, March 2026.
MARCH = [
    Product("P1", "báo cáo chuyên đề", quantity=4, coefficient=D("1.5"), completed=4, quality_failures=(1,)),
    Product("P2", "hồ sơ thủ tục", quantity=10, coefficient=D("0.5"), completed=9, delays=(1, 1)),
    Product(
        "P3", "dự thảo quyết định", quantity=1, coefficient=D("3.0"), completed=1, quality_failures=(2,), delays=(1,)
    ),
]
MARCH_GENERAL = {
    "II.1": Answer(points=D("2.5")),
    "II.2": Answer(points=D("2.5")),
    "II.3": Answer(points=D("2.0")),
    "II.4": Answer(points=D("2.5")),
    # III.1 keeps its default (not met, 0); the others are evidenced
    "III.2": Answer(points=D("2.5"), evidence=("quyết định giao nhiệm vụ số 12",)),
    "III.3": Answer(points=D("2.5"), evidence=("biên bản rút kinh nghiệm",)),
    "III.4": Answer(points=D("2.0"), evidence=("tờ trình số 7",)),
}


def test_worked_example_ratios_over_assigned_units() -> None:
    result = task_result(MARCH)
    assert result.assigned_units == 14
    assert result.completed_units == Fraction(27, 2)  # 6.0 + 4.5 + 3.0
    assert result.quality_units == Fraction(93, 8)  # 5.625 + 4.5 + 1.5 = 11.625
    assert result.progress_units == Fraction(25, 2)  # 6.0 + 4.25 + 2.25
    assert [percent(r) for r in (result.a, result.b, result.c)] == [D("96.43"), D("83.04"), D("89.29")]


def test_worked_example_task_score_and_month_total() -> None:
    result = task_result(MARCH)
    assert result.exact_points == Fraction(1505, 24)  # 62.708333…
    assert result.points == D("62.71")
    breakdown = score_template(default_template("nd335-2025", "staff"), MARCH_GENERAL, {"B": result.points})
    assert [g.points for g in breakdown.groups] == [D("10"), D("9.5"), D("7.0"), D("62.71")]
    assert (breakdown.general, breakdown.tasks, breakdown.total) == (D("26.5"), D("62.71"), D("89.21"))


def test_worked_example_engine_fields() -> None:
    result = task_result(MARCH)
    breakdown = score_template(default_template("nd335-2025", "staff"), MARCH_GENERAL, {"B": result.points})
    assert result.counts == TaskCounts(assigned=15, completed=14, on_time=11, exceeded=0)
    assert engine_input(breakdown, tasks=result.counts).fields() == {
        "score": 89.21,
        "tasks": {
            "assigned": 15,
            "completed": 14,
            "on_time": 11,
            "exceeded": 0,
            "key_missed": 0,
            "force_majeure": False,
        },
    }


def test_worked_example_leader_with_one_civil_servant_below_fifty() -> None:
    # a = 95 %, b = 90 %, c = 85 % over own and directed products
    products = [
        Product(
            "L", "sản phẩm", quantity=20, coefficient=D(1), completed=19, quality_failures=(2, 2), delays=(2, 2, 2, 2)
        )
    ]
    leader = LeaderFactors(
        staff_all_completed=staff_all_completed([D("72"), D("49.5"), D("91")]), tasks_on_plan=True, united=True
    )
    result = task_result(products, leader=leader)
    assert result.ratios() == {
        "a": Fraction(95, 100),
        "b": Fraction(90, 100),
        "c": Fraction(85, 100),
        "d": Fraction(1, 2),
        "đ": Fraction(1),
        "e": Fraction(1),
    }
    assert result.points == D("60.67")
    assert result.points + D("27.0") == D("87.67")


def test_worked_example_year_is_the_mean_of_the_periods_worked() -> None:
    assert year_score([D("88.9"), D("91.2"), D("90.4"), D("92.1")]) == D("90.65")
    # two months of sick leave: the mean runs over the ten months worked (Art. 21)
    months = [D("90"), None, None, *[D("91")] * 9]
    assert year_score(months) == D("90.90")


def test_year_needs_at_least_one_period_worked() -> None:
    with pytest.raises(ProductError) as caught:
        year_score([None, None])
    assert caught.value.code == "no_period_worked"


@pytest.mark.parametrize(
    ("failures", "share"), [((1,), "0.75"), ((2,), "0.5"), ((3,), "0.25"), ((4,), "0"), ((9,), "0")]
)
def test_each_failed_check_takes_a_quarter_and_the_deductions_stop_at_zero(
    failures: tuple[int, ...], share: str
) -> None:
    result = task_result([Product("P", "x", quantity=1, coefficient=D(2), completed=1, quality_failures=failures)])
    assert result.b == Fraction(D(share))
    assert set(result.ratios()) == {"a", "b", "c"}


def test_a_confirmed_objective_cause_lifts_both_deductions() -> None:
    excused = task_result(
        [
            Product(
                "P",
                "x",
                quantity=2,
                coefficient=D(1),
                completed=2,
                quality_failures=(3,),
                delays=(2,),
                objective_cause=True,
            )
        ]
    )
    assert (excused.a, excused.b, excused.c, excused.points) == (Fraction(1), Fraction(1), Fraction(1), D("70.00"))
    # the delay still happened: the engine's on-time count keeps it
    assert excused.counts == TaskCounts(assigned=2, completed=2, on_time=1, exceeded=0)


def test_unfinished_work_counts_against_every_ratio() -> None:
    # half the work undone: quality and progress read 50 %, not 100 % (docs/regulations/frameworks.md §4)
    result = task_result([Product("P", "x", quantity=10, coefficient=D(1), completed=5)])
    assert (result.a, result.b, result.c, result.points) == (Fraction(1, 2), Fraction(1, 2), Fraction(1, 2), D("35.00"))


def test_rounding_is_a_parameter() -> None:
    assert task_result(MARCH, rounding=Rounding(places=2, mode=ROUND_DOWN)).points == D("62.70")
    assert task_result(MARCH, rounding=Rounding(places=0)).points == D("63")


@pytest.mark.parametrize(
    ("kwargs", "en"),
    [
        (
            {"quantity": 2, "completed": 3},
            "Product «P» x: needs 1 ≤ assigned and 0 ≤ exceeded ≤ completed ≤ assigned (assigned 2, completed 3,"
            " exceeded 0).",
        ),
        (
            {"quantity": 0, "completed": 0},
            "Product «P» x: needs 1 ≤ assigned and 0 ≤ exceeded ≤ completed ≤ assigned (assigned 0, completed 0,"
            " exceeded 0).",
        ),
        (
            {"quantity": 2, "completed": 1, "exceeded": 2},
            "Product «P» x: needs 1 ≤ assigned and 0 ≤ exceeded ≤ completed ≤ assigned (assigned 2, completed 1,"
            " exceeded 2).",
        ),
        (
            {"quantity": 2, "completed": 2, "coefficient": D(0)},
            "Product «P» x: the conversion coefficient must be above 0, got 0.",
        ),
        (
            {"quantity": 2, "completed": 1, "quality_failures": (1, 1)},
            "Product «P» x: failed quality checks are counted per completed unit, each ≥ 1, at most 1 of them.",
        ),
        (
            {"quantity": 2, "completed": 2, "delays": (0,)},
            "Product «P» x: delays are counted per completed unit, each ≥ 1, at most 2 of them.",
        ),
    ],
)
def test_impossible_products_are_refused_by_name(kwargs: dict[str, object], en: str) -> None:
    fields: dict[str, object] = {"code": "P", "name": "x", "coefficient": D(1), **kwargs}
    with pytest.raises(ProductError) as caught:
        Product(**fields)  # type: ignore[arg-type]
    assert (caught.value.code, caught.value.message.en) == ("invalid_product", en)


def test_no_products_no_score() -> None:
    with pytest.raises(ProductError) as caught:
        task_result([])
    assert caught.value.message.vi == "Chưa có sản phẩm nào được giao trong kỳ."


@st.composite
def products(draw: st.DrawFn) -> Product:
    quantity = draw(st.integers(1, 12))
    completed = draw(st.integers(0, quantity))
    return Product(
        code="P",
        name="x",
        quantity=quantity,
        coefficient=draw(st.decimals(D("0.1"), D("5"), places=1)),
        completed=completed,
        quality_failures=tuple(draw(st.lists(st.integers(1, 5), max_size=completed))),
        delays=tuple(draw(st.lists(st.integers(1, 5), max_size=completed))),
        objective_cause=draw(st.booleans()),
    )


leaders = st.none() | st.builds(LeaderFactors, st.booleans(), st.booleans(), st.booleans())


@given(st.lists(products(), min_size=1, max_size=6), leaders)
def test_ratios_and_points_stay_in_range(items: list[Product], leader: LeaderFactors | None) -> None:
    result = task_result(items, leader=leader)
    assert 0 <= result.b <= result.a <= 1 and 0 <= result.c <= result.a
    assert 0 <= result.points <= 70
    assert result.counts.on_time <= result.counts.completed <= result.counts.assigned


@given(st.lists(products(), min_size=1, max_size=6), leaders, st.data())
def test_more_work_or_fewer_failures_never_lowers_the_score(
    items: list[Product], leader: LeaderFactors | None, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(items) - 1))
    p = items[i]
    better = Product(
        p.code,
        p.name,
        p.quantity,
        p.coefficient,
        completed=min(p.quantity, p.completed + data.draw(st.integers(0, 2))),
        quality_failures=p.quality_failures[1:],
        delays=tuple(max(1, n - 1) for n in p.delays),
        objective_cause=p.objective_cause or data.draw(st.booleans()),
    )
    improved = [*items[:i], better, *items[i + 1 :]]
    assert task_result(improved, leader=leader).exact_points >= task_result(items, leader=leader).exact_points
