"""The registry import: read, validate everything, then write everything in one transaction — or nothing.

    registry_import(file=path_or_upload, actor=user) -> ImportResult

Order: the actor may import something at all; the file is read within the limits (limits.py); the sheets
are recognised and the actor must hold the permissions of every kind they hold (permissions.py); then the
rows are parsed and checked. Writing: units (the tree, through orgs.services), people (bulk), then the
sheets that refer to them. A file that has any problem writes nothing and returns its problems (the first
`limits.problems`, then `truncated`); a failure during the write phase rolls the whole import back.
Re-importing a file changes nothing (upsert by natural key).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from danhgia.apps.audit.services import REGISTRY_CHAIN, audit_record
from danhgia.apps.spreadsheets.dependents import KIND_SHAPES, dependents_check, dependents_write
from danhgia.apps.spreadsheets.limits import LIMITS, ImportLimits
from danhgia.apps.spreadsheets.lookups import lookups_load
from danhgia.apps.spreadsheets.people import people_check, people_write
from danhgia.apps.spreadsheets.permissions import may_import_some_kind, nothing_allowed_reason, permission_problems
from danhgia.apps.spreadsheets.reader import ImportFile, file_bytes, file_name, read_sheets
from danhgia.apps.spreadsheets.records import (
    ImportResult,
    KindCounts,
    ParsedSheet,
    Problem,
    ReadError,
    Record,
    WriteProblem,
)
from danhgia.apps.spreadsheets.report import problems_workbook
from danhgia.apps.spreadsheets.templates_spec import KINDS
from danhgia.apps.spreadsheets.units import units_check, units_write
from danhgia.apps.spreadsheets.validate import SheetPlan, parse_sheets, recognise_sheets

REPORT_DIR = "import-reports"


def registry_import(
    *, file: ImportFile, actor: Any = None, kind: str | None = None, limits: ImportLimits = LIMITS
) -> ImportResult:
    """Import a workbook or CSV file of registry data. `kind` forces the kind of every sheet (e.g. a CSV
    file whose header row is not a template's). `actor` is the user importing (None: the command line)."""
    name = file_name(file)
    with translation.override("vi"):
        try:
            data, plans, problems = _admitted(file=file, name=name, actor=actor, kind=kind, limits=limits)
        except Refused as refusal:
            return ImportResult(problems=refusal.problems)
        sheets, row_problems = parse_sheets(plans, limit=limits.problems - len(problems))
        problems += row_problems
        if len(problems) > limits.problems:
            return ImportResult(problems=_in_sheet_order(problems, sheets)[: limits.problems], truncated=True)
        records = _records_by_kind(sheets)
        found = lookups_load(sheets)
        unit_problems, unit_steps = units_check(records["units"], found)
        people_problems, people_plan = people_check(records["people"], found)
        problems += unit_problems + people_problems
        for dependent in KIND_SHAPES:
            problems += dependents_check(dependent, records[dependent], found)
        if problems:
            ordered = _in_sheet_order(problems, sheets)
            return ImportResult(problems=ordered[: limits.problems], truncated=len(ordered) > limits.problems)
        try:
            with transaction.atomic():
                counts = {"units": units_write(unit_steps, found), "people": people_write(people_plan, found)}
                for dependent, shapes in KIND_SHAPES.items():
                    for shape in shapes:
                        counts[shape] = dependents_write(shape, records[dependent], found)
                if any(tally.created or tally.updated for tally in counts.values()):
                    _audit(actor=actor, name=name, data=data, counts=counts)
        except WriteProblem as error:
            return ImportResult(problems=[error.problem])
    return ImportResult(counts={kind: tally for kind, tally in counts.items() if tally.total})


class Refused(Exception):
    """The import stops before any row is parsed: the actor may not, or the file cannot be read."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].reason)
        self.problems = problems


def _admitted(
    *, file: ImportFile, name: str, actor: Any, kind: str | None, limits: ImportLimits
) -> tuple[bytes, list[SheetPlan], list[Problem]]:
    """The file's bytes, its recognised sheets and the sheets not recognised — once the actor may import
    something (before the file is read) and every kind the file holds (before any row is parsed)."""
    if not may_import_some_kind(actor):
        raise Refused([Problem(name, None, "", "", nothing_allowed_reason())])
    try:
        data = file_bytes(file, limits)
        raw_sheets = read_sheets(data, name, limits)
    except ReadError as error:
        raise Refused([Problem(error.sheet or name, error.row, "", "", str(error))]) from None
    plans, problems = recognise_sheets(raw_sheets, kind=kind)
    if refused := permission_problems(actor, [(plan.sheet.name, plan.kind) for plan in plans]):
        raise Refused(refused)
    return data, plans, problems


def _audit(*, actor: Any, name: str, data: bytes, counts: dict[str, KindCounts]) -> None:
    """One entry for the whole import (one state change), with the file's digest and what it wrote."""
    audit_record(
        chain=REGISTRY_CHAIN,
        actor=actor,
        action="registry_import",
        object_type="file",
        object_id=name,
        at=timezone.now(),
        after={
            "sha256": hashlib.sha256(data).hexdigest(),
            "counts": {kind: [t.created, t.updated, t.unchanged] for kind, t in counts.items() if t.total},
        },
    )


def _records_by_kind(sheets: list[ParsedSheet]) -> dict[str, list[Record]]:
    records: dict[str, list[Record]] = defaultdict(list)
    for sheet in sheets:
        records[sheet.spec.kind] += sheet.records
    return records


def _in_sheet_order(problems: list[Problem], sheets: list[ParsedSheet]) -> list[Problem]:
    order = {sheet.name: position for position, sheet in enumerate(sheets)}
    return sorted(problems, key=lambda problem: (order.get(problem.sheet, -1), problem.row or 0))


def import_report_store(*, result: ImportResult) -> str:
    """Save the error report of a failed import; returns the token that `import_report_path` opens."""
    token = uuid.uuid4().hex
    report = problems_workbook(result.problems, truncated=result.truncated)
    default_storage.save(f"{REPORT_DIR}/{token}.xlsx", ContentFile(report))
    return token


def import_report_path(*, token: str) -> Path | None:
    """The stored report for `token`, or None (tokens are 32 hex digits; anything else is refused)."""
    if len(token) != 32 or any(ch not in "0123456789abcdef" for ch in token):
        return None
    name = f"{REPORT_DIR}/{token}.xlsx"
    return Path(default_storage.path(name)) if default_storage.exists(name) else None


__all__ = ["KINDS", "ImportResult", "KindCounts", "import_report_path", "import_report_store", "registry_import"]
