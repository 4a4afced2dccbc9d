"""The products table of a Decree 335 self-review (Art. 13–16): one row per kind of product, a formset.

Each row gives the product's name, the quantity assigned, the agency's conversion coefficient (1 when left
blank), how many were completed and of those exceeded the requirement, the failed quality checks and the
delays (one count per affected unit, comma-separated: "1, 2"), and whether the competent level confirmed an
objective cause. A row left blank is ignored (the coefficient alone does not fill a row). A draft keeps a
half-filled row as it was typed; submission (`strict=True`) needs the name, the quantity and the completed
count of every row, and at least one row. Contradictions are refused either way, each error naming its row
("Dòng 2: …"); what the form cannot tell is left to the domain's `Product`, whose `ProductError` is shown in
the active language.

The rows are saved as `Review.answers["products_table"]` (`rows_of`) and come back as the data a browser
would post (`formset_data`), so a saved draft re-opens exactly as it was left.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext, pgettext_lazy

from danhgia.apps.api.models import TaskRecord
from danhgia.apps.api.periods import Span
from danhgia.apps.api.selectors.tasks import products_rows, tasks_for
from danhgia.apps.api.services.claims import excused
from danhgia.apps.selfservice.criteria import text
from danhgia.apps.selfservice.forms.fields import COUNT_ERRORS
from danhgia.domain.scoring import Product, ProductError, TaskResult, percent

PREFIX = "products"
EXTRA_ROWS = 2  # blank rows offered below the filled ones
MAX_ROWS = 100
COUNT_LIST = re.compile(r"^\s*\d+(\s*[,;]\s*\d+)*\s*$")
FILLED = ("name", "quantity", "completed", "exceeded", "quality_failures", "delays")
COMPARED = ("name", "quantity", "coefficient", "completed", "exceeded", "quality_failures", "delays")


def _count(label: Any, minimum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=minimum,
        max_value=100_000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": minimum}),
    )


class CountsField(forms.CharField):
    """Whole numbers ≥ 1 separated by commas ("1, 2") → (1, 2); blank → ()."""

    def __init__(self, label: Any) -> None:
        super().__init__(label=label, required=False, max_length=500)

    def to_python(self, value: Any) -> tuple[int, ...]:  # type: ignore[override]
        raw = str(super().to_python(value)).strip()
        if not raw:
            return ()
        if not COUNT_LIST.match(raw):
            raise ValidationError(
                pgettext_lazy("selfservice", "Enter whole numbers separated by commas, e.g. 1, 2."), code="invalid"
            )
        counts = tuple(int(part) for part in re.split(r"[,;]", raw))
        if any(count < 1 for count in counts):
            raise ValidationError(pgettext_lazy("selfservice", "Each count must be at least 1."), code="min_value")
        return counts

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(str(count) for count in value) if isinstance(value, list | tuple) else value


class ProductRowForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("selfservice", "Product"), required=False, max_length=255)
    quantity = _count(pgettext_lazy("selfservice", "Quantity assigned"), 1)
    coefficient = forms.DecimalField(
        label=pgettext_lazy("selfservice", "Conversion coefficient"),
        required=False,
        initial=Decimal(1),
        max_digits=7,
        decimal_places=3,
        error_messages={
            "invalid": pgettext_lazy("selfservice", "Enter a number."),
            "max_decimal_places": pgettext_lazy("selfservice", "At most three decimal places."),
            "max_digits": pgettext_lazy("selfservice", "Too large a number."),
            "max_whole_digits": pgettext_lazy("selfservice", "Too large a number."),
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    completed = _count(pgettext_lazy("selfservice", "Completed"), 0)
    exceeded = _count(pgettext_lazy("selfservice", "Of which beyond the requirement"), 0)
    quality_failures = CountsField(pgettext_lazy("selfservice", "Failed quality checks"))
    delays = CountsField(pgettext_lazy("selfservice", "Delays"))
    correction = forms.CharField(
        label=pgettext_lazy("selfservice", "Reason for correcting the fed figures"), required=False, max_length=1000
    )
    source = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, row: int, strict: bool = False, person_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row, self.strict, self.person_id = row, strict, person_id
        self.product: Product | None = None
        self.fed: dict[str, Any] | None = None  # the row as the task feed gives it (source rows only)
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = self._named(str(field.label))
            field.widget.attrs["aria-describedby"] = f"err-{self.add_prefix(name)}"

    def _named(self, message: str) -> str:
        return pgettext("selfservice", "Row %(row)s: %(message)s") % {"row": self.row, "message": message}

    def add_error(self, field: str | None, error: Any) -> None:
        """Every error of the row names the row: "Dòng 2: Không được lớn hơn số lượng được giao."."""
        error = error if isinstance(error, ValidationError) else ValidationError(error)
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {name: [self._named(m) for m in ValidationError(e).messages] for name, e in error.error_dict.items()}
            )
        else:
            error = ValidationError([self._named(message) for message in error.messages])
        super().add_error(field, error)

    def has_changed(self) -> bool:
        """Whether anything but the coefficient (prefilled with 1) was entered: a blank row is ignored."""
        return any(self[name].data not in (None, "", False) for name in FILLED)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.strict:
            for name in ("name", "quantity", "completed"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, pgettext("selfservice", "Fill this in before submitting."))
        quantity, completed, exceeded = data.get("quantity"), data.get("completed"), data.get("exceeded")
        if quantity is not None and completed is not None and completed > quantity:
            self.add_error("completed", pgettext("selfservice", "Cannot be more than the quantity assigned."))
        if completed is not None and exceeded is not None and exceeded > completed:
            self.add_error("exceeded", pgettext("selfservice", "Cannot be more than the quantity completed."))
        self._check_source(data)
        if not self.errors and quantity is not None and completed is not None:
            try:
                self.product = Product(
                    code=str(self.row),
                    name=data.get("name") or "",
                    quantity=quantity,
                    coefficient=_coefficient(data.get("coefficient")),
                    completed=completed,
                    exceeded=exceeded or 0,
                    quality_failures=data.get("quality_failures") or (),
                    delays=data.get("delays") or (),
                    objective_cause=self.objective_cause,
                )
            except ProductError as error:
                self.add_error(None, text(error.message))
        return data

    @property
    def objective_cause(self) -> bool:
        """Only an approved claim on the fed tasks of the row lifts its deductions (never a box ticked here)."""
        return bool(self.fed and self.fed["objective_cause"])

    def _check_source(self, data: dict[str, Any]) -> None:
        """A row pre-filled from the task feed: its tasks must still be the person's current ones, and figures
        that differ from the feed's need a reason (the verifier reads it)."""
        raw = (data.get("source") or "").strip()
        if not raw:
            return
        ids = [int(part) for part in re.split(r"[,;\s]+", raw) if part.isdigit()]
        records, fed = [], []
        if self.person_id is not None:
            records = list(TaskRecord.objects.filter(pk__in=ids, person_id=self.person_id, is_current=True))
            fed = products_rows(records, excused(self.person_id))
        if not ids or len(records) != len(set(ids)) or len(fed) != 1:
            self.add_error(
                None,
                pgettext("selfservice", "The task system has updated these tasks: reload the page to see them."),
            )
            return
        self.fed = fed[0]
        if self.differs(data) and not (data.get("correction") or "").strip():
            self.add_error(
                "correction",
                pgettext("selfservice", "These figures differ from the task system's: give the reason."),
            )

    def differs(self, data: dict[str, Any]) -> bool:
        if self.fed is None:
            return False
        entered = {
            "name": data.get("name") or "",
            "quantity": data.get("quantity"),
            "coefficient": _coefficient(data.get("coefficient")),
            "completed": data.get("completed"),
            "exceeded": data.get("exceeded") or 0,
            "quality_failures": sorted(data.get("quality_failures") or ()),
            "delays": sorted(data.get("delays") or ()),
        }
        fed = dict(self.fed) | {
            "coefficient": Decimal(self.fed["coefficient"]),
            "quality_failures": sorted(self.fed["quality_failures"]),
            "delays": sorted(self.fed["delays"]),
        }
        return any(entered[name] != fed[name] for name in COMPARED)

    def saved(self) -> dict[str, Any]:
        """The row as stored in `answers["products_table"]` (blanks as None, counts as lists)."""
        data = self.cleaned_data
        return {
            "name": data.get("name") or "",
            "quantity": data.get("quantity"),
            "coefficient": str(_coefficient(data.get("coefficient"))),
            "completed": data.get("completed"),
            "exceeded": data.get("exceeded"),
            "quality_failures": list(data.get("quality_failures") or ()),
            "delays": list(data.get("delays") or ()),
            "objective_cause": self.objective_cause,
            "source": list(self.fed["source"]) if self.fed is not None else [],
            "correction": (data.get("correction") or "").strip() if self.differs(data) else "",
        }


