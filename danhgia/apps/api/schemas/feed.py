"""The task feed's body, read row by row so that one call reports every bad row, and its answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils.translation import pgettext
from ninja import Schema
from pydantic import Field, TypeAdapter, ValidationError, ValidationInfo, field_validator, model_validator

from danhgia.apps.api.errors import FieldError, text, validation_errors
from danhgia.apps.api.periods import Month
from danhgia.apps.api.schemas.common import NO_CONTROL, Strict, refuse
from danhgia.apps.api.services.feed import MAX_ROWS, PersonRef, TaskInput
from danhgia.apps.orgs.services import nfc
from danhgia.domain.scoring import Product, ProductError

# --- the task feed ---------------------------------------------------------------------------------------


class PersonRefIn(Strict):
    """Exactly one of the three."""

    id: int | None = Field(None, ge=1, le=2**62)
    personnel_code: str | None = Field(None, min_length=1, max_length=32, pattern=NO_CONTROL)
    national_id: str | None = Field(None, min_length=1, max_length=20, pattern=NO_CONTROL)

    @model_validator(mode="after")
    def exactly_one(self) -> PersonRefIn:
        given = [v for v in (self.id, self.personnel_code, self.national_id) if v is not None]
        if len(given) != 1:
            raise refuse("person_reference", pgettext("api", "Give exactly one of id, personnel_code, national_id."))
        return self


Count = Annotated[int, Field(ge=1, le=100)]


class TaskIn(Strict):
    """One version of a task: a kind of product assigned to a person in a month (Decree 335 Art. 13–14)."""

    external_id: str = Field(min_length=1, max_length=128, pattern=NO_CONTROL, description="the task system's id")
    version: int = Field(ge=1, le=2_000_000_000, description="a higher version supersedes a lower one")
    person: PersonRefIn
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-03"], description="the month")
    kind: str = Field(min_length=1, max_length=64, pattern=NO_CONTROL, description="catalogue code of the product")
    name: str = Field(min_length=1, max_length=255, pattern=NO_CONTROL)
    quantity: int = Field(ge=1, le=100_000, description="units assigned")
    coefficient: Decimal = Field(Decimal(1), gt=0, max_digits=7, decimal_places=3, description="conversion (Art. 13)")
    completed: int = Field(ge=0, le=100_000, description="units completed, at most the quantity")
    exceeded: int = Field(0, ge=0, le=100_000, description="completed units beyond the requirement")
    due_on: date | None = None
    completed_on: date | None = Field(None, description="when the last unit was completed")
    quality_failures: list[Count] = Field(
        default_factory=list, max_length=100_000, description="failed quality checks, one count per affected unit"
    )
    delays: list[Count] = Field(default_factory=list, max_length=100_000, description="one count per delayed unit")
    objective_cause: bool = Field(False, description="the competent level confirmed an objective cause")

    @field_validator("period")
    @classmethod
    def known_month(cls, value: str) -> str:
        if Month.parse(value) is None:
            raise refuse("period_out_of_range", pgettext("api", "The month must lie in the years 2000–2200."))
        return value

    @field_validator("completed")
    @classmethod
    def completed_within_quantity(cls, value: int, info: ValidationInfo) -> int:
        quantity = info.data.get("quantity")
        if quantity is not None and value > quantity:
            raise refuse("completed_over_quantity", pgettext("api", "Cannot be more than the quantity assigned."))
        return value

    @field_validator("exceeded")
    @classmethod
    def exceeded_within_completed(cls, value: int, info: ValidationInfo) -> int:
        completed = info.data.get("completed")
        if completed is not None and value > completed:
            raise refuse("exceeded_over_completed", pgettext("api", "Cannot be more than the quantity completed."))
        return value

    @field_validator("completed_on")
    @classmethod
    def completed_on_needs_completion(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and info.data.get("completed") == 0:
            raise refuse("completed_on_without_completion", pgettext("api", "Nothing was completed."))
        return value

    @field_validator("quality_failures", "delays")
    @classmethod
    def one_count_per_completed_unit(cls, value: list[int], info: ValidationInfo) -> list[int]:
        completed = info.data.get("completed")
        if completed is not None and len(value) > completed:
            raise refuse(
                "more_counts_than_completed",
                pgettext("api", "At most one count per completed unit (%(completed)d).") % {"completed": completed},
            )
        return value

    @model_validator(mode="after")
    def a_product(self) -> TaskIn:
        """The domain's own check of a product (the same one the self-review's table makes)."""
        try:
            Product(
                code=self.external_id,
                name=self.name,
                quantity=self.quantity,
                coefficient=self.coefficient,
                completed=self.completed,
                exceeded=self.exceeded,
                quality_failures=tuple(self.quality_failures),
                delays=tuple(self.delays),
                objective_cause=self.objective_cause,
            )
        except ProductError as error:
            raise refuse("invalid_product", text(error.message)) from None
        return self

    def as_input(self) -> TaskInput:
        month = Month.parse(self.period)
        assert month is not None  # validated
        return TaskInput(
            external_id=self.external_id,
            version=self.version,
            person=PersonRef(self.person.id, self.person.personnel_code, self.person.national_id),
            month=month,
            kind=self.kind.strip(),
            name=nfc(self.name),
            quantity=self.quantity,
            coefficient=self.coefficient,
            completed=self.completed,
            exceeded=self.exceeded,
            due_on=self.due_on,
            completed_on=self.completed_on,
            quality_failures=tuple(self.quality_failures),
            delays=tuple(self.delays),
            objective_cause=self.objective_cause,
        )


class TaskFeedIn(Strict):
    """The feed's body (the OpenAPI document shows it; `feed_rows` reads it row by row)."""

    tasks: list[TaskIn] = Field(min_length=1, max_length=MAX_ROWS)


