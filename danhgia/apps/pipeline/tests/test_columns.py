"""The columns read straight from the registry equal the document path's, field by field."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Conclusion
from danhgia.apps.pipeline import columns
from danhgia.apps.pipeline.facts import cycle_fact_columns, cycle_shards, document_facts, shard_review_ids
from danhgia.apps.pipeline.tests.test_compute import demo_cycle
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import scenario_for
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services.verification import scope_closure
from danhgia.engine import CompiledRuleset
from danhgia.engine.facts import Facts

pytestmark = pytest.mark.django_db


def assert_same_facts(mine: Facts, theirs: Facts) -> None:
    """Every field equal: arrays with their dtypes, NaN where NaN, discipline tables column by column."""
    for name in theirs.__dataclass_fields__:
        if name == "_cache":
            continue
        a, b = getattr(mine, name), getattr(theirs, name)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype, name
            np.testing.assert_array_equal(a, b, err_msg=name)
        elif name == "conclusions":
            assert list(a) == list(b)
            for key in b:
                assert a[key].dtype == b[key].dtype, key
                np.testing.assert_array_equal(a[key], b[key], err_msg=key)
        elif name in ("discipline", "member_discipline"):
            for field in b.__dataclass_fields__:
                assert getattr(a, field).dtype == getattr(b, field).dtype, f"{name}.{field}"
                np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=f"{name}.{field}")
        else:
            assert a == b, name


def fast_facts(cycle: ReviewCycle, seed: list[int], rules: CompiledRuleset) -> tuple[list[int], Facts]:
    with columns.scope(np.array(seed, np.int64)):
        closure = columns.grow_scope(cycle)
        return closure.tolist(), columns.scope_facts(cycle, rules)


def check(cycle: ReviewCycle, seed: list[int], rules: CompiledRuleset) -> int:
    closure, facts = fast_facts(cycle, seed, rules)
    assert closure == sorted(scope_closure(cycle, set(seed)))
    assert_same_facts(facts, document_facts(scenario_for(cycle, closure), rules))
    return len(closure)


@pytest.mark.parametrize(("ruleset", "seed"), [("qd366-2025", 11), ("qd124-2023", 12), ("nd335-2025", 13)])
def test_the_registry_columns_equal_the_documents_on_the_demo_data(ruleset: str, seed: int) -> None:
    cycle = demo_cycle(ruleset, seed)
    rules = cycle_fact_columns(cycle).rules
    sizes = [check(cycle, shard_review_ids(cycle, shard).tolist(), rules) for shard in cycle_shards(cycle)]
    assert sizes and all(size > 0 for size in sizes)


def test_the_registry_columns_equal_the_documents_from_any_seed() -> None:
    cycle = demo_cycle("qd366-2025", 14)
    rules = cycle_fact_columns(cycle).rules
    reviews = sorted(cycle.reviews.values_list("pk", flat=True))
    for pk in reviews[:: max(1, len(reviews) // 15)]:
        check(cycle, [pk], rules)


def test_answers_that_are_no_object_are_left_to_the_document_path_which_reads_them_as_before() -> None:
    cycle = demo_cycle("qd366-2025", 15)
    odd = Review.objects.filter(cycle=cycle, category="staff").order_by("pk").first()
    assert odd is not None
    update_rows(Review, ("answers",), [[["a list, not an object"], odd.pk]])
    with pytest.raises(columns.Unusual):
        fast_facts(cycle, [odd.pk], cycle_fact_columns(cycle).rules)
    found = cycle_fact_columns(cycle, review_ids=np.array([odd.pk]))
    assert found.facts.size == len(found.review_ids) >= 1
    assert_same_facts(found.facts, document_facts(scenario_for(cycle, found.review_ids.tolist()), found.rules))


def test_a_conclusion_of_an_unknown_kind_fails_as_on_the_document_path() -> None:
    cycle = demo_cycle("qd366-2025", 16)
    review = Review.objects.filter(cycle=cycle, person__isnull=False).order_by("pk").first()
    assert review is not None
    Conclusion.objects.create(person_id=review.person_id, kind="witchcraft", concluded_on=date(2025, 5, 1))
    with pytest.raises(ValidationError) as document:
        document_facts(scenario_for(cycle, sorted(scope_closure(cycle, {review.pk}))), cycle_fact_columns(cycle).rules)
    with pytest.raises(ValidationError) as fast:
        cycle_fact_columns(cycle, review_ids=np.array([review.pk]))
    assert fast.value.messages == document.value.messages
    assert f"R{review.pk}" in fast.value.messages[0]
