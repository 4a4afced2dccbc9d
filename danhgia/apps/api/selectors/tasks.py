"""The tasks the task systems fed, as the self-review reads them: the current version of each task of a
person in a period, and the same as rows of the Decree 335 products table.

A Decree 335 self-review opened with nothing saved is pre-filled with `products_rows(tasks_for(…), excused)`
(selfservice.forms.products.fed_rows); docs/api.md §4 says how a row is confirmed or corrected.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from danhgia.apps.api.models import ConnectedSystem, TaskRecord
from danhgia.apps.api.periods import Dated, Month
from danhgia.apps.orgs.models import Person
from danhgia.domain.scoring import Product


def tasks_for(*, person: Person | int, period: Dated, system: ConnectedSystem | None = None) -> list[TaskRecord]:
    """The current version of every task fed for `person` in the months of `period` (by any system, or by
    `system` only), ordered by month, kind, system and external id."""
    person_id = person if isinstance(person, int) else person.pk
    records = TaskRecord.objects.filter(
        person_id=person_id, is_current=True, month__gte=Month.of(period.start).start, month__lte=period.end
    )
    if system is not None:
        records = records.filter(system=system)
    return list(records.select_related("system").order_by("month", "kind", "system__code", "external_id"))


def products_rows(records: Iterable[TaskRecord], excused: set[tuple[int, str]] | None = None) -> list[dict[str, Any]]:
    """One products-table row per kind of product (same kind, name, coefficient and objective cause): the
    quantities summed, the failed checks and delays of every task listed together, `source` the fed task
    versions it was made from. The shape of `Review.answers["products_table"]`
    (selfservice.forms.products.ProductRowForm.saved).

    A task's objective cause lifts its deductions only when a claim on it was approved (`excused`:
    services.claims.excused); the feed's own `objective_cause` is what the task system reported, not a decision.
    """
    excused = excused or set()
    rows: dict[tuple[str, str, Decimal, bool], dict[str, Any]] = {}
    for record in records:
        cause = (record.system_id, record.external_id) in excused
        key = (record.kind, record.name, record.coefficient, cause)
        row = rows.setdefault(
            key,
            {
                "name": record.name,
                "quantity": 0,
                "coefficient": str(record.coefficient),
                "completed": 0,
                "exceeded": 0,
                "quality_failures": [],
                "delays": [],
                "objective_cause": cause,
                "source": [],
            },
        )
        row["quantity"] += record.quantity
        row["completed"] += record.completed
        row["exceeded"] += record.exceeded
        row["quality_failures"] += list(record.quality_failures)
        row["delays"] += list(record.delays)
        row["source"].append(record.pk)
    return list(rows.values())


def products_of(rows: Iterable[dict[str, Any]]) -> list[Product]:
    """The domain's products from table rows (what the self-review scores with `task_result`)."""
    return [
        Product(
            code=str(i),
            name=row["name"],
            quantity=row["quantity"],
            coefficient=Decimal(row["coefficient"]),
            completed=row["completed"],
            exceeded=row["exceeded"] or 0,
            quality_failures=tuple(row["quality_failures"]),
            delays=tuple(row["delays"]),
            objective_cause=row["objective_cause"],
        )
        for i, row in enumerate(rows, start=1)
    ]