class _FeedEnvelope(Strict):
    tasks: list[Any] = Field(min_length=1, max_length=MAX_ROWS)


_TASKS = TypeAdapter(list[TaskIn])


def feed_rows(data: Any) -> tuple[list[TaskInput | None], list[FieldError]]:
    """The body's rows, each validated on its own so one call reports every bad row: the valid ones as
    TaskInput, None for the others, and the errors with their paths (body.tasks[3].quantity)."""
    try:
        envelope = _FeedEnvelope.model_validate(data)
    except ValidationError as error:
        return [], _errors(error.errors(), ("body",))
    try:  # the whole list in one pass; row by row only to tell the bad rows from the good ones
        return [task.as_input() for task in _TASKS.validate_python(envelope.tasks)], []
    except ValidationError:
        pass
    rows: list[TaskInput | None] = []
    errors: list[FieldError] = []
    for i, raw in enumerate(envelope.tasks):
        try:
            rows.append(TaskIn.model_validate(raw).as_input())
        except ValidationError as error:
            rows.append(None)
            errors += _errors(error.errors(), ("body", "tasks", i))
    return rows, errors


def _errors(raw: list[Any], prefix: tuple[str | int, ...]) -> list[FieldError]:
    return validation_errors([{**error, "loc": (*prefix, *error["loc"])} for error in raw])


class TaskOutcomeOut(Schema):
    index: int = Field(description="the row's position in `tasks`")
    external_id: str
    version: int
    id: int
    outcome: Literal["created", "unchanged"]
    is_current: bool


class TaskFeedOut(Schema):
    created: int
    unchanged: int
    superseded: int
    results: list[TaskOutcomeOut]


class TaskFilters(Strict):
    person: int = Field(ge=1, le=2**62, description="danhgia's person id")
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-03"], description="the month")


class TaskOut(Schema):
    id: int
    external_id: str
    version: int
    person: int
    period: str
    kind: str
    name: str
    quantity: int
    coefficient: Decimal
    completed: int
    exceeded: int
    due_on: date | None
    completed_on: date | None
    quality_failures: list[int]
    delays: list[int]
    objective_cause: bool = Field(description="what the task system reported")
    objective_cause_approved: bool = Field(
        description="the head of the unit approved a claim of an objective cause in danhgia: only this lifts the"
        " 25 % deductions of the task's delays and failed checks"
    )
    recorded_at: datetime


class TaskList(Schema):
    items: list[TaskOut]