def _coefficient(value: Decimal | None) -> Decimal:
    return Decimal(1) if value is None else value


class BaseProductFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, strict: bool = False, person_id: int | None = None, **kwargs: Any) -> None:
        self.strict, self.person_id = strict, person_id
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"row": 0 if index is None else index + 1, "strict": self.strict, "person_id": self.person_id}

    def filled(self) -> list[ProductRowForm]:
        return [form for form in self.forms if form.has_changed()]

    def clean(self) -> None:
        if any(self.errors):
            return
        if self.strict and not self.filled():
            raise ValidationError(pgettext("selfservice", "List at least one product before submitting."))

    def products(self) -> list[Product] | None:
        """The products of a valid table, or None while a row is incomplete (a draft) or there is none."""
        rows = self.filled()
        products = [form.product for form in rows]
        if not products or any(product is None for product in products):
            return None
        return [product for product in products if product is not None]

    def rows(self) -> list[dict[str, Any]]:
        return [form.saved() for form in self.filled()]


ProductFormSet = cast(
    type[BaseProductFormSet],
    forms.formset_factory(
        ProductRowForm,
        formset=BaseProductFormSet,
        extra=EXTRA_ROWS,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    ),
)


def product_formset(
    data: Mapping[str, Any] | None, *, strict: bool, person_id: int | None = None
) -> BaseProductFormSet:
    """The table bound to posted data (a post without the table counts as no rows), or an empty one."""
    if data is not None and f"{PREFIX}-TOTAL_FORMS" not in data:
        data = {key: data[key] for key in data} | formset_data([], 0)
    return ProductFormSet(data, prefix=PREFIX, strict=strict, person_id=person_id)


