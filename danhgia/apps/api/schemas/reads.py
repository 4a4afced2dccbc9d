"""The reads' parameters and answers: the tree, people, cycles, results, statistics, the national export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from danhgia.apps.api.pagination import DEFAULT_LIMIT
from danhgia.apps.api.schemas.common import NO_CONTROL, Cursor, IsoDate, Limit, Strict

UnitKindCode = Literal["party_committee", "grassroots_committee", "grassroots_cell", "cell", "agency", "mass_org"]
PeriodKindCode = Literal["year", "quarter", "term"]
CycleStateCode = Literal["open", "verification", "decision", "published", "closed"]
SubjectTypeCode = Literal["individual", "collective"]

# --- the tree --------------------------------------------------------------------------------------------


class UnitFilters(Strict):
    on: IsoDate | None = Field(None, description="the tree as of this day (default: today)")
    kind: UnitKindCode | None = None
    within: str | None = Field(
        None, max_length=64, pattern=NO_CONTROL, description="only this unit's subtree (its code)"
    )
    parent: str | None = Field(
        None, max_length=64, pattern=NO_CONTROL, description="only the children of this unit (its code)"
    )
    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class OnDate(Strict):
    on: IsoDate | None = Field(None, description="as of this day (default: today)")


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None = Field(description="the parent's code; null for the token's root")
    depth: int = Field(description="levels below the token's root")
    founded_on: date | None
    dissolved_on: date | None


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


# --- people ----------------------------------------------------------------------------------------------


class PeopleFilters(Strict):
    on: IsoDate | None = Field(None, description="posts in force on this day (default: today)")
    unit: str | None = Field(
        None, max_length=64, pattern=NO_CONTROL, description="only posts in this unit's subtree (its code)"
    )
    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class PostOut(Schema):
    unit: str
    title: str
    role: str
    is_leadership: bool
    valid_from: date
    valid_to: date | None


class PersonOut(Schema):
    id: int
    full_name: str
    personnel_code: str | None
    national_id: str | None = Field(None, description="only with the operation read:people:pid")
    birth_date: date | None = Field(None, description="only with the operation read:people:pid")
    sex: str | None = Field(None, description="only with the operation read:people:pid")
    posts: list[PostOut]


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


# --- cycles and results ----------------------------------------------------------------------------------


class CycleFilters(Strict):
    year: int | None = Field(None, ge=1900, le=2200)
    kind: PeriodKindCode | None = None
    state: CycleStateCode | None = None
    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class CycleOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    quarter: int | None
    term_start: int | None
    state: str
    ruleset: str
    root: str | None = Field(description="the cycle's root unit, when it lies in the token's subtree")
    period_start: date
    period_end: date
    complaints_until: date | None


class CyclePage(Schema):
    items: list[CycleOut]
    next_cursor: str | None


class ResultFilters(Strict):
    unit: str | None = Field(None, max_length=64, pattern=NO_CONTROL, description="only this unit's subtree (its code)")
    subject_type: SubjectTypeCode | None = None
    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class ReasonOut(Schema):
    code: str
    source: str
    detail: str


class ResultOut(Schema):
    id: int
    subject_type: str
    category: str
    person: int | None
    national_id: str | None = Field(None, description="only with the operation read:people:pid")
    unit: str
    status: str = Field(description="classified, exempt, not_classified")
    level: str | None = Field(description="L1…L4 when classified")
    published_at: datetime | None
    under_complaint: bool
    reasons: list[ReasonOut]


class ResultPage(Schema):
    items: list[ResultOut]
    next_cursor: str | None


class StatisticsFilters(Strict):
    unit: str | None = Field(
        None, max_length=64, pattern=NO_CONTROL, description="default: the token's root, else the cycle's"
    )


class LevelCount(Schema):
    count: int
    percent: str | None


class ReasonCount(Schema):
    status: str
    reason: str
    count: int


class FiguresOut(Schema):
    total: int
    exempt: int
    not_classified: int
    needs_decision: int
    pending: int
    classified: int
    levels: dict[str, LevelCount]
    level1_of_level1_and_level2_percent: str | None
    basis: dict[str, int]
    states: dict[str, int]
    reasons: list[ReasonCount]


class KindFigures(Schema):
    kind: str
    figures: FiguresOut


class SubjectFiguresOut(Schema):
    subject: str
    figures: FiguresOut
    rows: list[KindFigures]


class UnitRefOut(Schema):
    code: str
    name: str
    kind: str


class ChildFiguresOut(UnitRefOut):
    subjects: dict[str, FiguresOut]


class StatisticsOut(Schema):
    cycle: int
    unit: UnitRefOut
    as_of_tree: date
    refreshed_at: datetime | None
    basis: str = Field(description="published: a result not yet published counts as pending")
    overall: FiguresOut
    subjects: list[SubjectFiguresOut]
    children: list[ChildFiguresOut]


class ExportFilters(Strict):
    cursor: Cursor = None
    limit: Limit = DEFAULT_LIMIT


class ExportCycleOut(Schema):
    id: int
    name: str
    year: int
    ruleset: str


class ExportOut(Schema):
    format: str
    cycle: ExportCycleOut
    mapping: dict[str, str] = Field(description="target field → source field (docs/api.md §5)")
    items: list[dict[str, Any]]
    next_cursor: str | None
    without_national_id: int = Field(description="published results left out: the person has no national ID")


class OverdueOut(Schema):
    review: int = Field(description="the result's id (its review)")
    national_id: str
    unit: str = Field(description="the code of the unit the person was classified in")
    changed_at: datetime = Field(description="its publication or latest re-classification after a complaint")
    due_at: datetime = Field(description="3 working days after the change (Monday to Friday, Vietnam time)")
    last_sent_version: datetime | None = Field(
        description="the change time of the version last sent, or null when never sent"
    )


class OverduePage(Schema):
    items: list[OverdueOut]
    next_cursor: str | None