def fed_rows(person_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """The rows the task feed gives for the person's period (current versions; approved claims applied)."""
    records = tasks_for(person=person_id, period=Span(start, end))
    return products_rows(records, excused(person_id))


def formset_data(rows: list[Mapping[str, Any]], total: int) -> dict[str, Any]:
    """Saved rows as a browser would post them, in a table of `total` rows (at least the saved ones)."""
    total = min(max(total, len(rows)), MAX_ROWS)
    data: dict[str, Any] = {
        f"{PREFIX}-TOTAL_FORMS": str(total),
        f"{PREFIX}-INITIAL_FORMS": "0",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if isinstance(value, list):
                value = ", ".join(str(count) for count in value)
            elif value is True:
                value = "on"
            if value not in (None, "", False):
                data[f"{PREFIX}-{index}-{name}"] = value
    for index in range(len(rows), total):
        data[f"{PREFIX}-{index}-coefficient"] = "1"
    return data


def result_view(result: TaskResult, maximum: Decimal) -> dict[str, Any]:
    """What the page shows beside the table: each ratio as a percentage, the points and the derived counts."""
    labels = {
        "a": pgettext("selfservice", "quantity: completed ÷ assigned"),
        "b": pgettext("selfservice", "quality: completed to the required quality ÷ assigned"),
        "c": pgettext("selfservice", "progress: completed on time or early ÷ assigned"),
        "d": pgettext("selfservice", "the civil servants in charge"),
        "đ": pgettext("selfservice", "the unit's planned tasks"),
        "e": pgettext("selfservice", "the unit's unity"),
    }
    return {
        "ratios": [(letter, labels[letter], percent(ratio)) for letter, ratio in result.ratios().items()],
        "points": result.points,
        "maximum": maximum,
        "counts": result.counts,
    }
